// Effective-dated RAG rules (catalogue `rag_from`): loading and validation,
// the rule in force on a date, and scorecards and monthly series judged by
// the rule in force on their period's end. The shipped catalogue schedules
// no change, so these use a test catalogue.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/calendar.h"
#include "engine/catalogue.h"
#include "engine/date.h"
#include "engine/measure.h"
#include "engine/recompute.h"
#include "engine/scorecard.h"

namespace scorecard {
namespace {

Day Iso(const std::string& text) {
  const auto d = ParseIsoDate(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(0);
}

// Line 12 is `rag:`, line 13 `rag_from:`, line 14 its first entry.
constexpr char kCatalogue[] = R"(catalogue: {name: test, version: "1"}
sections:
  - {id: s, name: S}
indicators:
  - id: neglect_share
    name: Open CP plans under neglect
    section: s
    kind: ratio
    numerator:
      {measure: open_records, params: {kind: cp_plan, start_field: start_date, end_field: end_date, filter: [initial_category=NEG]}}
    denominator: {measure: open_records, params: {kind: cp_plan, start_field: start_date, end_field: end_date}}
    rag: {direction: band, band: [12, 18], amber_margin: 1}
    rag_from:
      - {from: 2026-04-01, band: [10, 16], amber_margin: 1}
      - {from: 2027-04-01, direction: higher_is_better, target: 50}
)";

class RagScheduleTest : public ::testing::Test {
 protected:
  void SetUp() override { RegisterBuiltinMeasures(registry_); }

  absl::StatusOr<std::shared_ptr<const Catalogue>> Load(const std::string& text) {
    return Catalogue::Parse(text, "test.yaml", registry_);
  }

  // kCatalogue with the first rag_from entry's text replaced.
  absl::Status LoadWithEntry(const std::string& entry) {
    std::string text = kCatalogue;
    const std::string first = "{from: 2026-04-01, band: [10, 16], amber_margin: 1}";
    text.replace(text.find(first), first.size(), entry);
    return Load(text).status();
  }

