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

}  // namespace
}  // namespace scorecard
