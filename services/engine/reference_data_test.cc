// Reference data: loading the shipped extracts, the published-figure check
// (the rate arithmetic reproduces DfE's published rates from DfE's own counts
// and populations), comparators for a named council, population-year
// alignment on scorecards and catalogue errors. Everything here reads the
// extracts shipped in data/reference/; only the provenance check reads the
// DfE source files in ../shared and skips without them.

#include "engine/reference_data.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/str_split.h"
#include "engine/catalogue.h"
#include "engine/date.h"
#include "engine/record.h"
#include "engine/scorecard.h"

namespace scorecard {
namespace {

const std::string kReference = SCORECARD_SOURCE_DIR "/data/reference";
const std::string kShared = SCORECARD_SOURCE_DIR "/../shared/data/dfe-published";

std::shared_ptr<const ReferenceData> Shipped() {
  static const auto* data = [] {
    auto loaded =
        ReferenceData::LoadFiles(kReference + "/population.csv", kReference + "/comparators.csv",
                                 kReference + "/statistical_neighbours.csv");
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status();
      return new std::shared_ptr<const ReferenceData>(std::make_shared<ReferenceData>());
    }
    return new std::shared_ptr<const ReferenceData>(*loaded);
  }();
  return *data;
}

// The data rows of a shipped CSV extract, split on commas (no quoting).
std::vector<std::vector<std::string>> ExtractRows(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    rows.push_back(absl::StrSplit(line, ','));
  }
  return rows;
}

double RoundTo(double v, double step) { return std::round(v / step) * step; }

TEST(ReferenceDataTest, ShippedExtractsLoad) {
  auto data = Shipped();
  EXPECT_TRUE(data->Population("202", 2021).has_value());
  EXPECT_TRUE(data->Population(kEnglandPopulationCode, 2024).has_value());
  for (const std::string& m : KnownComparatorMeasures()) {
    EXPECT_TRUE(data->HasMeasure(m)) << m;
  }
  EXPECT_EQ(data->Neighbours("202").size(), 10u);
}

TEST(ReferenceDataTest, ReportingYearIsTheFinancialYearNamedByItsEnd) {
  EXPECT_EQ(ReportingYear(DayFromCivil(2021, 4, 1)), 2022);
  EXPECT_EQ(ReportingYear(DayFromCivil(2022, 3, 31)), 2022);
  EXPECT_EQ(ReportingYear(DayFromCivil(2022, 4, 1)), 2023);
}

// INDICATORS.md's check: 404,310 children in need at 31 March 2022 over
// 11,762,878 children aged 0-17 at mid-2021 is the published 343.7 per
// 10,000. Count and population both come from the shipped extracts.
TEST(ReferenceDataTest, EnglandChildrenInNeedRateMatchesPublished) {
  double count = -1;
  for (const auto& row : ExtractRows(kReference + "/published_rates.csv")) {
    if (row[0] == "cin_at31" && row[1] == "2022" && row[2] == kEnglandPopulationCode) {
      count = std::stod(row[3]);
    }
  }
  ASSERT_EQ(count, 404310);
  EXPECT_EQ(Shipped()->Population(kEnglandPopulationCode, 2021), 11762878);
  auto rate = Shipped()->RatePer10k(count, kEnglandPopulationCode, DayFromCivil(2022, 3, 31));
  ASSERT_TRUE(rate.has_value());
  EXPECT_DOUBLE_EQ(RoundTo(*rate, 0.1), 343.7);  // 343.7169... published to 1 dp
}

