// Visit measures on hand-built histories, with the shipped bank-holiday
// calendar; every expected value is worked out by hand in the comments
// (INDICATORS.md "Regulation 28 visits", cp_visits_timely, visits_seen_alone).

#include <gtest/gtest.h>

#include "engine/recompute.h"
#include "engine/scorecard.h"

namespace scorecard {
namespace {

constexpr char kCatalogue[] = R"yaml(
catalogue: {name: visit-test, version: "1"}
sections: [{id: practice, name: Practice}]
indicators:
  - id: looked_after
    name: Looked after
    section: practice
    kind: snapshot
    value: {measure: looked_after_children}
  - id: cla_visited
    name: Looked after, not overdue a regulation 28 visit
    section: practice
    kind: snapshot
    value: {measure: cla_visits_within}
  - id: cp_open
    name: Children on a CP plan
    section: practice
    kind: snapshot
    value:
      measure: open_children
      params: {kind: cp_plan, start_field: start_date, end_field: end_date}
  - id: cp_visited
    name: On a CP plan, seen within 10 working days
    section: practice
    kind: snapshot
    value: {measure: cp_visits_within}
  - id: visits
    name: Visits
    section: practice
    kind: flow
    value: {measure: dated_records, params: {kind: visit, date_field: date}}
  - id: seen_alone
    name: Visits, seen alone
    section: practice
    kind: flow
    value:
      measure: dated_records
      params: {kind: visit, date_field: date, filter: [seen_alone=true]}
)yaml";

v1::CaseEvent Base(const std::string& child, const std::string& record_id) {
  v1::CaseEvent e;
  e.set_event_id("ev-" + record_id);
  e.set_la_code("201");
  e.set_child_id(child);
  e.set_team_id("T1");
  e.set_record_id(record_id);
  e.set_record_version(1);
  e.set_op(v1::OP_UPSERT);
  return e;
}

v1::CaseEvent Episode(const std::string& child, const std::string& decom, const std::string& dec,
                      const std::string& rne, bool until_18 = false) {
  v1::CaseEvent e = Base(child, child + ":" + decom);
  auto* p = e.mutable_cla_episode();
  p->set_decom(decom);
  p->set_dec(dec);
  p->set_rec(dec.empty() ? "" : "X1");
  p->set_rne(rne);
  p->set_ls("C2");
  p->set_place("U1");
  p->set_intended_until_18(until_18);
  return e;
}

v1::CaseEvent Visit(const std::string& child, const std::string& date,
                    v1::VisitKind kind = v1::VISIT_KIND_CLA, bool seen = true,
                    bool seen_alone = false) {
  v1::CaseEvent e = Base(child, child + ":visit:" + date + ":" + std::to_string(kind));
  auto* p = e.mutable_visit();
  p->set_date(date);
  p->set_kind(kind);
  p->set_seen(seen);
  p->set_seen_alone(seen_alone);
  return e;
}

v1::CaseEvent CpPlan(const std::string& child, const std::string& start,
                     const std::string& end = "") {
  v1::CaseEvent e = Base(child, child + ":cp:" + start);
  e.mutable_cp_plan()->set_start_date(start);
  e.mutable_cp_plan()->set_end_date(end);
  return e;
}

class VisitMeasuresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterBuiltinMeasures(registry_);
    auto cat = Catalogue::Parse(kCatalogue, "visit-test.yaml", registry_);
    ASSERT_TRUE(cat.ok()) << cat.status();
    catalogue_ = *cat;
    auto cal = WorkingDayCalendar::LoadFile(std::string(SCORECARD_SOURCE_DIR) +
                                            "/data/calendar/england-and-wales-bank-holidays.csv");
    ASSERT_TRUE(cal.ok()) << cal.status();
    calendar_.emplace(*cal);
  }

  // Value of indicator `id` for the council on `date`.
  double On(const std::vector<v1::CaseEvent>& events, const std::string& id,
            const std::string& date, const std::string& team = "") {
    return Indicator(events, id, date, team).value();
  }

  // Indicator `id` for `team` (empty: council) on `date`.
  v1::IndicatorValue Indicator(const std::vector<v1::CaseEvent>& events, const std::string& id,
                               const std::string& date, const std::string& team = "") {
    const Recomputed r = Recompute(*catalogue_, MeasureContext{&*calendar_}, events);
    MemoryAggregateReader reader(r.aggregates, r.seen_kinds);
    v1::Period period;
    period.set_kind(v1::PERIOD_KIND_AS_OF);
    period.set_date(date);
    auto card = BuildScorecard(*catalogue_, reader, "201", team, period, 0);
    EXPECT_TRUE(card.ok()) << card.status();
    for (const auto& v : card->indicators()) {
      if (v.id() == id) return v;
    }
    ADD_FAILURE() << "no indicator " << id;
    return {};
  }

  MeasureRegistry registry_;
  std::shared_ptr<const Catalogue> catalogue_;
  std::optional<WorkingDayCalendar> calendar_;
};

