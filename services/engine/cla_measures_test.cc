// Children-looked-after measures on hand-built care histories; every expected
// value is worked out by hand in the comments (INDICATORS.md "Looked after",
// cla_3plus_placements).

#include <gtest/gtest.h>

#include "engine/recompute.h"
#include "engine/scorecard.h"

namespace scorecard {
namespace {

// Three series over the same histories: default counting, same-carer moves
// not counted, temporary placements not counted.
constexpr char kCatalogue[] = R"yaml(
catalogue: {name: cla-test, version: "1"}
sections: [{id: cla, name: Children looked after}]
indicators:
  - id: looked_after
    name: Looked after
    section: cla
    kind: snapshot
    value: {measure: looked_after_children}
  - id: three_plus
    name: 3+ placements
    section: cla
    kind: snapshot
    value: {measure: cla_placements_at_least}
  - id: three_plus_no_same_carer
    name: 3+ placements, T/U not counted
    section: cla
    kind: snapshot
    value: {measure: cla_placements_at_least, params: {count_same_carer: false}}
  - id: three_plus_no_temporary
    name: 3+ placements, T0-T4 not counted
    section: cla
    kind: snapshot
    value: {measure: cla_placements_at_least, params: {count_temporary: false}}
  - id: uasc
    name: UASC looked after
    section: cla
    kind: snapshot
    value: {measure: looked_after_uasc}
  - id: started
    name: Started
    section: cla
    kind: flow
    value:
      measure: dated_records
      params: {kind: cla_episode, date_field: decom, filter: [rne=S, "ls!=V3|V4"]}
  - id: ceased
    name: Ceased
    section: cla
    kind: flow
    value:
      measure: dated_records
      params: {kind: cla_episode, date_field: dec, filter: ["rec!=X1", "ls!=V3|V4"]}
  - id: family
    name: In a family setting
    section: cla
    kind: snapshot
    value: {measure: looked_after_in_placement}
  - id: stable
    name: Under 16, 2.5 years in care, 2 years with the same carer
    section: cla
    kind: snapshot
    value: {measure: looked_after_long_term, params: {same_carer_months: 24}}
  - id: long_term
    name: Under 16, 2.5 years in care
    section: cla
    kind: snapshot
    value: {measure: looked_after_long_term}
)yaml";

v1::CaseEvent Episode(const std::string& child, const std::string& decom, const std::string& dec,
                      const std::string& rne, const std::string& ls, const std::string& place,
                      const std::string& team = "T1") {
  v1::CaseEvent e;
  e.set_event_id("ev-" + child + "-" + decom);
  e.set_la_code("201");
  e.set_child_id(child);
  e.set_team_id(team);
  e.set_record_id(child + ":" + decom);
  e.set_record_version(1);
  e.set_op(v1::OP_UPSERT);
  auto* p = e.mutable_cla_episode();
  p->set_decom(decom);
  p->set_dec(dec);
  p->set_rec(dec.empty() ? "" : "X1");
  p->set_rne(rne);
  p->set_ls(ls);
  p->set_place(place);
  return e;
}

v1::CaseEvent Person(const std::string& child, const std::string& dob, bool uasc = false,
                     const std::string& uasc_ceased = "") {
  v1::CaseEvent e;
  e.set_event_id("ev-person-" + child);
  e.set_la_code("201");
  e.set_child_id(child);
  e.set_record_id("person:" + child);
  e.set_record_version(1);
  e.set_op(v1::OP_UPSERT);
  auto* p = e.mutable_person();
  p->set_birth_date(dob);
  p->set_uasc(uasc);
  p->set_uasc_ceased_date(uasc_ceased);
  return e;
}

// Version 2 of `e`: a correction when `op` is upsert, a deletion (an empty
// payload of the same kind) when it is delete.
v1::CaseEvent NextVersion(const v1::CaseEvent& e, v1::Op op = v1::OP_UPSERT) {
  v1::CaseEvent next = e;
  next.set_record_version(e.record_version() + 1);
  next.set_event_id(e.event_id() + "-v" + std::to_string(next.record_version()));
  next.set_op(op);
  if (op == v1::OP_DELETE) {
    if (e.has_person()) next.mutable_person()->Clear();
    if (e.has_cla_episode()) next.mutable_cla_episode()->Clear();
  }
  return next;
}

class ClaMeasuresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterBuiltinMeasures(registry_);
    auto cat = Catalogue::Parse(kCatalogue, "cla-test.yaml", registry_);
    ASSERT_TRUE(cat.ok()) << cat.status();
    catalogue_ = *cat;
  }

  // Value of indicator `id` for `team` (empty: council) on `date`.
  double On(const std::vector<v1::CaseEvent>& events, const std::string& id,
            const std::string& date, const std::string& team = "") {
    const WorkingDayCalendar calendar({});
    const Recomputed r = Recompute(*catalogue_, MeasureContext{&calendar}, events);
    MemoryAggregateReader reader(r.aggregates, r.seen_kinds);
    v1::Period period;
    period.set_kind(v1::PERIOD_KIND_AS_OF);
    period.set_date(date);
    auto card = BuildScorecard(*catalogue_, reader, "201", team, period, 0);
    EXPECT_TRUE(card.ok()) << card.status();
    for (const auto& v : card->indicators()) {
      if (v.id() == id) return v.value();
    }
    ADD_FAILURE() << "no indicator " << id;
    return -1;
  }

  MeasureRegistry registry_;
  std::shared_ptr<const Catalogue> catalogue_;
};