// Every "children looked after on 31 March" row of
// cla_number_and_rate_per_10k_children.csv (England and each council, every
// year): the file's population_estimate is our population at mid-year N-1,
// and children_count over it x 10,000 rounds to the published
// rate_per_10000, which DfE publishes as a whole number.
TEST(ReferenceDataTest, ChildrenLookedAfterRatesMatchEveryPublishedRow) {
  int checked = 0;
  for (const auto& row : ExtractRows(kReference + "/published_rates.csv")) {
    if (row[0] != "cla_at31") continue;
    const int year = std::stoi(row[1]);
    const std::string& la = row[2];
    EXPECT_EQ(Shipped()->Population(la, year - 1), std::stoll(row[4])) << la << " " << year;
    auto rate = Shipped()->RatePer10k(std::stod(row[3]), la, DayFromCivil(year, 3, 31));
    ASSERT_TRUE(rate.has_value()) << la << " " << year;
    EXPECT_DOUBLE_EQ(std::round(*rate), std::stod(row[5])) << la << " " << year << " " << *rate;
    ++checked;
  }
  EXPECT_GT(checked, 700);
}

// Two council rows named: 31 March 2022, population mid-2021.
//   202 Camden:     191 / 36,574 x 10,000 = 52.22, published 52
//   330 Birmingham: 2,104 / 286,496 x 10,000 = 73.44, published 73
TEST(ReferenceDataTest, NamedCouncilClaRates) {
  const Day march2022 = DayFromCivil(2022, 3, 31);
  auto camden = Shipped()->RatePer10k(191, "202", march2022);
  auto birmingham = Shipped()->RatePer10k(2104, "330", march2022);
  ASSERT_TRUE(camden && birmingham);
  EXPECT_NEAR(*camden, 52.22, 0.005);
  EXPECT_NEAR(*birmingham, 73.44, 0.005);
  EXPECT_EQ(std::round(*camden), 52);
  EXPECT_EQ(std::round(*birmingham), 73);
}

// Camden (202), re-referrals within 12 months, c1 2025. Published rows:
// England 22.6, Camden 18.3; neighbours 213 18.6, 205 15.3, 207 21, 206 16.8,
// 212 17.9, 352 18.4, 203 13.1, 870 22.9, 309 18.7, 302 14.8: sum 177.5 over
// 10 neighbours = 17.75.
TEST(ReferenceDataTest, CamdenRereferralComparatorEqualsPublishedRows) {
  auto c = Shipped()->ComparatorFor("rereferral_percent", "202");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->year(), 2025);
  EXPECT_NE(c->release().find("c1"), std::string::npos) << c->release();
  EXPECT_TRUE(c->has_england());
  EXPECT_DOUBLE_EQ(c->england(), 22.6);
  EXPECT_TRUE(c->has_council());
  EXPECT_DOUBLE_EQ(c->council(), 18.3);
  EXPECT_TRUE(c->has_neighbours());
  EXPECT_EQ(c->neighbours_count(), 10);
  EXPECT_NEAR(c->neighbours_average(), 17.75, 1e-9);
}

// The rate comparator divides each area's published count by its own
// population at mid-(year - 1); for children looked after that reproduces
// the published rates: Camden 205 / 35,276 = 58.1 (published 58), England
// 81,770 / 12,183,016 = 67.1 (published 67), and each neighbour within
// rounding of its published rate.
TEST(ReferenceDataTest, RateComparatorReproducesPublishedClaRates) {
  auto rates = Shipped()->RateComparatorFor("cla_at31_count", "202");
  auto published = Shipped()->ComparatorFor("cla_at31_rate_per_10k", "202");
  ASSERT_TRUE(rates && published);
  EXPECT_EQ(std::round(rates->council()), published->council());
  EXPECT_EQ(std::round(rates->england()), published->england());
  EXPECT_EQ(rates->neighbours_count(), published->neighbours_count());
  // Each neighbour is within 0.5 of its rounded published rate, so the means are too.
  EXPECT_NEAR(rates->neighbours_average(), published->neighbours_average(), 0.5);
}

