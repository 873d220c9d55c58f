// External indicator values and data-quality counts on hand-built histories;
// every expected value is worked out by hand in the comments.

#include <gtest/gtest.h>

#include "engine/recompute.h"
#include "engine/scorecard.h"

namespace scorecard {
namespace {

// A band with a margin (to see amber), an indicator nobody pushes, and every
// data-quality rule.
constexpr char kCatalogue[] = R"yaml(
catalogue: {name: external-dq-test, version: "1"}
sections: [{id: education, name: Education (external)}]
data_quality:
  - {id: cin_cp, description: CIN plan during CP plan,
     measure: {measure: data_quality, params: {rule: cin_plan_during_cp_plan}}}
  - {id: two_cp, description: Overlapping CP plans,
     measure: {measure: data_quality, params: {rule: overlapping_cp_plans}}}
  - {id: same_day, description: CP plan starts and ends the same day,
     measure: {measure: data_quality, params: {rule: cp_plan_same_day}}}
  - {id: before_ref, description: Before the referral,
     measure: {measure: data_quality, params: {rule: before_referral}}}
  - {id: s47_late, description: S47 after its ICPC,
     measure: {measure: data_quality, params: {rule: s47_after_icpc}}}
indicators:
  - id: reception_surplus_places
    name: Surplus reception places
    section: education
    kind: external
    unit: percent
    source: SCAP
    rag: {direction: band, band: [5, 9], amber_margin: 1}
  - id: schools_good_outstanding
    name: Schools good or outstanding
    section: education
    kind: external
    unit: percent
    rag: {direction: higher_is_better, target: 90}
)yaml";

v1::CaseEvent External(const std::string& record, const std::string& start, const std::string& end,
                       double value, int64_t version = 1, int64_t recorded_at = 1000) {
  v1::CaseEvent e;
  e.set_event_id("ev-" + record + "-" + std::to_string(version));
  e.set_la_code("201");
  e.set_record_id(record);
  e.set_record_version(version);
  e.set_op(v1::OP_UPSERT);
  e.mutable_recorded_at()->set_seconds(recorded_at);
  auto* p = e.mutable_external_value();
  p->set_indicator_id("reception_surplus_places");
  p->set_period_start(start);
  p->set_period_end(end);
  p->set_value(value);
  p->set_source("pushed-by-test");
  return e;
}

v1::CaseEvent ChildRecord(const std::string& child, const std::string& record) {
  v1::CaseEvent e;
  e.set_event_id("ev-" + record);
  e.set_la_code("201");
  e.set_child_id(child);
  e.set_team_id("T1");
  e.set_record_id(record);
  e.set_record_version(1);
  e.set_op(v1::OP_UPSERT);
  return e;
}

v1::CaseEvent Referral(const std::string& child, const std::string& id, const std::string& date) {
  v1::CaseEvent e = ChildRecord(child, id);
  e.mutable_referral()->set_date(date);
  return e;
}

v1::CaseEvent CpPlan(const std::string& child, const std::string& id, const std::string& start,
                     const std::string& end) {
  v1::CaseEvent e = ChildRecord(child, id);
  e.mutable_cp_plan()->set_start_date(start);
  e.mutable_cp_plan()->set_end_date(end);
  return e;
}

v1::CaseEvent CinPlan(const std::string& child, const std::string& id, const std::string& start,
                      const std::string& end) {
  v1::CaseEvent e = ChildRecord(child, id);
  e.mutable_cin_plan()->set_start_date(start);
  e.mutable_cin_plan()->set_end_date(end);
  return e;
}

v1::CaseEvent Icpc(const std::string& child, const std::string& id, const std::string& date,
                   const std::string& s47_id) {
  v1::CaseEvent e = ChildRecord(child, id);
  e.mutable_icpc()->set_date(date);
  e.mutable_icpc()->set_s47_id(s47_id);
  return e;
}

v1::CaseEvent S47(const std::string& child, const std::string& id, const std::string& start) {
  v1::CaseEvent e = ChildRecord(child, id);
  e.mutable_section47()->set_start_date(start);
  return e;
}

// A later version of `e` (a correction), or its deletion.
v1::CaseEvent Version2(v1::CaseEvent e, bool remove = false) {
  e.set_record_version(2);
  e.set_event_id(e.event_id() + "-v2");
  if (remove) e.set_op(v1::OP_DELETE);
  return e;
}

class ExternalDqTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterBuiltinMeasures(registry_);
    auto cat = Catalogue::Parse(kCatalogue, "external-dq-test.yaml", registry_);
    ASSERT_TRUE(cat.ok()) << cat.status();
    catalogue_ = *cat;
  }

  v1::Scorecard Card(const std::vector<v1::CaseEvent>& events, const std::string& date,
                     const std::string& team = "") {
    const WorkingDayCalendar calendar({});
    const Recomputed r = Recompute(*catalogue_, MeasureContext{&calendar}, events);
    MemoryAggregateReader reader(r.aggregates, r.seen_kinds);
    v1::Period period;
    period.set_kind(v1::PERIOD_KIND_AS_OF);
    period.set_date(date);
    auto card = BuildScorecard(*catalogue_, reader, "201", team, period, 0);
    EXPECT_TRUE(card.ok()) << card.status();
    return card.ok() ? *card : v1::Scorecard();
  }

  static v1::IndicatorValue Value(const v1::Scorecard& card, const std::string& id) {
    for (const auto& v : card.indicators()) {
      if (v.id() == id) return v;
    }
    ADD_FAILURE() << "no indicator " << id;
    return {};
  }

  static int64_t Count(const v1::Scorecard& card, const std::string& rule) {
    for (const auto& d : card.data_quality()) {
      if (d.rule() == rule) return d.count();
    }
    ADD_FAILURE() << "no rule " << rule;
    return -1;
  }

  MeasureRegistry registry_;
  std::shared_ptr<const Catalogue> catalogue_;
};

