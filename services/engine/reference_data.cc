#include "engine/reference_data.h"

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace scorecard {
namespace {

// One data row of an extract: its 1-based line number and its cells.
struct Row {
  int line = 0;
  std::vector<std::string> cells;
};

// The extracts are plain CSV without quoting: '#' lines are comments, the
// first other line is the header, which must be exactly `header`.
absl::StatusOr<std::vector<Row>> ReadRows(const std::string& text, const std::string& name,
                                          const std::vector<std::string>& header) {
  std::vector<Row> rows;
  bool seen_header = false;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripSuffix(line, "\r");
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> cells = absl::StrSplit(line, ',');
    if (!seen_header) {
      if (cells != header) {
        return absl::InvalidArgumentError(absl::StrCat(name, ":", line_no, ": expected header '",
                                                       absl::StrJoin(header, ","), "'"));
      }
      seen_header = true;
      continue;
    }
    if (cells.size() != header.size()) {
      return absl::InvalidArgumentError(absl::StrCat(name, ":", line_no, ": expected ",
                                                     header.size(), " fields, got ", cells.size()));
    }
    rows.push_back(Row{line_no, std::move(cells)});
  }
  if (!seen_header) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ":", line_no, ": no header '", absl::StrJoin(header, ","), "'"));
  }
  return rows;
}

absl::Status BadField(const std::string& name, int line, const std::string& field,
                      const std::string& value) {
  return absl::InvalidArgumentError(
      absl::StrCat(name, ":", line, ": ", field, ": not a number: '", value, "'"));
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(path + ": cannot open reference data file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The code an area has in population.csv.
std::string PopulationCode(const std::string& comparator_code) {
  return comparator_code == kEnglandComparatorCode ? std::string(kEnglandPopulationCode)
                                                   : comparator_code;
}

}  // namespace

const std::vector<std::string>& KnownComparatorMeasures() {
  static const std::vector<std::string> kMeasures = {
      "referral_count",
      "rereferral_percent",
      "no_further_action_percent",
      "At31_episodes",
      "CPP_At31",
      "2_years_or_more_percent",
      "CPP_subsequent_percent",
      "cla_at31_count",
      "cla_at31_rate_per_10k",
      "cla_long_term_stability_percent",
      "cla_3plus_placements_percent",
      "agency_rate_fte",
      "caseload_fte",
  };
  return kMeasures;
}

int ReportingYear(Day d) { return FinancialYear(d) + 1; }

absl::StatusOr<std::shared_ptr<const ReferenceData>> ReferenceData::LoadFiles(
    const std::string& population_path, const std::string& comparators_path,
    const std::string& neighbours_path) {
  auto population = ReadFile(population_path);
  if (!population.ok()) return population.status();
  auto comparators = ReadFile(comparators_path);
  if (!comparators.ok()) return comparators.status();
  auto neighbours = ReadFile(neighbours_path);
  if (!neighbours.ok()) return neighbours.status();
  return Parse(*population, population_path, *comparators, comparators_path, *neighbours,
               neighbours_path);
}

absl::StatusOr<std::shared_ptr<const ReferenceData>> ReferenceData::Parse(
    const std::string& population_text, const std::string& population_name,
    const std::string& comparators_text, const std::string& comparators_name,
    const std::string& neighbours_text, const std::string& neighbours_name) {
  auto data = std::make_shared<ReferenceData>();

  auto pop_rows = ReadRows(population_text, population_name, {"la_code", "mid_year", "population"});
  if (!pop_rows.ok()) return pop_rows.status();
  for (const Row& r : *pop_rows) {
    int year = 0;
    int64_t count = 0;
    if (!absl::SimpleAtoi(r.cells[1], &year)) {
      return BadField(population_name, r.line, "mid_year", r.cells[1]);
    }
    if (!absl::SimpleAtoi(r.cells[2], &count) || count < 0) {
      return BadField(population_name, r.line, "population", r.cells[2]);
    }
    if (!data->population_.emplace(std::make_pair(r.cells[0], year), count).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          population_name, ":", r.line, ": duplicate row for ", r.cells[0], " ", year));
    }
  }

  auto cmp_rows = ReadRows(comparators_text, comparators_name,
                           {"measure", "release", "year", "la_code", "value"});
  if (!cmp_rows.ok()) return cmp_rows.status();
  for (const Row& r : *cmp_rows) {
    int year = 0;
    double value = 0;
    if (!absl::SimpleAtoi(r.cells[2], &year)) {
      return BadField(comparators_name, r.line, "year", r.cells[2]);
    }
    if (!absl::SimpleAtod(r.cells[4], &value)) {
      return BadField(comparators_name, r.line, "value", r.cells[4]);
    }
    Measure& m = data->measures_[r.cells[0]];
    if (m.values.empty()) {
      m.release = r.cells[1];
      m.year = year;
    } else if (m.year != year || m.release != r.cells[1]) {
      // One release and year per measure: a comparator never mixes years.
      return absl::InvalidArgumentError(absl::StrCat(comparators_name, ":", r.line, ": ",
                                                     r.cells[0], ": release or year differs from ",
                                                     m.release, " ", m.year));
    }
    if (!m.values.emplace(r.cells[3], value).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          comparators_name, ":", r.line, ": duplicate row for ", r.cells[0], " ", r.cells[3]));
    }
  }

  auto nb_rows = ReadRows(neighbours_text, neighbours_name, {"la_code", "neighbours"});
  if (!nb_rows.ok()) return nb_rows.status();
  for (const Row& r : *nb_rows) {
    std::vector<std::string> codes = absl::StrSplit(r.cells[1], ' ', absl::SkipEmpty());
    if (!data->neighbours_.emplace(r.cells[0], std::move(codes)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(neighbours_name, ":", r.line, ": duplicate row for ", r.cells[0]));
    }
  }
  return std::shared_ptr<const ReferenceData>(std::move(data));
}