// K1: placed 2023-01-10 (S), moved 2023-06-01 (P), legal status changed
// 2023-09-15 (L: same placement), moved to the same carer's other home
// 2023-12-01 (T).
std::vector<v1::CaseEvent> K1() {
  return {Episode("K1", "2023-01-10", "2023-06-01", "S", "C2", "U1"),
          Episode("K1", "2023-06-01", "2023-09-15", "P", "C2", "U2"),
          Episode("K1", "2023-09-15", "2023-12-01", "L", "C1", "U2"),
          Episode("K1", "2023-12-01", "", "T", "C1", "U2")};
}

TEST_F(ClaMeasuresTest, ThreePlacementsWindowEdges) {
  const auto ev = K1();
  // 2023-11-30: window (2022-11-30, 2023-11-30], first day 2022-12-01, held
  // nothing; new placements S 01-10 and P 06-01 (L is not one) => 2.
  EXPECT_EQ(On(ev, "three_plus", "2023-11-30"), 0);
  // 2023-12-01: the T move adds a third => 3.
  EXPECT_EQ(On(ev, "three_plus", "2023-12-01"), 1);
  // 2024-05-30: first day 2023-05-31 holds the S placement (1), then P 06-01
  // and T 12-01 => 3.
  EXPECT_EQ(On(ev, "three_plus", "2024-05-30"), 1);
  // 2024-05-31: first day 2023-06-01 holds the P placement (1; it starts on
  // the first day, so it is not also a new one), then T 12-01 => 2.
  EXPECT_EQ(On(ev, "three_plus", "2024-05-31"), 0);
  // 2024-01-31: the first day 2023-02-01 holds S (1), then P 06-01 and T
  // 12-01 => 3; with same-carer moves not counted the T move drops out => 2.
  EXPECT_EQ(On(ev, "three_plus", "2024-01-31"), 1);
  EXPECT_EQ(On(ev, "three_plus_no_same_carer", "2024-01-31"), 0);
  // Looked after throughout, and not before the first placement.
  EXPECT_EQ(On(ev, "looked_after", "2023-01-09"), 0);
  EXPECT_EQ(On(ev, "looked_after", "2023-01-10"), 1);
  EXPECT_EQ(On(ev, "looked_after", "2026-01-01"), 1);
}