TEST(ReferenceDataTest, UnknownMeasureOrCouncil) {
  EXPECT_FALSE(Shipped()->ComparatorFor("no_such_measure", "202").has_value());
  auto c = Shipped()->ComparatorFor("rereferral_percent", "999");
  ASSERT_TRUE(c.has_value());  // England is still known
  EXPECT_TRUE(c->has_england());
  EXPECT_FALSE(c->has_council());
  EXPECT_FALSE(c->has_neighbours());
  EXPECT_FALSE(Shipped()->RatePer10k(10, "999", DayFromCivil(2022, 3, 31)).has_value());
  EXPECT_FALSE(Shipped()->RatePer10k(10, "202", DayFromCivil(1990, 3, 31)).has_value());
}

TEST(ReferenceDataTest, MalformedFilesNameFileAndLine) {
  const std::string pop = "# comment\nla_code,mid_year,population\n201,2021,7x\n";
  const std::string cmp = "measure,release,year,la_code,value\n";
  const std::string nb = "la_code,neighbours\n";
  auto bad = ReferenceData::Parse(pop, "pop.csv", cmp, "cmp.csv", nb, "nb.csv");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message().rfind("pop.csv:3:", 0), 0u) << bad.status();

  const std::string good_pop = "la_code,mid_year,population\n";
  auto bad_header =
      ReferenceData::Parse(good_pop, "pop.csv", "measure,year\n", "cmp.csv", nb, "nb.csv");
  EXPECT_EQ(bad_header.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad_header.status().message().rfind("cmp.csv:1:", 0), 0u) << bad_header.status();

  auto missing = ReferenceData::LoadFiles("/nonexistent/population.csv", "x", "y");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

// ---------------------------------------------------------------- scorecards

// Returns the same sum for every request and reports every kind as seen.
class ConstantReader : public AggregateReader {
 public:
  explicit ConstantReader(int64_t value) : value_(value) {}
  absl::StatusOr<std::vector<int64_t>> Sum(const std::vector<SumRequest>& requests) override {
    return std::vector<int64_t>(requests.size(), value_);
  }
  absl::StatusOr<std::set<std::string>> SeenKinds(const std::string&) override {
    std::set<std::string> all;
    for (int k = v1::CaseEvent::kContact; k < v1::CaseEvent::kContact + 40; ++k) {
      all.insert(PayloadKindName(static_cast<v1::CaseEvent::PayloadCase>(k)));
    }
    return all;
  }

 private:
  int64_t value_;
};

constexpr char kCatalogue[] = R"(catalogue: {name: test, version: "1"}
sections:
  - {id: s, name: S}
indicators:
  - id: referrals
    name: Referrals
    section: s
    kind: flow
    value: {measure: dated_records, params: {kind: referral, date_field: date}}
    rate_per_10k: true
    comparator: {measure: referral_count}
)";

class ReferenceScorecardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterBuiltinMeasures(registry_);
    auto cat = Catalogue::Parse(kCatalogue, "test.yaml", registry_);
    ASSERT_TRUE(cat.ok()) << cat.status();
    catalogue_ = *cat;
    // Council 999: 10,000 children at mid-2021 and 20,000 at mid-2022.
    auto data = ReferenceData::Parse(
        "la_code,mid_year,population\n999,2021,10000\n999,2022,20000\n", "pop.csv",
        "measure,release,year,la_code,value\n"
        "referral_count,Test release 2025,2025,england,1000\n"
        "referral_count,Test release 2025,2025,999,40\n"
        "referral_count,Test release 2025,2025,998,60\n",
        "cmp.csv", "la_code,neighbours\n999,998 997\n", "nb.csv");
    ASSERT_TRUE(data.ok()) << data.status();
    reference_ = *data;
  }

  v1::IndicatorValue Referrals(const std::string& la, const std::string& team,
                               const std::string& month) {
    ConstantReader reader(100);
    v1::Period period;
    period.set_kind(v1::PERIOD_KIND_MONTH);
    period.set_month(month);
    auto card = BuildScorecard(*catalogue_, reader, la, team, period, 0, reference_.get());
    EXPECT_TRUE(card.ok()) << card.status();
    return card.ok() ? card->indicators(0) : v1::IndicatorValue();
  }

  MeasureRegistry registry_;
  std::shared_ptr<const Catalogue> catalogue_;
  std::shared_ptr<const ReferenceData> reference_;
};