TEST_F(VisitMeasuresTest, FirstVisitWithinSevenDaysOfThePlacement) {
  // V1 placed 2024-01-10 (S), the first visit due by 2024-01-17.
  // No visit event ever received for the council: not available, not 0.
  std::vector<v1::CaseEvent> ev = {Episode("V1", "2024-01-10", "", "S")};
  EXPECT_EQ(Indicator(ev, "cla_visited", "2024-01-18").status(), v1::VALUE_STATUS_NOT_AVAILABLE);
  // Once visits are captured (another child's, long ago), V1 without any
  // visit is in timescale through the 17th, overdue on the 18th.
  ev.push_back(Visit("Z9", "2020-01-01"));
  EXPECT_EQ(On(ev, "cla_visited", "2024-01-09"), 0);
  EXPECT_EQ(On(ev, "cla_visited", "2024-01-10"), 1);
  EXPECT_EQ(On(ev, "cla_visited", "2024-01-17"), 1);
  EXPECT_EQ(On(ev, "cla_visited", "2024-01-18"), 0);
  EXPECT_EQ(On(ev, "looked_after", "2024-01-18"), 1);
  // Visits that do not count: not seen (2024-01-15), a CP visit (2024-01-16).
  ev.push_back(Visit("V1", "2024-01-15", v1::VISIT_KIND_CLA, /*seen=*/false));
  ev.push_back(Visit("V1", "2024-01-16", v1::VISIT_KIND_CP));
  EXPECT_EQ(On(ev, "cla_visited", "2024-01-18"), 0);
  // A late first visit on day 10 (2024-01-20): overdue on the 18th and 19th,
  // in timescale again from the 20th.
  ev.push_back(Visit("V1", "2024-01-20"));
  EXPECT_EQ(On(ev, "cla_visited", "2024-01-19"), 0);
  EXPECT_EQ(On(ev, "cla_visited", "2024-01-20"), 1);
}

TEST_F(VisitMeasuresTest, FortyTwoDayCadenceAndNewPlacements) {
  // V2 placed 2024-01-10; seen on day 7 (2024-01-17, on time), then due by
  // 2024-01-17 + 42 = 2024-02-28 (2024 is a leap year).
  std::vector<v1::CaseEvent> ev = {Episode("V2", "2024-01-10", "", "S"), Visit("V2", "2024-01-17")};
  EXPECT_EQ(On(ev, "cla_visited", "2024-01-18"), 1);
  EXPECT_EQ(On(ev, "cla_visited", "2024-02-28"), 1);
  EXPECT_EQ(On(ev, "cla_visited", "2024-02-29"), 0);
  // Seen again on 2024-02-28: due by 2024-04-10.
  ev.push_back(Visit("V2", "2024-02-28"));
  EXPECT_EQ(On(ev, "cla_visited", "2024-02-29"), 1);
  EXPECT_EQ(On(ev, "cla_visited", "2024-04-10"), 1);
  EXPECT_EQ(On(ev, "cla_visited", "2024-04-11"), 0);
  // Correcting the 2024-02-28 visit to "not seen": back to overdue on the
  // 29th. Deleting the 2024-01-17 visit: overdue from 2024-01-18.
  v1::CaseEvent unseen = ev[2];
  unseen.set_record_version(2);
  unseen.set_event_id("ev-unseen");
  unseen.mutable_visit()->set_seen(false);
  ev.push_back(unseen);
  EXPECT_EQ(On(ev, "cla_visited", "2024-02-29"), 0);
  v1::CaseEvent deleted = ev[1];
  deleted.set_record_version(2);
  deleted.set_event_id("ev-deleted");
  deleted.set_op(v1::OP_DELETE);
  deleted.mutable_visit()->Clear();
  ev.push_back(deleted);
  EXPECT_EQ(On(ev, "cla_visited", "2024-01-17"), 1);
  EXPECT_EQ(On(ev, "cla_visited", "2024-01-18"), 0);
}

