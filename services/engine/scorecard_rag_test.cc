// RAG rules, period windows, and a small hand-built scenario evaluated end to
// end (Recompute -> MemoryAggregateReader -> BuildScorecard) with the shipped
// catalogue and calendar.

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

// ------------------------------------------------------------------ RAG

v1::Target Directed(v1::Direction direction, double target, double margin) {
  v1::Target t;
  t.set_direction(direction);
  t.set_has_target(true);
  t.set_target(target);
  t.set_amber_margin(margin);
  return t;
}

v1::Target Band(double lo, double hi, double margin) {
  v1::Target t;
  t.set_direction(v1::DIRECTION_BAND);
  t.set_has_target(true);
  t.set_band_low(lo);
  t.set_band_high(hi);
  t.set_amber_margin(margin);
  return t;
}

TEST(RagTest, HigherIsBetter) {
  // Target 85, margin 5: green >= 85, amber >= 80, else red.
  const v1::Target t = Directed(v1::DIRECTION_HIGHER_IS_BETTER, 85, 5);
  EXPECT_EQ(RagFor(t, 100), v1::RAG_GREEN);
  EXPECT_EQ(RagFor(t, 85), v1::RAG_GREEN);
  EXPECT_EQ(RagFor(t, 84.99), v1::RAG_AMBER);
  EXPECT_EQ(RagFor(t, 80), v1::RAG_AMBER);  // target - margin is inclusive
  EXPECT_EQ(RagFor(t, 79.99), v1::RAG_RED);
  EXPECT_EQ(RagFor(t, 0), v1::RAG_RED);
}

TEST(RagTest, LowerIsBetter) {
  // Mirror image: target 22, margin 5: green <= 22, amber <= 27, else red.
  const v1::Target t = Directed(v1::DIRECTION_LOWER_IS_BETTER, 22, 5);
  EXPECT_EQ(RagFor(t, 0), v1::RAG_GREEN);
  EXPECT_EQ(RagFor(t, 22), v1::RAG_GREEN);
  EXPECT_EQ(RagFor(t, 22.01), v1::RAG_AMBER);
  EXPECT_EQ(RagFor(t, 27), v1::RAG_AMBER);
  EXPECT_EQ(RagFor(t, 27.01), v1::RAG_RED);
}

TEST(RagTest, NoStatedMarginMeansZero) {
  // lower_is_better target 22 without a margin: anything above 22 is red.
  const v1::Target t = Directed(v1::DIRECTION_LOWER_IS_BETTER, 22, 0);
  EXPECT_EQ(RagFor(t, 22), v1::RAG_GREEN);
  EXPECT_EQ(RagFor(t, 22.01), v1::RAG_RED);
  // higher_is_better target 100 without a margin.
  const v1::Target h = Directed(v1::DIRECTION_HIGHER_IS_BETTER, 100, 0);
  EXPECT_EQ(RagFor(h, 100), v1::RAG_GREEN);
  EXPECT_EQ(RagFor(h, 99.99), v1::RAG_RED);
}

TEST(RagTest, BandEdges) {
  // Band [12, 18], margin 1. Edges are inside the band; "within the margin"
  // is inclusive, so [12, 13] and [17, 18] are amber, (13, 17) green.
  const v1::Target t = Band(12, 18, 1);
  EXPECT_EQ(RagFor(t, 11.99), v1::RAG_RED);
  EXPECT_EQ(RagFor(t, 12), v1::RAG_AMBER);
  EXPECT_EQ(RagFor(t, 12.5), v1::RAG_AMBER);
  EXPECT_EQ(RagFor(t, 13), v1::RAG_AMBER);
  EXPECT_EQ(RagFor(t, 13.01), v1::RAG_GREEN);
  EXPECT_EQ(RagFor(t, 15), v1::RAG_GREEN);
  EXPECT_EQ(RagFor(t, 16.99), v1::RAG_GREEN);
  EXPECT_EQ(RagFor(t, 17), v1::RAG_AMBER);
  EXPECT_EQ(RagFor(t, 18), v1::RAG_AMBER);
  EXPECT_EQ(RagFor(t, 18.01), v1::RAG_RED);
  EXPECT_EQ(RagFor(t, 30), v1::RAG_RED);
}