// March 2022 is reporting year 2022: mid-2021 (10,000) -> 100 per 10,000;
// April 2022 is reporting year 2023: mid-2022 (20,000) -> 50 per 10,000.
TEST_F(ReferenceScorecardTest, PopulationYearFollowsTheReportingYear) {
  v1::IndicatorValue march = Referrals("999", "", "2022-03");
  ASSERT_TRUE(march.has_rate_per_10k());
  EXPECT_DOUBLE_EQ(march.rate_per_10k(), 100);
  v1::IndicatorValue april = Referrals("999", "", "2022-04");
  ASSERT_TRUE(april.has_rate_per_10k());
  EXPECT_DOUBLE_EQ(april.rate_per_10k(), 50);
}

TEST_F(ReferenceScorecardTest, TeamRateDividesByTheCouncilPopulation) {
  v1::IndicatorValue team = Referrals("999", "T1", "2022-03");
  ASSERT_TRUE(team.has_rate_per_10k());
  EXPECT_DOUBLE_EQ(team.rate_per_10k(), 100);
}

TEST_F(ReferenceScorecardTest, UnknownPopulationHasNoRate) {
  v1::IndicatorValue before = Referrals("999", "", "2020-03");  // mid-2019 unknown
  EXPECT_FALSE(before.has_rate_per_10k());
  EXPECT_EQ(before.rate_per_10k(), 0);
  EXPECT_FALSE(Referrals("555", "", "2022-03").has_rate_per_10k());
}

// Neighbours of 999 are 998 (60) and 997 (unpublished): the average is over
// the one neighbour with a value.
TEST_F(ReferenceScorecardTest, ComparatorCarriesPublishedValues) {
  v1::IndicatorValue v = Referrals("999", "", "2022-03");
  ASSERT_TRUE(v.has_comparator());
  EXPECT_EQ(v.comparator().release(), "Test release 2025");
  EXPECT_EQ(v.comparator().year(), 2025);
  EXPECT_DOUBLE_EQ(v.comparator().england(), 1000);
  EXPECT_DOUBLE_EQ(v.comparator().council(), 40);
  EXPECT_DOUBLE_EQ(v.comparator().neighbours_average(), 60);
  EXPECT_EQ(v.comparator().neighbours_count(), 1);
  // Rates per 10,000 need mid-2024 populations, which this data lacks.
  ASSERT_TRUE(v.has_rate_comparator());
  EXPECT_FALSE(v.rate_comparator().has_council());
}

// Series points get the same figures as the MONTH scorecard of their month:
// February and March 2022 divide by mid-2021 (100 per 10,000), April 2022 by
// mid-2022 (50); every point carries the comparator.
TEST_F(ReferenceScorecardTest, SeriesPointsCarryTheRateOfTheirReportingYearAndComparators) {
  ConstantReader reader(100);
  const int feb = MonthIndex(DayFromCivil(2022, 2, 1));
  auto points = BuildMonthlySeries(*catalogue_, reader, "999", "", catalogue_->indicators().at(0),
                                   feb, feb + 2, reference_.get());
  ASSERT_TRUE(points.ok()) << points.status();
  ASSERT_EQ(points->size(), 3u);
  const double expected[] = {100, 100, 50};
  const char* months[] = {"2022-02", "2022-03", "2022-04"};
  for (size_t i = 0; i < 3; ++i) {
    ASSERT_TRUE((*points)[i].has_rate_per_10k()) << i;
    EXPECT_DOUBLE_EQ((*points)[i].rate_per_10k(), expected[i]) << i;
    EXPECT_EQ((*points)[i].comparator().council(), 40) << i;
    EXPECT_EQ((*points)[i].SerializeAsString(), Referrals("999", "", months[i]).SerializeAsString())
        << months[i];
  }
}