constexpr char kSurplus[] = "reception_surplus_places";

TEST_F(ExternalDqTest, LatestValueWhosePeriodEndedByTheDate) {
  // 2024-25 pushed as 4.5, corrected (version 2) to 6.0; 2025-26 pushed as
  // 7.25 with numerator 29 of 400 places.
  v1::CaseEvent y2425 = External("X1", "2024-04-01", "2025-03-31", 4.5);
  v1::CaseEvent corrected = Version2(y2425);
  corrected.mutable_external_value()->set_value(6.0);
  v1::CaseEvent y2526 = External("X2", "2025-04-01", "2026-03-31", 7.25);
  y2526.mutable_external_value()->set_numerator(29);
  y2526.mutable_external_value()->set_denominator(400);
  const std::vector<v1::CaseEvent> ev = {y2425, corrected, y2526};

  // Inside 2024-25, before its period ended: nothing to show yet.
  v1::IndicatorValue v = Value(Card(ev, "2025-03-30"), kSurplus);
  EXPECT_EQ(v.status(), v1::VALUE_STATUS_NOT_AVAILABLE);
  EXPECT_FALSE(v.reason().empty());
  // From its last day: the corrected 6.0, within 1 point of the band's low
  // edge 5 => amber; the source names the catalogue's supplier and period.
  v = Value(Card(ev, "2025-03-31"), kSurplus);
  EXPECT_EQ(v.status(), v1::VALUE_STATUS_OK);
  EXPECT_EQ(v.kind(), v1::MEASURE_KIND_EXTERNAL);
  EXPECT_DOUBLE_EQ(v.value(), 6.0);
  EXPECT_EQ(v.rag(), v1::RAG_AMBER);
  EXPECT_EQ(v.source(), "SCAP, period 2024-04-01 to 2025-03-31");
  // Inside 2025-26: still the 2024-25 value.
  EXPECT_DOUBLE_EQ(Value(Card(ev, "2025-12-31"), kSurplus).value(), 6.0);
  // From 2026-03-31 and after: 7.25, more than 1 point inside [5, 9] => green.
  for (const char* date : {"2026-03-31", "2030-01-01"}) {
    v = Value(Card(ev, date), kSurplus);
    EXPECT_DOUBLE_EQ(v.value(), 7.25) << date;
    EXPECT_EQ(v.rag(), v1::RAG_GREEN) << date;
    EXPECT_DOUBLE_EQ(v.numerator(), 29) << date;
    EXPECT_DOUBLE_EQ(v.denominator(), 400) << date;
    EXPECT_EQ(v.source(), "SCAP, period 2025-04-01 to 2026-03-31") << date;
  }
  // Without the correction, 2024-25 is 4.5: below the band => red.
  v = Value(Card({y2425}, "2025-06-30"), kSurplus);
  EXPECT_DOUBLE_EQ(v.value(), 4.5);
  EXPECT_EQ(v.rag(), v1::RAG_RED);
  // A team's card shows the council's value.
  EXPECT_DOUBLE_EQ(Value(Card(ev, "2026-04-01", "T1"), kSurplus).value(), 7.25);
  // Deleting 2025-26 brings 2024-25 back.
  EXPECT_DOUBLE_EQ(
      Value(Card({y2425, corrected, y2526, Version2(y2526, true)}, "2026-04-01"), kSurplus).value(),
      6.0);
}

