#ifndef SCORECARD_ENGINE_REFERENCE_DATA_H_
#define SCORECARD_ENGINE_REFERENCE_DATA_H_

// Published reference data the scorecard sets its own figures against: ONS
// child populations (for rates per 10,000) and DfE published values for
// England, each council and its statistical neighbours (comparators). Loaded
// from the extracts in data/reference/ (made by
// scripts/extract_reference_data.py; see data/reference/README.md). Councils
// are 3-digit old LA codes. A loaded ReferenceData is immutable and safe to
// share between threads.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/date.h"
#include "scorecard/v1/scorecard_service.pb.h"

namespace scorecard {

// England's code in population.csv and in comparators.csv.
inline constexpr char kEnglandPopulationCode[] = "E92000001";
inline constexpr char kEnglandComparatorCode[] = "england";

// The measure names comparators.csv provides (the MEASURES list of
// scripts/extract_reference_data.py); a catalogue `comparator:` must name one.
const std::vector<std::string>& KnownComparatorMeasures();

// The reporting year of a date: the financial year containing it, named by
// the year it ends in (2021-04-01 .. 2022-03-31 is reporting year 2022).
int ReportingYear(Day d);

class ReferenceData {
 public:
  // Empty: no populations, no comparators (every lookup misses).
  ReferenceData() = default;

  // Reads the three extracts. NOT_FOUND names a file that cannot be opened;
  // INVALID_ARGUMENT names the file and 1-based line of a malformed row.
  static absl::StatusOr<std::shared_ptr<const ReferenceData>> LoadFiles(
      const std::string& population_path, const std::string& comparators_path,
      const std::string& neighbours_path);

  // As LoadFiles, from the files' text; the names are used in errors.
  static absl::StatusOr<std::shared_ptr<const ReferenceData>> Parse(
      const std::string& population_text, const std::string& population_name,
      const std::string& comparators_text, const std::string& comparators_name,
      const std::string& neighbours_text, const std::string& neighbours_name);

  // Children aged 0-17 in the council (or kEnglandPopulationCode) at mid-year.
  std::optional<int64_t> Population(const std::string& la, int mid_year) const;

  // count / population aged 0-17 x 10,000, dividing by mid-year N-1 for the
  // reporting year N containing `period_end` (DfE's alignment). nullopt when
  // the population is unknown or 0: a rate is never made up.
  std::optional<double> RatePer10k(double count, const std::string& la, Day period_end) const;

  // The published values of `measure` in its latest published year: England,
  // the mean over the council's statistical neighbours that have a published
  // value, and the council's own; each has_ flag says whether it is known.
  // nullopt when the measure is not in the comparators file.
  std::optional<v1::Comparator> ComparatorFor(const std::string& measure,
                                              const std::string& la) const;

  // As ComparatorFor, but every published count divided by the same area's
  // population at mid-year (year - 1) x 10,000, for comparing a count
  // indicator's rate per 10,000. Areas without a population are skipped.
  std::optional<v1::Comparator> RateComparatorFor(const std::string& measure,
                                                  const std::string& la) const;

  bool HasMeasure(const std::string& measure) const { return measures_.count(measure) > 0; }

  // The council's statistical neighbours, closest first (empty if unknown).
  const std::vector<std::string>& Neighbours(const std::string& la) const;

 private:
  struct Measure {
    std::string release;
    int year = 0;
    std::map<std::string, double> values;  // la_code or kEnglandComparatorCode
  };

  // `per_10k`: divide each value by its area's population (mid year - 1).
  std::optional<v1::Comparator> Build(const std::string& measure, const std::string& la,
                                      bool per_10k) const;

  std::map<std::pair<std::string, int>, int64_t> population_;
  std::map<std::string, Measure> measures_;
  std::map<std::string, std::vector<std::string>> neighbours_;
};

}  // namespace scorecard

#endif  // SCORECARD_ENGINE_REFERENCE_DATA_H_