// Without the population year the rate is unset and the note names the
// mid-year needed: March 2020 is reporting year 2020, mid-2019.
TEST_F(ReferenceScorecardTest, MissingPopulationYearLeavesARateNote) {
  ConstantReader reader(100);
  const int march = MonthIndex(DayFromCivil(2020, 3, 1));
  auto points = BuildMonthlySeries(*catalogue_, reader, "999", "", catalogue_->indicators().at(0),
                                   march, march, reference_.get());
  ASSERT_TRUE(points.ok()) << points.status();
  EXPECT_FALSE((*points)[0].has_rate_per_10k());
  EXPECT_NE((*points)[0].rate_note().find("mid-2019"), std::string::npos)
      << (*points)[0].rate_note();
  // Without reference data at all, the note says so.
  auto bare = BuildMonthlySeries(*catalogue_, reader, "999", "", catalogue_->indicators().at(0),
                                 march, march);
  ASSERT_TRUE(bare.ok());
  EXPECT_FALSE((*bare)[0].has_rate_per_10k());
  EXPECT_FALSE((*bare)[0].has_comparator());
  EXPECT_NE((*bare)[0].rate_note().find("no population estimates"), std::string::npos);
  // A known year has no note.
  EXPECT_TRUE(Referrals("999", "", "2022-03").rate_note().empty());
}

TEST_F(ReferenceScorecardTest, WithoutReferenceDataNothingIsAdded) {
  ConstantReader reader(100);
  v1::Period period;
  period.set_kind(v1::PERIOD_KIND_MONTH);
  period.set_month("2022-03");
  auto card = BuildScorecard(*catalogue_, reader, "999", "", period, 0);
  ASSERT_TRUE(card.ok()) << card.status();
  EXPECT_FALSE(card->indicators(0).has_rate_per_10k());
  EXPECT_FALSE(card->indicators(0).has_comparator());
}

// The comparator key sits on line 11 of kCatalogue.
TEST_F(ReferenceScorecardTest, UnknownComparatorMeasureNamesTheLine) {
  std::string text = kCatalogue;
  text.replace(text.find("referral_count"), std::string("referral_count").size(), "no_such");
  auto cat = Catalogue::Parse(text, "test.yaml", registry_);
  EXPECT_EQ(cat.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(cat.status().message().rfind("test.yaml:11:", 0), 0u) << cat.status();
}

TEST(ReferenceDataTest, ShippedCatalogueComparatorsAreInTheShippedExtract) {
  MeasureRegistry registry;
  RegisterBuiltinMeasures(registry);
  auto cat = Catalogue::LoadFile(SCORECARD_SOURCE_DIR "/data/catalogue.yaml", registry);
  ASSERT_TRUE(cat.ok()) << cat.status();
  int mapped = 0;
  for (const IndicatorDef& ind : (*cat)->indicators()) {
    if (ind.comparator_measure.empty()) continue;
    EXPECT_TRUE(Shipped()->HasMeasure(ind.comparator_measure)) << ind.id;
    ++mapped;
  }
  EXPECT_GE(mapped, 4);
}

// Provenance: the shipped extract agrees with the DfE source file it was
// made from (skips where ../shared is absent, as in a user's clone).
TEST(ReferenceDataTest, ExtractAgreesWithSharedSource) {
  const std::string b1 = kShared + "/b1_children_in_need_2013_to_2025.csv";
  if (!std::filesystem::exists(b1)) {
    if (std::getenv("CI") != nullptr) FAIL() << "shared data missing: " << b1;
    GTEST_SKIP() << "shared data not present: " << b1;
  }
  std::ifstream in(b1);
  std::string line;
  bool found = false;
  while (std::getline(in, line)) {
    if (line.rfind("2022,Reporting year,National,", 0) == 0) {
      std::vector<std::string> cells = absl::StrSplit(line, ',');
      ASSERT_GT(cells.size(), 17u);
      EXPECT_EQ(cells[17], "404310");  // At31_episodes
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace scorecard