TEST_F(ClaMeasuresTest, TemporaryPlacementsAreAParameter) {
  // K3: S (U1) 2023-01-01, P into a temporary placement T1 2023-02-01, P
  // into U3 2023-03-01. On 2023-06-30 (first day 2022-07-01, held nothing):
  // three new placements; without temporary placements, two.
  const std::vector<v1::CaseEvent> ev = {Episode("K3", "2023-01-01", "2023-02-01", "S", "C2", "U1"),
                                         Episode("K3", "2023-02-01", "2023-03-01", "P", "C2", "T1"),
                                         Episode("K3", "2023-03-01", "", "P", "C2", "U3")};
  EXPECT_EQ(On(ev, "three_plus", "2023-06-30"), 1);
  EXPECT_EQ(On(ev, "three_plus_no_temporary", "2023-06-30"), 0);
}

TEST_F(ClaMeasuresTest, CurrentEpisodeDecidesShortBreaksAndTeam) {
  // K2 has two open episodes: C2 from 2023-01-01 in team T2, and V3 (short
  // breaks) from 2023-03-01 in team T1. The current episode is the one with
  // the latest DECOM: before 1 March the C2 one (looked after, in T2); from
  // 1 March the V3 one (not looked after).
  const std::vector<v1::CaseEvent> ev = {Episode("K2", "2023-01-01", "", "S", "C2", "U1", "T2"),
                                         Episode("K2", "2023-03-01", "", "S", "V3", "U1", "T1")};
  EXPECT_EQ(On(ev, "looked_after", "2023-02-28"), 1);
  EXPECT_EQ(On(ev, "looked_after", "2023-02-28", "T2"), 1);
  EXPECT_EQ(On(ev, "looked_after", "2023-02-28", "T1"), 0);
  EXPECT_EQ(On(ev, "looked_after", "2023-03-01"), 0);
  // An episode that ended is not current: with the V3 episode closed on 1
  // April, the C2 one is current again from that day.
  std::vector<v1::CaseEvent> closed = ev;
  closed[1].mutable_cla_episode()->set_dec("2023-04-01");
  closed[1].mutable_cla_episode()->set_rec("E11");
  EXPECT_EQ(On(closed, "looked_after", "2023-03-31"), 0);
  EXPECT_EQ(On(closed, "looked_after", "2023-04-01"), 1);
}

TEST_F(ClaMeasuresTest, UascUntilStatusCeases) {
  // U1: looked after from 2023-01-01 (open), UASC ceasing 2023-06-01: counted
  // on 31 May, not on 1 June (a status ceasing on the date no longer counts).
  // U2: UASC, never ceased. U3: looked after, not UASC. U4: UASC on short
  // breaks (V3), not looked after. U5: UASC, no episode.
  std::vector<v1::CaseEvent> ev = {Episode("U1", "2023-01-01", "", "S", "C2", "U1"),
                                   Person("U1", "2006-05-01", true, "2023-06-01"),
                                   Episode("U2", "2023-02-01", "", "S", "V2", "U1", "T2"),
                                   Person("U2", "2007-01-01", true),
                                   Episode("U3", "2023-01-01", "", "S", "C2", "U1"),
                                   Person("U3", "2007-01-01", false),
                                   Episode("U4", "2023-01-01", "", "S", "V3", "U1"),
                                   Person("U4", "2007-01-01", true),
                                   Person("U5", "2007-01-01", true)};
  EXPECT_EQ(On(ev, "uasc", "2022-12-31"), 0);
  EXPECT_EQ(On(ev, "uasc", "2023-01-31"), 1);  // U1 only (U2 from 1 Feb)
  EXPECT_EQ(On(ev, "uasc", "2023-05-31"), 2);  // U1, U2
  EXPECT_EQ(On(ev, "uasc", "2023-06-01"), 1);  // U2
  EXPECT_EQ(On(ev, "uasc", "2023-06-01", "T2"), 1);
  EXPECT_EQ(On(ev, "uasc", "2023-06-01", "T1"), 0);
  // A correction setting U2's status ceased on 2023-03-01: U2 leaves then,
  // so only U1 counts on 2023-05-31.
  v1::CaseEvent corrected = NextVersion(ev[3]);
  corrected.mutable_person()->set_uasc_ceased_date("2023-03-01");
  ev.push_back(corrected);
  EXPECT_EQ(On(ev, "uasc", "2023-02-28"), 2);
  EXPECT_EQ(On(ev, "uasc", "2023-05-31"), 1);
  // Deleting U1's person record: no UASC status known, not counted.
  ev.push_back(NextVersion(ev[1], v1::OP_DELETE));
  EXPECT_EQ(On(ev, "uasc", "2023-02-28"), 1);
}