TEST(RagTest, ContextHasNoRag) {
  v1::Target t;
  t.set_direction(v1::DIRECTION_CONTEXT);
  EXPECT_EQ(RagFor(t, 0), v1::RAG_NONE);
  EXPECT_EQ(RagFor(t, 50), v1::RAG_NONE);
}

TEST(RagTest, DirectionWithoutTargetHasNoRag) {
  // An indicator with a direction but no target has no RAG (INDICATORS.md),
  // even though a target of 0 would make 50 red or green.
  v1::Target higher;
  higher.set_direction(v1::DIRECTION_HIGHER_IS_BETTER);
  EXPECT_EQ(RagFor(higher, 50), v1::RAG_NONE);
  EXPECT_EQ(RagFor(higher, 0), v1::RAG_NONE);
  v1::Target lower;
  lower.set_direction(v1::DIRECTION_LOWER_IS_BETTER);
  EXPECT_EQ(RagFor(lower, 50), v1::RAG_NONE);
}

// ------------------------------------------------------------------ periods

v1::Period MonthPeriod(v1::PeriodKind kind, const std::string& month) {
  v1::Period p;
  p.set_kind(kind);
  p.set_month(month);
  return p;
}

v1::Period AsOf(const std::string& date) {
  v1::Period p;
  p.set_kind(v1::PERIOD_KIND_AS_OF);
  p.set_date(date);
  return p;
}

struct Window {
  std::string from, to, snapshot;
};

Window Resolve(const v1::Period& p, Day today = 0) {
  const auto w = ResolvePeriod(p, today);
  EXPECT_TRUE(w.ok()) << w.status();
  if (!w.ok()) return {};
  return {FormatIsoDate(w->flow_from), FormatIsoDate(w->flow_to), FormatIsoDate(w->snapshot)};
}

TEST(ResolvePeriodTest, Month) {
  // February 2024 has 29 days; the snapshot is the month's last day.
  const Window w = Resolve(MonthPeriod(v1::PERIOD_KIND_MONTH, "2024-02"));
  EXPECT_EQ(w.from, "2024-02-01");
  EXPECT_EQ(w.to, "2024-02-29");
  EXPECT_EQ(w.snapshot, "2024-02-29");
}

TEST(ResolvePeriodTest, YearToDate) {
  // February is in the financial year that started 1 April 2023.
  const Window feb = Resolve(MonthPeriod(v1::PERIOD_KIND_YTD, "2024-02"));
  EXPECT_EQ(feb.from, "2023-04-01");
  EXPECT_EQ(feb.to, "2024-02-29");
  EXPECT_EQ(feb.snapshot, "2024-02-29");
  // March is the year's last month.
  const Window mar = Resolve(MonthPeriod(v1::PERIOD_KIND_YTD, "2024-03"));
  EXPECT_EQ(mar.from, "2023-04-01");
  EXPECT_EQ(mar.to, "2024-03-31");
  // April starts a new year: the window is April alone.
  const Window apr = Resolve(MonthPeriod(v1::PERIOD_KIND_YTD, "2024-04"));
  EXPECT_EQ(apr.from, "2024-04-01");
  EXPECT_EQ(apr.to, "2024-04-30");
  EXPECT_EQ(apr.snapshot, "2024-04-30");
}

TEST(ResolvePeriodTest, Rolling12) {
  // 12 months ending March 2024: 1st of month M-11 = April 2023.
  const Window w = Resolve(MonthPeriod(v1::PERIOD_KIND_ROLLING12, "2024-03"));
  EXPECT_EQ(w.from, "2023-04-01");
  EXPECT_EQ(w.to, "2024-03-31");
  EXPECT_EQ(w.snapshot, "2024-03-31");
  // Ending February 2024: March 2023 .. February 2024.
  const Window f = Resolve(MonthPeriod(v1::PERIOD_KIND_ROLLING12, "2024-02"));
  EXPECT_EQ(f.from, "2023-03-01");
  EXPECT_EQ(f.to, "2024-02-29");
}

TEST(ResolvePeriodTest, AsOfDate) {
  // Snapshot on the date; flows month to date.
  const Window w = Resolve(AsOf("2024-03-15"));
  EXPECT_EQ(w.from, "2024-03-01");
  EXPECT_EQ(w.to, "2024-03-15");
  EXPECT_EQ(w.snapshot, "2024-03-15");
}