  MeasureRegistry registry_;
};

TEST_F(RagScheduleTest, RulesLoadInDateOrderWithTheirDates) {
  auto cat = Load(kCatalogue);
  ASSERT_TRUE(cat.ok()) << cat.status();
  const IndicatorDef& ind = (*cat)->indicators().at(0);
  ASSERT_EQ(ind.rag_rules.size(), 3u);
  EXPECT_EQ(ind.rag_rules[0].from, kFromTheBeginning);
  EXPECT_EQ(ind.rag_rules[0].target.effective_from(), "");
  EXPECT_EQ(ind.rag_rules[0].target.effective_until(), "2026-04-01");
  EXPECT_EQ(ind.rag_rules[1].from, Iso("2026-04-01"));
  EXPECT_EQ(ind.rag_rules[1].target.effective_from(), "2026-04-01");
  EXPECT_EQ(ind.rag_rules[1].target.effective_until(), "2027-04-01");
  // A rule that leaves out direction keeps the preceding rule's.
  EXPECT_EQ(ind.rag_rules[1].target.direction(), v1::DIRECTION_BAND);
  EXPECT_EQ(ind.rag_rules[1].target.band_low(), 10);
  EXPECT_EQ(ind.rag_rules[2].target.direction(), v1::DIRECTION_HIGHER_IS_BETTER);
  EXPECT_EQ(ind.rag_rules[2].target.target(), 50);
  EXPECT_EQ(ind.rag_rules[2].target.effective_until(), "");
  // `target` is the rule from the beginning.
  EXPECT_EQ(ind.target.band_low(), 12);
  EXPECT_EQ(ind.target.effective_until(), "2026-04-01");
}

TEST_F(RagScheduleTest, RuleInForceChangesOnItsFirstDay) {
  auto cat = Load(kCatalogue);
  ASSERT_TRUE(cat.ok()) << cat.status();
  const IndicatorDef& ind = (*cat)->indicators().at(0);
  EXPECT_EQ(ind.TargetOn(Iso("1900-01-01")).band_low(), 12);
  EXPECT_EQ(ind.TargetOn(Iso("2026-03-31")).band_low(), 12);
  EXPECT_EQ(ind.TargetOn(Iso("2026-04-01")).band_low(), 10);
  EXPECT_EQ(ind.TargetOn(Iso("2027-03-31")).band_low(), 10);
  EXPECT_EQ(ind.TargetOn(Iso("2027-04-01")).direction(), v1::DIRECTION_HIGHER_IS_BETTER);
  EXPECT_EQ(ind.TargetOn(Iso("2199-12-31")).target(), 50);
}

TEST_F(RagScheduleTest, WithoutAScheduleOneRuleAppliesAlways) {
  std::string text = kCatalogue;
  text.erase(text.find("    rag_from:"));
  auto cat = Load(text);
  ASSERT_TRUE(cat.ok()) << cat.status();
  const IndicatorDef& ind = (*cat)->indicators().at(0);
  ASSERT_EQ(ind.rag_rules.size(), 1u);
  EXPECT_EQ(ind.TargetOn(Iso("2030-01-01")).band_low(), 12);
  EXPECT_EQ(ind.target.effective_until(), "");
}

// Each error names the file, the line and the field.
TEST_F(RagScheduleTest, BadSchedulesNameFileLineAndField) {
  struct Case {
    std::string entry;
    std::string where;  // expected message prefix
  };
  const std::vector<Case> cases = {
      // Not a date; a date that does not exist.
      {"{from: April 2026, band: [10, 16]}",
       "test.yaml:14: indicators[0] (neglect_share).rag_from[0].from:"},
      {"{from: 2026-02-30, band: [10, 16]}",
       "test.yaml:14: indicators[0] (neglect_share).rag_from[0].from:"},
      // Missing from.
      {"{band: [10, 16]}", "test.yaml:14: indicators[0] (neglect_share).rag_from[0].from:"},
      // The same date as the next entry; after it.
      {"{from: 2027-04-01, band: [10, 16]}",
       "test.yaml:15: indicators[0] (neglect_share).rag_from[1].from: duplicate date"},
      {"{from: 2028-01-01, band: [10, 16]}",
       "test.yaml:15: indicators[0] (neglect_share).rag_from[1].from: dates must be ascending"},
      // Not a valid rule: a band with one edge, low above high, a target on
      // a band, an unknown field, a bad direction.
      {"{from: 2026-04-01, band: [10]}",
       "test.yaml:14: indicators[0] (neglect_share).rag_from[0].band:"},
      {"{from: 2026-04-01, band: [16, 10]}",
       "test.yaml:14: indicators[0] (neglect_share).rag_from[0].band: low is above high"},
      {"{from: 2026-04-01, band: [10, 16], target: 12}",
       "test.yaml:14: indicators[0] (neglect_share).rag_from[0].target:"},
      {"{from: 2026-04-01, band: [10, 16], amber: 1}",
       "test.yaml:14: indicators[0] (neglect_share).rag_from[0].amber: unknown field"},
      {"{from: 2026-04-01, direction: sideways}",
       "test.yaml:14: indicators[0] (neglect_share).rag_from[0].direction:"},
      {"{from: 2026-04-01, band: [10, 16], amber_margin: -1}",
       "test.yaml:14: indicators[0] (neglect_share).rag_from[0].amber_margin: must be >= 0"},
  };
  for (const Case& c : cases) {
    const absl::Status s = LoadWithEntry(c.entry);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.entry;
    EXPECT_EQ(s.message().rfind(c.where, 0), 0u) << c.entry << " -> " << s;
  }
  // `from` belongs to schedule entries only.
  std::string text = kCatalogue;
  text.replace(text.find("rag: {direction: band,"), 22, "rag: {from: 2020-01-01, direction: band,");
  const absl::Status s = Load(text).status();
  EXPECT_EQ(s.message().rfind("test.yaml:12: indicators[0] (neglect_share).rag.from: unknown", 0),
            0u)
      << s;
  // rag_from must be a non-empty list.
  text = kCatalogue;
  text.replace(text.find("    rag_from:"), std::string::npos, "    rag_from: {from: 2026-04-01}\n");
  const absl::Status t = Load(text).status();
  EXPECT_EQ(t.message().rfind("test.yaml:13: indicators[0] (neglect_share).rag_from:", 0), 0u) << t;
}

// ------------------------------------------------------------------ evaluation

class RagScheduleScenarioTest : public RagScheduleTest {
 protected:
  void SetUp() override {
    RagScheduleTest::SetUp();
    auto cat = Load(kCatalogue);
    ASSERT_TRUE(cat.ok()) << cat.status();
    catalogue_ = *cat;
    // Nine CP plans open from 2026-01-05, one of them under neglect, none
    // ending: the share is 1/9 = 11.11% on every day from 5 January 2026.
    for (int i = 0; i < 9; ++i) {
      v1::CaseEvent e;
      e.set_event_id("ev-" + std::to_string(i));
      e.set_la_code("201");
      e.set_child_id("C" + std::to_string(i));
      e.set_team_id("T1");
      e.set_record_id("CP" + std::to_string(i));
      e.set_record_version(1);
      e.set_op(v1::OP_UPSERT);
      e.mutable_cp_plan()->set_start_date("2026-01-05");
      e.mutable_cp_plan()->set_initial_category(i == 0 ? "NEG" : "PHY");
      events_.push_back(e);
    }
    cells_ = Recompute(*catalogue_, MeasureContext{nullptr}, events_);
  }