TEST_F(ClaMeasuresTest, StartedAndCeasedArePeriodsOfCare) {
  // S1: period of care 2023-01-10 (S) .. 2023-03-15, with an X1 change of
  // placement on 2023-02-01 (P) and the period ending E11 on 2023-03-15.
  // S2: short breaks (V3) starting 2023-01-20 and ending 2023-03-20: neither.
  std::vector<v1::CaseEvent> ev = {Episode("S1", "2023-01-10", "2023-02-01", "S", "C2", "U1"),
                                   Episode("S1", "2023-02-01", "2023-03-15", "P", "C2", "U2"),
                                   Episode("S2", "2023-01-20", "2023-03-20", "S", "V3", "U1")};
  ev[1].mutable_cla_episode()->set_rec("E11");
  ev[2].mutable_cla_episode()->set_rec("E11");
  // as_of for a flow is month to date: January holds S1's start only.
  EXPECT_EQ(On(ev, "started", "2023-01-09"), 0);
  EXPECT_EQ(On(ev, "started", "2023-01-31"), 1);
  // February: the P episode is not a new period, the X1 end is not a ceasing.
  EXPECT_EQ(On(ev, "started", "2023-02-28"), 0);
  EXPECT_EQ(On(ev, "ceased", "2023-02-28"), 0);
  // March: S1 ceases on the 15th (E11); S2's short breaks do not count.
  EXPECT_EQ(On(ev, "ceased", "2023-03-14"), 0);
  EXPECT_EQ(On(ev, "ceased", "2023-03-31"), 1);
}

TEST_F(ClaMeasuresTest, FamilySettingFollowsTheCurrentPlacement) {
  // F1: foster care (U1) from 2023-01-01, moved to a children's home (K2) on
  // 2023-05-01. F2: placed with parents (P1), on short breaks (V4): neither
  // numerator nor denominator.
  std::vector<v1::CaseEvent> ev = {Episode("F1", "2023-01-01", "2023-05-01", "S", "C2", "U1"),
                                   Episode("F1", "2023-05-01", "", "P", "C2", "K2"),
                                   Episode("F2", "2023-01-01", "", "S", "V4", "P1")};
  EXPECT_EQ(On(ev, "family", "2023-04-30"), 1);
  EXPECT_EQ(On(ev, "looked_after", "2023-04-30"), 1);
  EXPECT_EQ(On(ev, "family", "2023-05-01"), 0);
  EXPECT_EQ(On(ev, "looked_after", "2023-05-01"), 1);
  // A correction of the second placement to placed for adoption (A4).
  v1::CaseEvent corrected = NextVersion(ev[1]);
  corrected.mutable_cla_episode()->set_place("A4");
  ev.push_back(corrected);
  EXPECT_EQ(On(ev, "family", "2023-05-01"), 1);
}

// L1, born 2010-03-15 (16 on 2026-03-15):
//   2020-01-10 S  U1 until 2020-09-01 (X1)  care and carer start
//   2020-09-01 L  U1 until 2021-02-01 (X1)  legal status change: same carer
//   2021-02-01 P  U2 until 2022-03-01 (X1)  new carer
//   2022-03-01 T  U2 open                   same carer's other home
// Care start 2020-01-10 (walk back to RNE S); carer start 2021-02-01 (the
// latest S/P/B in the walk: T and L keep the carer).
std::vector<v1::CaseEvent> L1() {
  return {Episode("L1", "2020-01-10", "2020-09-01", "S", "C2", "U1"),
          Episode("L1", "2020-09-01", "2021-02-01", "L", "C1", "U1"),
          Episode("L1", "2021-02-01", "2022-03-01", "P", "C1", "U2"),
          Episode("L1", "2022-03-01", "", "T", "C1", "U2"), Person("L1", "2010-03-15")};
}