TEST(ResolvePeriodTest, AsOfEmptyUsesToday) {
  const Window w = Resolve(AsOf(""), Iso("2024-02-10"));
  EXPECT_EQ(w.from, "2024-02-01");
  EXPECT_EQ(w.to, "2024-02-10");
  EXPECT_EQ(w.snapshot, "2024-02-10");
}

TEST(ResolvePeriodTest, BadInputsAreInvalidArgument) {
  for (const char* month : {"", "2024-13", "2024-00", "2024-2", "2024/02", "2024-02-01", "Feb"}) {
    for (v1::PeriodKind kind :
         {v1::PERIOD_KIND_MONTH, v1::PERIOD_KIND_YTD, v1::PERIOD_KIND_ROLLING12}) {
      const auto w = ResolvePeriod(MonthPeriod(kind, month), 0);
      ASSERT_FALSE(w.ok()) << "'" << month << "'";
      EXPECT_EQ(w.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
  for (const char* date : {"2024-02-30", "15/03/2024", "2024-03"}) {
    const auto w = ResolvePeriod(AsOf(date), 0);
    ASSERT_FALSE(w.ok()) << "'" << date << "'";
    EXPECT_EQ(w.status().code(), absl::StatusCode::kInvalidArgument);
  }
  // A valid month with no kind.
  const auto w = ResolvePeriod(MonthPeriod(v1::PERIOD_KIND_UNSPECIFIED, "2024-02"), 0);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), absl::StatusCode::kInvalidArgument);
}

// ------------------------------------------------------------------ scenario

class ScenarioTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto cal = WorkingDayCalendar::LoadFile(SCORECARD_SOURCE_DIR
                                            "/data/calendar/england-and-wales-bank-holidays.csv");
    ASSERT_TRUE(cal.ok()) << cal.status();
    calendar_ = new WorkingDayCalendar(*std::move(cal));
    registry_ = new MeasureRegistry();
    RegisterBuiltinMeasures(*registry_);
    auto cat = Catalogue::LoadFile(SCORECARD_SOURCE_DIR "/data/catalogue.yaml", *registry_);
    ASSERT_TRUE(cat.ok()) << cat.status();
    catalogue_ = new std::shared_ptr<const Catalogue>(*std::move(cat));
  }
  static void TearDownTestSuite() {
    delete catalogue_;
    delete registry_;
    delete calendar_;
  }

  void SetUp() override {
    ASSERT_NE(catalogue_, nullptr) << "the shipped calendar or catalogue did not load";
  }

  v1::CaseEvent Event(const std::string& child, const std::string& record_id) {
    v1::CaseEvent e;
    e.set_event_id("ev-" + std::to_string(1000 + next_event_++));
    e.set_la_code("201");
    e.set_child_id(child);
    e.set_record_id(record_id);
    e.set_record_version(1);
    e.set_op(v1::OP_UPSERT);
    return e;
  }
  void Referral(const std::string& child, const std::string& id, const std::string& date) {
    v1::CaseEvent e = Event(child, id);
    e.mutable_referral()->set_date(date);
    events_.push_back(e);
  }
  void Assessment(const std::string& child, const std::string& id, const std::string& referral,
                  const std::string& start, const std::string& authorised) {
    v1::CaseEvent e = Event(child, id);
    e.mutable_assessment()->set_referral_id(referral);
    e.mutable_assessment()->set_start_date(start);
    e.mutable_assessment()->set_authorised_date(authorised);
    events_.push_back(e);
  }
  void CpPlan(const std::string& child, const std::string& id, const std::string& start,
              const std::string& end) {
    v1::CaseEvent e = Event(child, id);
    e.mutable_cp_plan()->set_start_date(start);
    e.mutable_cp_plan()->set_end_date(end);
    events_.push_back(e);
  }
  void ClaEpisode(const std::string& child, const std::string& id, const std::string& decom,
                  const std::string& ls) {
    v1::CaseEvent e = Event(child, id);
    e.mutable_cla_episode()->set_decom(decom);
    e.mutable_cla_episode()->set_ls(ls);
    events_.push_back(e);
  }

  // The scenario (child ids are letters):
  //  A: referrals 2023-01-10, 2023-11-20, 2024-02-01; CP plan
  //     2024-01-15 .. 2024-03-31.
  //  B: referral 2024-02-05; referral 2024-02-20 upserted then deleted at
  //     version 2 (a tombstone: counts nowhere).
  //  C: referrals 2023-03-10 and 2024-03-10 (exactly 12 months: counts).
  //  D: referrals 2023-03-10 and 2024-03-11 (12 months and a day: does not).
  //  E: referral Mon 2024-01-08, assessment started 2024-01-15 and
  //     authorised Mon 2024-03-11 (45 working days after the referral).
  //  F: the same but authorised Tue 2024-03-12 (46 working days).
  //  H: CLA episode from 2024-01-01 with LS V3 (short breaks: excluded).
  //  I: CLA episode from 2024-01-01 with LS C2.
  //  No contacts at all.
  void BuildScenario() {
    Referral("A", "R-A1", "2023-01-10");
    Referral("A", "R-A2", "2023-11-20");
    Referral("A", "R-A3", "2024-02-01");
    CpPlan("A", "CP-A1", "2024-01-15", "2024-03-31");
    Referral("B", "R-B1", "2024-02-05");
    Referral("B", "R-B2", "2024-02-20");
    v1::CaseEvent del = Event("B", "R-B2");
    del.set_record_version(2);
    del.set_op(v1::OP_DELETE);
    del.mutable_referral();
    events_.push_back(del);
    Referral("C", "R-C1", "2023-03-10");
    Referral("C", "R-C2", "2024-03-10");
    Referral("D", "R-D1", "2023-03-10");
    Referral("D", "R-D2", "2024-03-11");
    Referral("E", "R-E1", "2024-01-08");
    Assessment("E", "AS-E1", "R-E1", "2024-01-15", "2024-03-11");
    Referral("F", "R-F1", "2024-01-08");
    Assessment("F", "AS-F1", "R-F1", "2024-01-15", "2024-03-12");
    ClaEpisode("H", "CLA-H1", "2024-01-01", "V3");
    ClaEpisode("I", "CLA-I1", "2024-01-01", "C2");
  }

  v1::Scorecard Card(const std::vector<v1::CaseEvent>& events, const v1::Period& period) {
    const MeasureContext ctx{calendar_};
    const Recomputed r = Recompute(**catalogue_, ctx, events);
    MemoryAggregateReader reader(r.aggregates, r.seen_kinds);
    auto card = BuildScorecard(**catalogue_, reader, "201", "", period, Iso("2024-06-30"));
    EXPECT_TRUE(card.ok()) << card.status();
    return card.ok() ? *card : v1::Scorecard();
  }
  v1::Scorecard Card(const v1::Period& period) { return Card(events_, period); }

  static v1::IndicatorValue Find(const v1::Scorecard& card, const std::string& id) {
    for (const auto& v : card.indicators()) {
      if (v.id() == id) return v;
    }
    ADD_FAILURE() << "no indicator " << id;
    return {};
  }

  static const WorkingDayCalendar* calendar_;
  static MeasureRegistry* registry_;
  static std::shared_ptr<const Catalogue>* catalogue_;
  std::vector<v1::CaseEvent> events_;
  int next_event_ = 0;
};