  v1::IndicatorValue At(const v1::Period& period) {
    MemoryAggregateReader reader(cells_.aggregates, cells_.seen_kinds);
    auto card = BuildScorecard(*catalogue_, reader, "201", "", period, Iso("2026-11-22"));
    EXPECT_TRUE(card.ok()) << card.status();
    return card.ok() ? card->indicators(0) : v1::IndicatorValue();
  }
  static v1::Period AsOf(const std::string& date) {
    v1::Period p;
    p.set_kind(v1::PERIOD_KIND_AS_OF);
    p.set_date(date);
    return p;
  }
  static v1::Period Month(v1::PeriodKind kind, const std::string& month) {
    v1::Period p;
    p.set_kind(kind);
    p.set_month(month);
    return p;
  }

  std::shared_ptr<const Catalogue> catalogue_;
  std::vector<v1::CaseEvent> events_;
  Recomputed cells_;
};

// 11.11% under band [12, 18] (in force to 31 March 2026) is below the band:
// RED. Under band [10, 16] with margin 1 (from 1 April 2026) amber is
// [10, 11] and [15, 16], so 11.11% is GREEN. The value is the same on both
// days; only the rule changes.
TEST_F(RagScheduleScenarioTest, RagFlipsBetween31MarchAnd1April) {
  const v1::IndicatorValue march = At(AsOf("2026-03-31"));
  ASSERT_EQ(march.status(), v1::VALUE_STATUS_OK);
  EXPECT_NEAR(march.value(), 100.0 / 9, 1e-9);
  EXPECT_EQ(march.rag(), v1::RAG_RED);
  EXPECT_EQ(march.target().band_low(), 12);
  EXPECT_EQ(march.target().effective_until(), "2026-04-01");

  const v1::IndicatorValue april = At(AsOf("2026-04-01"));
  EXPECT_NEAR(april.value(), 100.0 / 9, 1e-9);
  EXPECT_EQ(april.rag(), v1::RAG_GREEN);
  EXPECT_EQ(april.target().band_low(), 10);
  EXPECT_EQ(april.target().effective_from(), "2026-04-01");
}

// Month, year-to-date and rolling periods are judged on their end date: the
// March 2026 month ends on 31 March (old rule), the year to April 2026 on
// 30 April (new rule), and a rolling 12 months to March 2027 on 31 March
// 2027 (still the 2026 rule: 2027-04-01 is the next change).
TEST_F(RagScheduleScenarioTest, PeriodsUseTheRuleInForceOnTheirEnd) {
  EXPECT_EQ(At(Month(v1::PERIOD_KIND_MONTH, "2026-03")).rag(), v1::RAG_RED);
  EXPECT_EQ(At(Month(v1::PERIOD_KIND_YTD, "2026-04")).rag(), v1::RAG_GREEN);
  const v1::IndicatorValue rolling = At(Month(v1::PERIOD_KIND_ROLLING12, "2027-03"));
  EXPECT_EQ(rolling.rag(), v1::RAG_GREEN);
  EXPECT_EQ(rolling.target().effective_from(), "2026-04-01");
  // From 1 April 2027 higher is better with target 50: 11.11% is RED.
  const v1::IndicatorValue later = At(AsOf("2027-04-01"));
  EXPECT_EQ(later.rag(), v1::RAG_RED);
  EXPECT_EQ(later.target().direction(), v1::DIRECTION_HIGHER_IS_BETTER);
}

// Each series point carries the rule in force on its month's last day.
TEST_F(RagScheduleScenarioTest, SeriesPointsCarryTheRuleOfTheirMonth) {
  MemoryAggregateReader reader(cells_.aggregates, cells_.seen_kinds);
  const int feb = MonthIndex(Iso("2026-02-01"));
  auto points = BuildMonthlySeries(*catalogue_, reader, "201", "", catalogue_->indicators().at(0),
                                   feb, feb + 3);
  ASSERT_TRUE(points.ok()) << points.status();
  ASSERT_EQ(points->size(), 4u);  // February .. May 2026
  const v1::Rag expected[] = {v1::RAG_RED, v1::RAG_RED, v1::RAG_GREEN, v1::RAG_GREEN};
  const double low[] = {12, 12, 10, 10};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR((*points)[i].value(), 100.0 / 9, 1e-9) << i;
    EXPECT_EQ((*points)[i].rag(), expected[i]) << i;
    EXPECT_EQ((*points)[i].target().band_low(), low[i]) << i;
  }
}

}  // namespace
}  // namespace scorecard