TEST_F(ExternalDqTest, SamePeriodEndTheRecordRecordedLastWins) {
  // Two records for 2025-26: 7.25 recorded at t=1000, 9.5 at t=2000. The
  // later one is the value: 9.5 is above 9 => red. Arrival order is
  // irrelevant (Recompute sorts nothing by arrival).
  const v1::CaseEvent early = External("X2", "2025-04-01", "2026-03-31", 7.25, 1, 1000);
  const v1::CaseEvent late = External("X3", "2025-04-01", "2026-03-31", 9.5, 1, 2000);
  for (const auto& ev : {std::vector<v1::CaseEvent>{early, late}, {late, early}}) {
    const v1::IndicatorValue v = Value(Card(ev, "2026-04-30"), kSurplus);
    EXPECT_DOUBLE_EQ(v.value(), 9.5);
    EXPECT_EQ(v.rag(), v1::RAG_RED);
  }
}

TEST_F(ExternalDqTest, NotAvailableWhenNothingWasPushed) {
  // No external value at all: the generic "not captured" reason.
  v1::IndicatorValue v = Value(Card({}, "2026-04-30"), "schools_good_outstanding");
  EXPECT_EQ(v.status(), v1::VALUE_STATUS_NOT_AVAILABLE);
  EXPECT_NE(v.reason().find("external_value"), std::string::npos) << v.reason();
  // Each missing kind is named once, however many of the series read it.
  EXPECT_EQ(v.reason().find("external_value"), v.reason().rfind("external_value")) << v.reason();
  // Values for another indicator only: still not available, never 0.
  v = Value(Card({External("X1", "2024-04-01", "2025-03-31", 6.0)}, "2026-04-30"),
            "schools_good_outstanding");
  EXPECT_EQ(v.status(), v1::VALUE_STATUS_NOT_AVAILABLE);
  EXPECT_EQ(v.rag(), v1::RAG_NONE);
}

// One violating and one clean child per rule (children are named by rule).
std::vector<v1::CaseEvent> QualityHistory() {
  return {
      // cin_cp: A's CIN plan starts while its CP plan is open => 1. B's CIN
      // plan starts the day the CP plan ends (not open that day) => 0.
      CpPlan("A", "A-cp", "2024-01-10", "2024-06-01"),
      CinPlan("A", "A-cin", "2024-05-01", "2024-07-01"),
      CpPlan("B", "B-cp", "2024-01-10", "2024-06-01"),
      CinPlan("B", "B-cin", "2024-06-01", ""),
      // two_cp: C's second plan starts before the first ends => 1. D's starts
      // the day the first ends => 0.
      CpPlan("C", "C-cp1", "2024-01-01", "2024-03-01"),
      CpPlan("C", "C-cp2", "2024-02-01", ""),
      CpPlan("D", "D-cp1", "2024-01-01", "2024-03-01"),
      CpPlan("D", "D-cp2", "2024-03-01", ""),
      // same_day: E's plan starts and ends 2024-02-02 => 1; F's lasts a day.
      CpPlan("E", "E-cp", "2024-02-02", "2024-02-02"),
      CpPlan("F", "F-cp", "2024-02-02", "2024-02-03"),
      // before_ref: G's earliest referral is 2024-01-15; the ICPC of 01-14
      // and the CP plan of 01-10 precede it => 2 (the ICPC of 02-01 does
      // not, though it precedes G's later referral). H: all after => 0.
      Referral("G", "G-r1", "2024-03-01"),
      Referral("G", "G-r2", "2024-01-15"),
      Icpc("G", "G-i1", "2024-01-14", ""),
      Icpc("G", "G-i2", "2024-02-01", ""),
      CpPlan("G", "G-cp", "2024-01-10", "2024-05-01"),
      Referral("H", "H-r", "2024-01-01"),
      Icpc("H", "H-i", "2024-01-20", ""),
      CpPlan("H", "H-cp", "2024-02-01", ""),
      // s47_late: J's S47 starts 02-10, after its ICPC of 02-05 => 1. K's
      // S47 starts the ICPC's day (not after) => 0.
      S47("J", "J-s47", "2024-02-10"),
      Icpc("J", "J-i", "2024-02-05", "J-s47"),
      S47("K", "K-s47", "2024-02-05"),
      Icpc("K", "K-i", "2024-02-05", "K-s47"),
  };
}

TEST_F(ExternalDqTest, EachRuleCountsTheViolatingRecordsOnly) {
  const std::vector<v1::CaseEvent> ev = QualityHistory();
  const v1::Scorecard card = Card(ev, "2024-12-31");
  ASSERT_EQ(card.data_quality_size(), 5);
  EXPECT_EQ(card.data_quality(0).rule(), "cin_cp");
  EXPECT_EQ(card.data_quality(0).description(), "CIN plan during CP plan");
  EXPECT_EQ(Count(card, "cin_cp"), 1);
  EXPECT_EQ(Count(card, "two_cp"), 1);
  EXPECT_EQ(Count(card, "same_day"), 1);
  EXPECT_EQ(Count(card, "before_ref"), 2);
  EXPECT_EQ(Count(card, "s47_late"), 1);
  // Current counts: the same on any date and on a team's card.
  for (const v1::Scorecard& other : {Card(ev, "2000-01-01"), Card(ev, "2024-12-31", "T9")}) {
    EXPECT_EQ(Count(other, "before_ref"), 2);
    EXPECT_EQ(Count(other, "cin_cp"), 1);
  }
}

