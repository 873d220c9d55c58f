#ifndef SCORECARD_ENGINE_SCORECARD_H_
#define SCORECARD_ENGINE_SCORECARD_H_

// Evaluating indicators for a period from aggregate sums: period windows,
// not-available rules, ratios and RAG. Reads go through AggregateReader so the
// same code serves Redis (query service) and memory (batch mode, tests); all
// sums for a scorecard are requested in one call (one Redis round trip).

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/aggregate.h"
#include "engine/catalogue.h"
#include "engine/reference_data.h"
#include "scorecard/v1/scorecard_service.pb.h"

namespace scorecard {

struct PeriodWindow {
  Day flow_from = 0;  // first day of the flow window
  Day flow_to = 0;    // last day of the flow window
  Day snapshot = 0;   // the date snapshots are taken on
};

// MONTH: the calendar month; YTD: 1 April to the month's end; ROLLING12: the
// 12 months ending with the month; AS_OF(D): snapshot on D, flows month to
// date. An empty AS_OF date means `today`. INVALID_ARGUMENT names the field.
absl::StatusOr<PeriodWindow> ResolvePeriod(const v1::Period& period, Day today);

struct SumRequest {
  std::string la;
  uint32_t series = 0;
  std::string team;  // kAllTeams for council-wide
  std::vector<std::string> fields;
};

class AggregateReader {
 public:
  virtual ~AggregateReader() = default;
  // The sum of the listed fields of each (la, series, team) hash.
  virtual absl::StatusOr<std::vector<int64_t>> Sum(const std::vector<SumRequest>& requests) = 0;
  // Payload kinds ever received for the council.
  virtual absl::StatusOr<std::set<std::string>> SeenKinds(const std::string& la) = 0;
};

// RAG for a value under a target (see INDICATORS.md "RAG" and "RAG edges").
v1::Rag RagFor(const v1::Target& target, double value);

// Every catalogue indicator for the council (team empty = council-wide).
// With `reference`, indicators with rate_per_10k get a rate (count over the
// council's population at mid-year N-1 for the reporting year N containing
// the period end; a team divides by its council's population) and rate
// comparators, and indicators with a comparator get the published values;
// without it (or when the population or measure is unknown) they have none.
absl::StatusOr<v1::Scorecard> BuildScorecard(const Catalogue& catalogue, AggregateReader& reader,
                                             const std::string& la, const std::string& team,
                                             const v1::Period& period, Day today,
                                             const ReferenceData* reference = nullptr);

// RAG: each value is judged by the rule in force on its period's end (the
// snapshot date; IndicatorDef::TargetOn), which its `target` carries.
// A rate per 10,000 that cannot be made (no reference data, or no population
// for the year) is left unset and `rate_note` says why.
//
// One indicator over consecutive months (MONTH periods), for series charts:
// each point exactly as the MONTH scorecard for that month shows the
// indicator (the same evaluation code), i.e. with the rule in force on the
// month's last day, the rate for the reporting year containing it and, with
// `reference`, the published comparators (the latest published year the
// reference data holds). One read of the aggregates for all months.
absl::StatusOr<std::vector<v1::IndicatorValue>> BuildMonthlySeries(
    const Catalogue& catalogue, AggregateReader& reader, const std::string& la,
    const std::string& team, const IndicatorDef& indicator, int first_month_index,
    int last_month_index, const ReferenceData* reference = nullptr);

// AggregateReader over in-memory cells (batch mode and tests).
class MemoryAggregateReader : public AggregateReader {
 public:
  MemoryAggregateReader(const AggregateCells& cells,
                        std::set<std::pair<std::string, std::string>> seen_kinds);
  absl::StatusOr<std::vector<int64_t>> Sum(const std::vector<SumRequest>& requests) override;
  absl::StatusOr<std::set<std::string>> SeenKinds(const std::string& la) override;

 private:
  std::map<AggregateCells::HashKey, std::map<std::string, int64_t>> hashes_;
  std::set<std::pair<std::string, std::string>> seen_;
};

}  // namespace scorecard

#endif  // SCORECARD_ENGINE_SCORECARD_H_