const WorkingDayCalendar* ScenarioTest::calendar_ = nullptr;
MeasureRegistry* ScenarioTest::registry_ = nullptr;
std::shared_ptr<const Catalogue>* ScenarioTest::catalogue_ = nullptr;

TEST_F(ScenarioTest, CardCarriesEveryIndicatorAndThePeriod) {
  BuildScenario();
  const v1::Scorecard card = Card(MonthPeriod(v1::PERIOD_KIND_MONTH, "2024-02"));
  EXPECT_EQ(card.la_code(), "201");
  EXPECT_EQ(card.period_start(), "2024-02-01");
  EXPECT_EQ(card.period_end(), "2024-02-29");
  EXPECT_EQ(card.indicators_size(), static_cast<int>((**catalogue_).indicators().size()));
}

TEST_F(ScenarioTest, ReferralsAndRereferralsInFebruary2024) {
  BuildScenario();
  const v1::Scorecard card = Card(MonthPeriod(v1::PERIOD_KIND_MONTH, "2024-02"));
  // February referrals: A's 2024-02-01 and B's 2024-02-05 (B's 2024-02-20 is
  // deleted).
  const auto referrals = Find(card, "referrals");
  EXPECT_EQ(referrals.status(), v1::VALUE_STATUS_OK);
  EXPECT_EQ(referrals.value(), 2);
  EXPECT_EQ(referrals.rag(), v1::RAG_NONE);  // context
  // Re-referrals: A's 2024-02-01 has 2023-11-20 in [2023-02-01, 2024-02-01);
  // B's 2024-02-05 has no other live referral. 1 of 2 = 50%, and 50 > 22
  // (lower_is_better, no margin) is red.
  const auto rr = Find(card, "rereferrals_12m");
  EXPECT_EQ(rr.status(), v1::VALUE_STATUS_OK);
  EXPECT_EQ(rr.numerator(), 1);
  EXPECT_EQ(rr.denominator(), 2);
  EXPECT_DOUBLE_EQ(rr.value(), 50.0);
  EXPECT_EQ(rr.rag(), v1::RAG_RED);
}