TEST_F(VisitMeasuresTest, NewPlacementRestartsTheClockSameCarerDoesNot) {
  // V3 placed 2024-01-10, seen 2024-01-17 (due next by 2024-02-28), moved to
  // a new placement (P) on 2024-02-01: the new placement's first visit is
  // due by 2024-02-08, so overdue on the 9th despite the earlier visit.
  std::vector<v1::CaseEvent> ev = {Episode("V3", "2024-01-10", "2024-02-01", "S"),
                                   Episode("V3", "2024-02-01", "", "P"), Visit("V3", "2024-01-17")};
  EXPECT_EQ(On(ev, "cla_visited", "2024-02-08"), 1);
  EXPECT_EQ(On(ev, "cla_visited", "2024-02-09"), 0);
  // Had the move been to the same carer (T), the placement still starts on
  // 2024-01-10 and the visit of the 17th holds until 2024-02-28.
  ev[1].mutable_cla_episode()->set_rne("T");
  EXPECT_EQ(On(ev, "cla_visited", "2024-02-09"), 1);
  EXPECT_EQ(On(ev, "cla_visited", "2024-02-28"), 1);
  EXPECT_EQ(On(ev, "cla_visited", "2024-02-29"), 0);
}

TEST_F(VisitMeasuresTest, NinetyOneDaysAfterTheFirstYearWhenIntendedUntil18) {
  // Placed 2023-01-02 (a year on: 2024-01-02), all seen on their last visit.
  // Y1: intended until 18, last seen 2024-01-01 (less than a year after P):
  //     42 days, due by 2024-02-12.
  // Y2: intended until 18, last seen 2024-01-02 (a year after P): 91 days,
  //     due by 2024-04-02.
  // Y3: as Y2, not intended until 18: 42 days, due by 2024-02-13.
  const std::vector<v1::CaseEvent> y1 = {Episode("Y1", "2023-01-02", "", "S", true),
                                         Visit("Y1", "2024-01-01")};
  const std::vector<v1::CaseEvent> y2 = {Episode("Y2", "2023-01-02", "", "S", true),
                                         Visit("Y2", "2024-01-02")};
  const std::vector<v1::CaseEvent> y3 = {Episode("Y3", "2023-01-02", "", "S", false),
                                         Visit("Y3", "2024-01-02")};
  EXPECT_EQ(On(y1, "cla_visited", "2024-02-12"), 1);
  EXPECT_EQ(On(y1, "cla_visited", "2024-02-13"), 0);
  EXPECT_EQ(On(y2, "cla_visited", "2024-04-02"), 1);
  EXPECT_EQ(On(y2, "cla_visited", "2024-04-03"), 0);
  EXPECT_EQ(On(y3, "cla_visited", "2024-02-13"), 1);
  EXPECT_EQ(On(y3, "cla_visited", "2024-02-14"), 0);
}

TEST_F(VisitMeasuresTest, CpVisitWithinTenWorkingDaysAcrossEaster) {
  // C1 on a CP plan since 2024-01-08, seen on a CP visit on Thursday
  // 2024-03-28. Good Friday 2024-03-29 and Easter Monday 2024-04-01 are bank
  // holidays, so the working days after the visit are 2, 3, 4, 5, 8, 9, 10,
  // 11, 12, 15 April (10th) and 16 April (11th): within on the 15th, not on
  // the 16th.
  std::vector<v1::CaseEvent> ev = {CpPlan("C1", "2024-01-08"),
                                   Visit("C1", "2024-03-28", v1::VISIT_KIND_CP)};
  EXPECT_EQ(On(ev, "cp_visited", "2024-04-15"), 1);
  EXPECT_EQ(On(ev, "cp_visited", "2024-04-16"), 0);
  EXPECT_EQ(On(ev, "cp_open", "2024-04-16"), 1);
  // Not counted: an unseen CP visit and a seen CIN visit on 2024-04-10.
  ev.push_back(Visit("C1", "2024-04-10", v1::VISIT_KIND_CP, /*seen=*/false));
  ev.push_back(Visit("C1", "2024-04-10", v1::VISIT_KIND_CIN));
  EXPECT_EQ(On(ev, "cp_visited", "2024-04-16"), 0);
  // Before the visit: the last one was long ago and the plan is old.
  EXPECT_EQ(On(ev, "cp_visited", "2024-03-27"), 0);
  // C2's plan started on the same Thursday, with no visit yet: within 10
  // working days of its start until the 15th. After the plan ends (on the
  // 10th) it is in neither figure.
  const v1::CaseEvent elsewhere = Visit("Z9", "2020-01-01");  // visits are captured
  const std::vector<v1::CaseEvent> c2 = {CpPlan("C2", "2024-03-28"), elsewhere};
  EXPECT_EQ(On(c2, "cp_visited", "2024-03-28"), 1);
  EXPECT_EQ(On(c2, "cp_visited", "2024-04-15"), 1);
  EXPECT_EQ(On(c2, "cp_visited", "2024-04-16"), 0);
  const std::vector<v1::CaseEvent> ended = {CpPlan("C2", "2024-03-28", "2024-04-10"), elsewhere};
  EXPECT_EQ(On(ended, "cp_visited", "2024-04-09"), 1);
  EXPECT_EQ(On(ended, "cp_visited", "2024-04-10"), 0);
  EXPECT_EQ(On(ended, "cp_open", "2024-04-10"), 0);
}