std::optional<int64_t> ReferenceData::Population(const std::string& la, int mid_year) const {
  auto it = population_.find({la, mid_year});
  if (it == population_.end()) return std::nullopt;
  return it->second;
}

std::optional<double> ReferenceData::RatePer10k(double count, const std::string& la,
                                                Day period_end) const {
  auto population = Population(la, ReportingYear(period_end) - 1);
  if (!population || *population == 0) return std::nullopt;
  return count / static_cast<double>(*population) * 10000.0;
}

const std::vector<std::string>& ReferenceData::Neighbours(const std::string& la) const {
  static const std::vector<std::string> kNone;
  auto it = neighbours_.find(la);
  return it == neighbours_.end() ? kNone : it->second;
}

std::optional<v1::Comparator> ReferenceData::ComparatorFor(const std::string& measure,
                                                           const std::string& la) const {
  return Build(measure, la, false);
}

std::optional<v1::Comparator> ReferenceData::RateComparatorFor(const std::string& measure,
                                                               const std::string& la) const {
  return Build(measure, la, true);
}

std::optional<v1::Comparator> ReferenceData::Build(const std::string& measure,
                                                   const std::string& la, bool per_10k) const {
  auto it = measures_.find(measure);
  if (it == measures_.end()) return std::nullopt;
  const Measure& m = it->second;
  // The published value for an area, as a rate when asked; nullopt when not
  // published (suppressed) or, for a rate, the population is unknown.
  auto value_of = [&](const std::string& code) -> std::optional<double> {
    auto v = m.values.find(code);
    if (v == m.values.end()) return std::nullopt;
    if (!per_10k) return v->second;
    auto population = Population(PopulationCode(code), m.year - 1);
    if (!population || *population == 0) return std::nullopt;
    return v->second / static_cast<double>(*population) * 10000.0;
  };
  v1::Comparator c;
  c.set_release(per_10k ? absl::StrCat(m.release, ", per 10,000 children aged 0-17 (ONS mid-",
                                       m.year - 1, ")")
                        : m.release);
  c.set_year(m.year);
  if (auto england = value_of(kEnglandComparatorCode)) {
    c.set_has_england(true);
    c.set_england(*england);
  }
  if (auto own = value_of(la)) {
    c.set_has_council(true);
    c.set_council(*own);
  }
  double sum = 0;
  int count = 0;
  for (const std::string& n : Neighbours(la)) {
    if (auto v = value_of(n)) {
      sum += *v;
      ++count;
    }
  }
  if (count > 0) {
    c.set_has_neighbours(true);
    c.set_neighbours_average(sum / count);
    c.set_neighbours_count(count);
  }
  return c;
}

}  // namespace scorecard