TEST_F(ScenarioTest, RereferralWindowIsTwelveCalendarMonthsInclusive) {
  BuildScenario();
  // November 2023: A's 2023-11-20 has 2023-01-10 in [2022-11-20, 2023-11-20).
  const auto nov = Find(Card(MonthPeriod(v1::PERIOD_KIND_MONTH, "2023-11")), "rereferrals_12m");
  EXPECT_EQ(nov.numerator(), 1);
  EXPECT_EQ(nov.denominator(), 1);
  // March 2024: C's 2024-03-10 has 2023-03-10 = date - 12 months (counts);
  // D's 2024-03-11 looks back to 2023-03-11, after D's 2023-03-10 (does not).
  const auto mar = Find(Card(MonthPeriod(v1::PERIOD_KIND_MONTH, "2024-03")), "rereferrals_12m");
  EXPECT_EQ(mar.numerator(), 1);
  EXPECT_EQ(mar.denominator(), 2);
  EXPECT_DOUBLE_EQ(mar.value(), 50.0);
}

TEST_F(ScenarioTest, YearToDateReferrals) {
  BuildScenario();
  // 2023-04-01 .. 2024-02-29: A 2023-11-20, A 2024-02-01, B 2024-02-05,
  // E 2024-01-08, F 2024-01-08 = 5 (A 2023-01-10 and the March ones are
  // outside; C and D's 2023-03-10 are before April).
  const auto ytd = Find(Card(MonthPeriod(v1::PERIOD_KIND_YTD, "2024-02")), "referrals");
  EXPECT_EQ(ytd.value(), 5);
  // Rolling 12 to March 2024 = 2023-04-01 .. 2024-03-31: the five above plus
  // C 2024-03-10 and D 2024-03-11 = 7.
  const auto r12 = Find(Card(MonthPeriod(v1::PERIOD_KIND_ROLLING12, "2024-03")), "referrals");
  EXPECT_EQ(r12.value(), 7);
}

TEST_F(ScenarioTest, AssessmentsWithin45WorkingDaysInMarch2024) {
  BuildScenario();
  const v1::Scorecard card = Card(MonthPeriod(v1::PERIOD_KIND_MONTH, "2024-03"));
  EXPECT_EQ(Find(card, "assessments_completed").value(), 2);
  // E: wd(2024-01-08, 2024-03-11) = 45 (within); F: 46 (not). Anchored on
  // the assessment start 2024-01-15 both would be within (40 and 41), so
  // this also shows the referral is the anchor. 1 of 2 = 50%, below 85 - 5:
  // red.
  const auto v = Find(card, "assessments_45wd");
  EXPECT_EQ(v.status(), v1::VALUE_STATUS_OK);
  EXPECT_EQ(v.numerator(), 1);
  EXPECT_EQ(v.denominator(), 2);
  EXPECT_DOUBLE_EQ(v.value(), 50.0);
  EXPECT_EQ(v.rag(), v1::RAG_RED);
}

TEST_F(ScenarioTest, AssessmentsOpenIsASnapshotClosedOnAuthorisation) {
  BuildScenario();
  // Both assessments are open from 2024-01-15 until authorised.
  EXPECT_EQ(Find(Card(MonthPeriod(v1::PERIOD_KIND_MONTH, "2024-02")), "assessments_open").value(),
            2);
  // On 2024-03-11 E is authorised (not open on its end day); F is still open.
  EXPECT_EQ(Find(Card(AsOf("2024-03-11")), "assessments_open").value(), 1);
  EXPECT_EQ(Find(Card(AsOf("2024-03-12")), "assessments_open").value(), 0);
  // The day before both started.
  EXPECT_EQ(Find(Card(AsOf("2024-01-14")), "assessments_open").value(), 0);
}