TEST_F(VisitMeasuresTest, ChildCountsInTheTeamOfTheRecordThatMakesItEligible) {
  // M1 has two open CP plans, in T1 (from 2024-01-08) and T2 (from
  // 2024-03-28), and was seen on a CP visit recorded by team T3 on
  // 2024-04-02. On 2024-04-05 the child is timely through both plans: once
  // for the council, once in T1 and in T2, not in T3 (the visit only
  // qualifies). On 2024-04-17 (wd from both the visit and the T2 plan's
  // start > 10) it is timely nowhere.
  std::vector<v1::CaseEvent> ev = {CpPlan("M1", "2024-01-08"), CpPlan("M1", "2024-03-28"),
                                   Visit("M1", "2024-04-02", v1::VISIT_KIND_CP)};
  ev[1].set_team_id("T2");
  ev[2].set_team_id("T3");
  EXPECT_EQ(On(ev, "cp_visited", "2024-04-05"), 1);
  EXPECT_EQ(On(ev, "cp_visited", "2024-04-05", "T1"), 1);
  EXPECT_EQ(On(ev, "cp_visited", "2024-04-05", "T2"), 1);
  EXPECT_EQ(On(ev, "cp_visited", "2024-04-05", "T3"), 0);
  EXPECT_EQ(On(ev, "cp_visited", "2024-04-17"), 0);
  // A looked-after child counts in the current episode's team: moved from
  // T1 to T2 with a new placement on 2024-02-01 (first visit due by the 8th).
  std::vector<v1::CaseEvent> cla = {Episode("M2", "2024-01-10", "2024-02-01", "S"),
                                    Episode("M2", "2024-02-01", "", "P"),
                                    Visit("M2", "2024-01-12")};
  cla[1].set_team_id("T2");
  EXPECT_EQ(On(cla, "cla_visited", "2024-01-31", "T1"), 1);
  EXPECT_EQ(On(cla, "cla_visited", "2024-02-08", "T2"), 1);
  EXPECT_EQ(On(cla, "cla_visited", "2024-02-08", "T1"), 0);
  EXPECT_EQ(On(cla, "cla_visited", "2024-02-09", "T2"), 0);
}

TEST_F(VisitMeasuresTest, SeenAloneIsAShareOfVisits) {
  // January 2024: three visits, one with the child seen alone; the
  // February visit seen alone is outside January's month to date.
  const std::vector<v1::CaseEvent> ev = {
      Visit("A1", "2024-01-05", v1::VISIT_KIND_CP, true, true),
      Visit("A1", "2024-01-06", v1::VISIT_KIND_CP, true, false),
      Visit("A2", "2024-01-20", v1::VISIT_KIND_CLA, false, false),
      Visit("A2", "2024-02-02", v1::VISIT_KIND_CLA, true, true)};
  EXPECT_EQ(On(ev, "visits", "2024-01-31"), 3);
  EXPECT_EQ(On(ev, "seen_alone", "2024-01-31"), 1);
  EXPECT_EQ(On(ev, "seen_alone", "2024-02-29"), 1);
}

}  // namespace
}  // namespace scorecard