TEST_F(ExternalDqTest, DeletionsAndCorrectionsRemoveViolations) {
  std::vector<v1::CaseEvent> ev = QualityHistory();
  auto find = [&](const std::string& id) {
    for (const auto& e : ev) {
      if (e.record_id() == id) return e;
    }
    ADD_FAILURE() << id;
    return v1::CaseEvent();
  };
  // Delete A's CIN plan and J's S47 (an ICPC whose S47 is missing is not
  // judged); correct E's plan to end a day later; move G's CP plan after the
  // referral. Each rule loses its violation; G keeps its early ICPC (1).
  ev.push_back(Version2(find("A-cin"), true));
  ev.push_back(Version2(find("J-s47"), true));
  v1::CaseEvent e = Version2(find("E-cp"));
  e.mutable_cp_plan()->set_end_date("2024-02-03");
  ev.push_back(e);
  v1::CaseEvent g = Version2(find("G-cp"));
  g.mutable_cp_plan()->set_start_date("2024-01-20");
  ev.push_back(g);
  v1::CaseEvent c = Version2(find("C-cp2"), true);
  ev.push_back(c);
  const v1::Scorecard card = Card(ev, "2024-12-31");
  EXPECT_EQ(Count(card, "cin_cp"), 0);
  EXPECT_EQ(Count(card, "two_cp"), 0);
  EXPECT_EQ(Count(card, "same_day"), 0);
  EXPECT_EQ(Count(card, "before_ref"), 1);
  EXPECT_EQ(Count(card, "s47_late"), 0);
}

TEST_F(ExternalDqTest, CatalogueChecksExternalAndDataQualityEntries) {
  auto parse = [&](const std::string& body) {
    return Catalogue::Parse(
        "catalogue: {name: t, version: '1'}\nsections: [{id: s, name: S}]\n" + body, "t.yaml",
        registry_);
  };
  // An external indicator's series are implied by its id.
  auto bad = parse(
      "indicators:\n"
      "  - {id: x, name: X, section: s, kind: external,\n"
      "     value: {measure: dated_records}}\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("t.yaml:4:"), std::string::npos) << bad.status();
  // Only external indicators have a source.
  bad = parse(
      "indicators:\n"
      "  - {id: x, name: X, section: s, kind: flow, source: me,\n"
      "     value: {measure: dated_records}}\n");
  EXPECT_FALSE(bad.ok());
  // A rule needs a snapshot measure and a known rule.
  bad = parse(
      "data_quality: [{id: r, description: R, measure: {measure: dated_records}}]\n"
      "indicators: [{id: x, name: X, section: s, kind: external}]\n");
  EXPECT_FALSE(bad.ok());
  bad = parse(
      "data_quality: [{id: r, description: R,\n"
      "  measure: {measure: data_quality, params: {rule: nonsense}}}]\n"
      "indicators: [{id: x, name: X, section: s, kind: external}]\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("t.yaml:4:"), std::string::npos) << bad.status();
  auto good = parse("indicators: [{id: x, name: X, section: s, kind: external}]\n");
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ((*good)->indicators()[0].kind, IndicatorKind::kExternal);
  EXPECT_EQ(ToProtoKind(IndicatorKind::kExternal), v1::MEASURE_KIND_EXTERNAL);
}

TEST(ShippedCatalogue, HasTheExternalIndicatorsAndTheRules) {
  MeasureRegistry registry;
  RegisterBuiltinMeasures(registry);
  auto cat =
      Catalogue::LoadFile(std::string(SCORECARD_SOURCE_DIR) + "/data/catalogue.yaml", registry);
  ASSERT_TRUE(cat.ok()) << cat.status();
  for (const char* id : {"schools_good_outstanding", "pupils_good_schools",
                         "reception_surplus_places", "year7_surplus_places"}) {
    const IndicatorDef* ind = (*cat)->FindIndicator(id);
    ASSERT_NE(ind, nullptr) << id;
    EXPECT_EQ(ind->kind, IndicatorKind::kExternal) << id;
    EXPECT_EQ(ind->unit, "percent") << id;
    EXPECT_EQ(ind->section, "Education (external)") << id;
  }
  EXPECT_EQ((*cat)->FindIndicator("year7_surplus_places")->target.band_low(), 5);
  EXPECT_EQ((*cat)->FindIndicator("year7_surplus_places")->target.band_high(), 9);
  EXPECT_EQ((*cat)->data_quality().size(), 5u);
}

}  // namespace
}  // namespace scorecard