TEST_F(ScenarioTest, CpPlanOpenIntervalExcludesItsEndDay) {
  BuildScenario();
  // A's plan 2024-01-15 .. 2024-03-31 is open on 29 February...
  EXPECT_EQ(Find(Card(MonthPeriod(v1::PERIOD_KIND_MONTH, "2024-02")), "cp_plans_open").value(), 1);
  // ...on 30 March and on its first day...
  EXPECT_EQ(Find(Card(AsOf("2024-03-30")), "cp_plans_open").value(), 1);
  EXPECT_EQ(Find(Card(AsOf("2024-01-15")), "cp_plans_open").value(), 1);
  // ...but not the day before it started, nor on 31 March, its end day.
  EXPECT_EQ(Find(Card(AsOf("2024-01-14")), "cp_plans_open").value(), 0);
  EXPECT_EQ(Find(Card(AsOf("2024-03-31")), "cp_plans_open").value(), 0);
  EXPECT_EQ(Find(Card(MonthPeriod(v1::PERIOD_KIND_MONTH, "2024-03")), "cp_plans_open").value(), 0);
}

TEST_F(ScenarioTest, ShortBreaksAreNotLookedAfter) {
  BuildScenario();
  // H (LS V3) is excluded; I (LS C2) counts.
  const auto cla = Find(Card(MonthPeriod(v1::PERIOD_KIND_MONTH, "2024-02")), "cla_open");
  EXPECT_EQ(cla.status(), v1::VALUE_STATUS_OK);
  EXPECT_EQ(cla.value(), 1);
}

TEST_F(ScenarioTest, NeverReceivedKindIsNotAvailableWithAReason) {
  BuildScenario();
  const auto contacts = Find(Card(MonthPeriod(v1::PERIOD_KIND_MONTH, "2024-02")), "contacts");
  EXPECT_EQ(contacts.status(), v1::VALUE_STATUS_NOT_AVAILABLE);
  EXPECT_FALSE(contacts.reason().empty());
  EXPECT_EQ(contacts.rag(), v1::RAG_NONE);
}

TEST_F(ScenarioTest, ADeleteAloneMakesAKindAvailable) {
  // "Not available" means no event of the kind at all, upsert or delete.
  v1::CaseEvent del = Event("Z", "CT-1");
  del.set_op(v1::OP_DELETE);
  del.mutable_contact();
  const auto contacts =
      Find(Card({del}, MonthPeriod(v1::PERIOD_KIND_MONTH, "2024-02")), "contacts");
  EXPECT_EQ(contacts.status(), v1::VALUE_STATUS_OK);
  EXPECT_EQ(contacts.value(), 0);
}

TEST_F(ScenarioTest, ZeroDenominatorIsNotNotAvailable) {
  BuildScenario();
  // No referrals in June 2024: the ratio has no denominator and no RAG.
  const auto rr = Find(Card(MonthPeriod(v1::PERIOD_KIND_MONTH, "2024-06")), "rereferrals_12m");
  EXPECT_EQ(rr.status(), v1::VALUE_STATUS_NO_DENOMINATOR);
  EXPECT_EQ(rr.rag(), v1::RAG_NONE);
}

TEST_F(ScenarioTest, ArrivalOrderDoesNotMatter) {
  BuildScenario();
  const MeasureContext ctx{calendar_};
  const Recomputed forward = Recompute(**catalogue_, ctx, events_);
  std::vector<v1::CaseEvent> reversed(events_.rbegin(), events_.rend());
  reversed.push_back(events_.front());  // a duplicate delivery
  reversed.push_back(events_.back());
  const Recomputed backward = Recompute(**catalogue_, ctx, reversed);
  EXPECT_EQ(forward.directory, backward.directory);
  EXPECT_EQ(forward.aggregates.cells(), backward.aggregates.cells());
  EXPECT_FALSE(forward.aggregates.empty());
}

}  // namespace
}  // namespace scorecard
