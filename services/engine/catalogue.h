#ifndef SCORECARD_ENGINE_CATALOGUE_H_
#define SCORECARD_ENGINE_CATALOGUE_H_

// The indicator catalogue: a YAML file users edit without rebuilding (see
// data/catalogue.yaml and docs/catalogue.md). Loading checks it against its
// schema; every error names the file, the line and the field. A loaded
// catalogue is immutable and safe to share between threads.

#include <climits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/contribution.h"
#include "engine/date.h"
#include "engine/measure.h"
#include "scorecard/v1/scorecard_service.pb.h"

namespace scorecard {

struct SeriesDef {
  uint32_t index = 0;
  std::string key;  // canonical "measure(p1=v1,p2=v2)": names the Redis aggregates
  const MeasureSpec* measure = nullptr;
  MeasureParams params;
  SeriesKind kind = SeriesKind::kFlow;
  std::vector<v1::CaseEvent::PayloadCase> inputs;
};

// kExternal: a value pushed by another service (ExternalValue events), read
// from the external_values series of the indicator (external_measures.h).
// kBreakdown: a total (value_series, a flow or a snapshot) split into
// categories, each its own series of the same kind.
enum class IndicatorKind { kFlow, kSnapshot, kRatio, kExternal, kBreakdown };

// A RAG rule and the first day it applies. `target.effective_from` and
// `effective_until` carry the same dates as text for the API.
struct RagRule {
  Day from = 0;  // kFromTheBeginning for the `rag:` rule
  v1::Target target;
};

// The first rule of every indicator applies from before any accepted date.
inline constexpr Day kFromTheBeginning = INT32_MIN;

struct BreakdownCategoryDef {
  std::string id;
  std::string name;
  int series = -1;
};

struct IndicatorDef {
  std::string id;
  std::string name;
  std::string section;  // section display name
  std::string definition;
  std::string unit;  // "count" or "percent"
  IndicatorKind kind = IndicatorKind::kFlow;
  int value_series = -1;  // flow/snapshot
  int numerator = -1;     // ratio
  int denominator = -1;   // ratio
  // external: value_series, numerator and denominator hold the value,
  // numerator and denominator parts; these the period's first and last day.
  int period_start_series = -1;
  int period_end_series = -1;
  std::string source;  // external: the supplier the catalogue declares
  bool rate_per_10k = false;
  // A measure of data/reference/comparators.csv (empty: no comparator).
  std::string comparator_measure;
  // The `rag:` rule, in force from the beginning (effective_until set when a
  // later rule is scheduled).
  v1::Target target;
  // Every rule in date order: `target` first, then the `rag_from` entries.
  std::vector<RagRule> rag_rules;
  std::map<std::string, std::string> parameters;  // for display/docs
  std::vector<BreakdownCategoryDef> categories;   // kBreakdown

  // The rule in force on `day`: the last rule whose first day is on or
  // before it.
  const v1::Target& TargetOn(Day day) const;
  // The series an evaluation reads, in the order scorecards request them:
  // value, numerator, denominator, external period start and end, then the
  // breakdown categories (absent ones skipped).
  std::vector<int> SeriesRead() const;
};

// The API's name for an indicator kind.
v1::MeasureKind ToProtoKind(IndicatorKind kind);

// A consistency rule counted on every scorecard (top-level `data_quality:`).
struct DataQualityDef {
  std::string id;
  std::string description;
  int series = -1;  // a snapshot series whose prefix sum is the current count
};

struct SectionDef {
  std::string id;
  std::string name;
};

class Catalogue {
 public:
  static absl::StatusOr<std::shared_ptr<const Catalogue>> LoadFile(const std::string& path,
                                                                   const MeasureRegistry& registry);
  static absl::StatusOr<std::shared_ptr<const Catalogue>> Parse(const std::string& text,
                                                                const std::string& source_name,
                                                                const MeasureRegistry& registry);

  // "<name>@<version>+<content hash>": changes whenever the file changes.
  const std::string& version() const { return version_; }
  const std::vector<SeriesDef>& series() const { return series_; }
  const std::vector<IndicatorDef>& indicators() const { return indicators_; }
  const std::vector<SectionDef>& sections() const { return sections_; }
  const std::vector<DataQualityDef>& data_quality() const { return data_quality_; }
  const IndicatorDef* FindIndicator(const std::string& id) const;

  // The payload kinds an indicator reads (union over its series).
  std::vector<v1::CaseEvent::PayloadCase> InputsOf(const IndicatorDef& ind) const;

  // The contribution of one subject's live records to every series.
  // Thread-safe.
  Contribution ContributionOf(const std::vector<const v1::CaseEvent*>& records,
                              const MeasureContext& ctx) const;

  // As above, restricted to series that read at least one of `kinds`; the
  // other series' items are omitted. Used to diff only what an event can
  // change.
  Contribution ContributionOf(const std::vector<const v1::CaseEvent*>& records,
                              const MeasureContext& ctx, uint64_t kind_mask) const;

  // Bit (payload field number - 20) set for each kind.
  static uint64_t KindBit(v1::CaseEvent::PayloadCase kind);

 private:
  Catalogue() = default;

  std::string version_;
  std::vector<SeriesDef> series_;
  std::vector<uint64_t> series_kind_masks_;
  std::vector<IndicatorDef> indicators_;
  std::vector<SectionDef> sections_;
  std::vector<DataQualityDef> data_quality_;
};

}  // namespace scorecard

#endif  // SCORECARD_ENGINE_CATALOGUE_H_