TEST_F(ClaMeasuresTest, LongTermStabilityEdges) {
  auto ev = L1();
  // 2.5 years: 2022-07-09 - 30 months = 2020-01-09, before the care start;
  // 2022-07-10 - 30 months = 2020-01-10, on it.
  EXPECT_EQ(On(ev, "long_term", "2022-07-09"), 0);
  EXPECT_EQ(On(ev, "long_term", "2022-07-10"), 1);
  // Same carer 2 years from 2021-02-01: not on 2023-01-31, yes on 2023-02-01
  // (the T move on 2022-03-01 kept the carer).
  EXPECT_EQ(On(ev, "stable", "2022-07-10"), 0);
  EXPECT_EQ(On(ev, "stable", "2023-01-31"), 0);
  EXPECT_EQ(On(ev, "stable", "2023-02-01"), 1);
  // Under 16: the day before the 16th birthday yes, the birthday itself no.
  EXPECT_EQ(On(ev, "stable", "2026-03-14"), 1);
  EXPECT_EQ(On(ev, "long_term", "2026-03-14"), 1);
  EXPECT_EQ(On(ev, "stable", "2026-03-15"), 0);
  EXPECT_EQ(On(ev, "long_term", "2026-03-15"), 0);
  // Had the 2021-02-01 move been U (same carer) the carer would date from
  // the S on 2020-01-10, 2 years on 2022-01-10: stable as soon as 2.5 years
  // in care.
  auto same_carer = ev;
  same_carer[2].mutable_cla_episode()->set_rne("U");
  EXPECT_EQ(On(same_carer, "stable", "2022-07-10"), 1);
  // Deleting the person record: no birth date, so not known to be under 16:
  // in neither series.
  ev.push_back(NextVersion(ev[4], v1::OP_DELETE));
  EXPECT_EQ(On(ev, "long_term", "2023-02-01"), 0);
  EXPECT_EQ(On(ev, "stable", "2023-02-01"), 0);
}

TEST_F(ClaMeasuresTest, GapInCareBreaksContinuity) {
  // G1, born 2012-01-01: in care 2019-01-01 (S) until 2021-01-01 (E11), then
  // an episode from 2021-01-02 (L): no episode ends on 2021-01-02, a gap, so
  // care and carer both start again on 2021-01-02; 2.5 years on 2023-07-02.
  std::vector<v1::CaseEvent> ev = {Episode("G1", "2019-01-01", "2021-01-01", "S", "C2", "U1"),
                                   Episode("G1", "2021-01-02", "", "L", "C1", "U1"),
                                   Person("G1", "2012-01-01")};
  ev[0].mutable_cla_episode()->set_rec("E11");
  EXPECT_EQ(On(ev, "long_term", "2023-07-01"), 0);
  EXPECT_EQ(On(ev, "long_term", "2023-07-02"), 1);
  EXPECT_EQ(On(ev, "stable", "2023-07-02"), 1);  // carer from 2021-01-02: 2.5 years
  // Corrected to start on 2021-01-01, the day the first ended: continuous
  // from 2019-01-01 (30 months on 2021-07-01), the same carer (L) throughout.
  v1::CaseEvent corrected = NextVersion(ev[1]);
  corrected.mutable_cla_episode()->set_decom("2021-01-01");
  ev.push_back(corrected);
  EXPECT_EQ(On(ev, "long_term", "2021-06-30"), 0);
  EXPECT_EQ(On(ev, "long_term", "2021-07-01"), 1);
  EXPECT_EQ(On(ev, "stable", "2021-07-01"), 1);
}

}  // namespace
}  // namespace scorecard
