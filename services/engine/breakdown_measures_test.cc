// Breakdown indicators of the shipped catalogue (contacts_by_source,
// cp_duration_bands) on hand-built histories: every expected count is worked
// out in the comments; shares are count / total x 100.

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>

#include "engine/recompute.h"
#include "engine/scorecard.h"

namespace scorecard {
namespace {

Day Iso(const std::string& text) {
  const auto d = ParseIsoDate(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(0);
}

v1::CaseEvent Rec(const std::string& child, const std::string& id,
                  const std::function<void(v1::CaseEvent&)>& fill, const std::string& team = "T1") {
  v1::CaseEvent e;
  e.set_event_id("ev-" + child + "-" + id);
  e.set_la_code("201");
  e.set_child_id(child);
  e.set_team_id(team);
  e.set_record_id(id);
  e.set_record_version(1);
  e.set_op(v1::OP_UPSERT);
  fill(e);
  return e;
}

v1::CaseEvent Corrected(const v1::CaseEvent& e, const std::function<void(v1::CaseEvent&)>& change) {
  v1::CaseEvent c = e;
  c.set_record_version(e.record_version() + 1);
  c.set_event_id(e.event_id() + "-corrected");
  change(c);
  return c;
}

v1::CaseEvent Deleted(const v1::CaseEvent& e) {
  v1::CaseEvent d = e;
  d.set_record_version(e.record_version() + 1);
  d.set_event_id(e.event_id() + "-deleted");
  d.set_op(v1::OP_DELETE);
  const auto* field = v1::CaseEvent::descriptor()->FindFieldByNumber(e.payload_case());
  d.GetReflection()->MutableMessage(&d, field)->Clear();
  return d;
}

v1::CaseEvent Contact(const std::string& child, const std::string& date, const std::string& source,
                      const std::string& team = "T1") {
  return Rec(
      child, "CT-" + child,
      [&](v1::CaseEvent& e) {
        e.mutable_contact()->set_date(date);
        e.mutable_contact()->set_source(source);
      },
      team);
}

v1::CaseEvent CpPlan(const std::string& child, const std::string& start,
                     const std::string& end = "") {
  return Rec(child, "CP-" + child, [&](v1::CaseEvent& e) {
    e.mutable_cp_plan()->set_start_date(start);
    e.mutable_cp_plan()->set_end_date(end);
  });
}

class BreakdownTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterBuiltinMeasures(registry_);
    auto cat =
        Catalogue::LoadFile(std::string(SCORECARD_SOURCE_DIR) + "/data/catalogue.yaml", registry_);
    ASSERT_TRUE(cat.ok()) << cat.status();
    catalogue_ = *cat;
    auto cal = WorkingDayCalendar::LoadFile(std::string(SCORECARD_SOURCE_DIR) +
                                            "/data/calendar/england-and-wales-bank-holidays.csv");
    ASSERT_TRUE(cal.ok()) << cal.status();
    calendar_ = std::make_unique<WorkingDayCalendar>(*std::move(cal));
  }

  v1::IndicatorValue Value(const std::vector<v1::CaseEvent>& events, const std::string& id,
                           const v1::Period& period, const std::string& team = "") {
    const Recomputed r = Recompute(*catalogue_, MeasureContext{calendar_.get()}, events);
    MemoryAggregateReader reader(r.aggregates, r.seen_kinds);
    auto card = BuildScorecard(*catalogue_, reader, "201", team, period, Iso("2026-01-01"));
    EXPECT_TRUE(card.ok()) << card.status();
    for (const auto& v : card->indicators()) {
      if (v.id() == id) return v;
    }
    ADD_FAILURE() << "no indicator " << id;
    return {};
  }

  static v1::Period AsOf(const std::string& date) {
    v1::Period p;
    p.set_kind(v1::PERIOD_KIND_AS_OF);
    p.set_date(date);
    return p;
  }
  static v1::Period Month(const std::string& month) {
    v1::Period p;
    p.set_kind(v1::PERIOD_KIND_MONTH);
    p.set_month(month);
    return p;
  }

  // category id -> count, and checks each share against the total.
  static std::map<std::string, double> Counts(const v1::IndicatorValue& v) {
    std::map<std::string, double> out;
    for (const auto& c : v.breakdown()) {
      out[c.id()] = c.count();
      if (v.value() != 0) {
        EXPECT_TRUE(c.has_share()) << c.id();
        EXPECT_DOUBLE_EQ(c.share(), 100.0 * c.count() / v.value()) << c.id();
      } else {
        EXPECT_FALSE(c.has_share()) << c.id();
      }
    }
    return out;
  }

  MeasureRegistry registry_;
  std::shared_ptr<const Catalogue> catalogue_;
  std::unique_ptr<WorkingDayCalendar> calendar_;
};

// ------------------------------------------------------------ contacts by source

// March 2024:
//   A 1A, B 1C                     -> individual 2
//   C 2A                           -> schools 1
//   D 3E                           -> health 1
//   E 6 (team T2), F 6             -> police 2
//   G no source, H "11", I 10      -> unknown 3 (missing, not Annex A, 10)
//   K 5B corrected to 4            -> housing 1 (not LA services)
//   L 9, deleted                   -> nowhere
//   M 2B on 20 March, corrected to 2 April -> not in March
//   J 6 on 29 February             -> not in March
// Total 10 = 2 + 1 + 1 + 2 + 3 + 1; every other category 0.
std::vector<v1::CaseEvent> ContactHistory() {
  std::vector<v1::CaseEvent> ev = {
      Contact("A", "2024-03-04", "1A"),      Contact("B", "2024-03-05", "1C"),
      Contact("C", "2024-03-06", "2A"),      Contact("D", "2024-03-07", "3E"),
      Contact("E", "2024-03-08", "6", "T2"), Contact("F", "2024-03-11", "6"),
      Contact("G", "2024-03-12", ""),        Contact("H", "2024-03-13", "11"),
      Contact("I", "2024-03-14", "10"),      Contact("J", "2024-02-29", "6"),
  };
  const v1::CaseEvent k = Contact("K", "2024-03-15", "5B");
  ev.push_back(k);
  ev.push_back(Corrected(k, [](v1::CaseEvent& e) { e.mutable_contact()->set_source("4"); }));
  const v1::CaseEvent l = Contact("L", "2024-03-18", "9");
  ev.push_back(l);
  ev.push_back(Deleted(l));
  const v1::CaseEvent m = Contact("M", "2024-03-20", "2B");
  ev.push_back(m);
  ev.push_back(Corrected(m, [](v1::CaseEvent& e) { e.mutable_contact()->set_date("2024-04-02"); }));
  return ev;
}

TEST_F(BreakdownTest, ContactsBySourceInMarch2024) {
  const v1::IndicatorValue v = Value(ContactHistory(), "contacts_by_source", Month("2024-03"));
  ASSERT_EQ(v.status(), v1::VALUE_STATUS_OK) << v.reason();
  EXPECT_EQ(v.kind(), v1::MEASURE_KIND_BREAKDOWN);
  EXPECT_EQ(v.value(), 10);
  EXPECT_EQ(v.rag(), v1::RAG_NONE);  // context
  const std::map<std::string, double> expected = {
      {"individual", 2}, {"schools", 1},     {"education_services", 0},
      {"health", 1},     {"housing", 1},     {"la_services", 0},
      {"police", 2},     {"other_legal", 0}, {"other", 0},
      {"anonymous", 0},  {"unknown", 3}};
  EXPECT_EQ(Counts(v), expected);
  // Catalogue order, with names.
  ASSERT_EQ(v.breakdown_size(), 11);
  EXPECT_EQ(v.breakdown(0).id(), "individual");
  EXPECT_EQ(v.breakdown(0).name(), "Individual (1A-1D)");
  EXPECT_DOUBLE_EQ(v.breakdown(0).share(), 20);  // 2 of 10
  EXPECT_EQ(v.breakdown(10).id(), "unknown");
  EXPECT_DOUBLE_EQ(v.breakdown(10).share(), 30);  // 3 of 10
  // The contacts indicator counts the same contacts.
  EXPECT_EQ(Value(ContactHistory(), "contacts", Month("2024-03")).value(), 10);
}

// Team T2 has E's police contact only: 1 of 1 = 100%.
TEST_F(BreakdownTest, ContactsBySourceForATeam) {
  const v1::IndicatorValue v =
      Value(ContactHistory(), "contacts_by_source", Month("2024-03"), "T2");
  EXPECT_EQ(v.value(), 1);
  const auto counts = Counts(v);
  EXPECT_EQ(counts.at("police"), 1);
  EXPECT_DOUBLE_EQ(v.breakdown(6).share(), 100);
}

// April 2024 month to date on 1 April: no contacts yet (M's is dated 2
// April), so the total is 0 and no category has a share.
TEST_F(BreakdownTest, ZeroTotalHasNoShares) {
  const v1::IndicatorValue v = Value(ContactHistory(), "contacts_by_source", AsOf("2024-04-01"));
  ASSERT_EQ(v.status(), v1::VALUE_STATUS_OK);
  EXPECT_EQ(v.value(), 0);
  ASSERT_EQ(v.breakdown_size(), 11);
  for (const auto& c : Counts(v)) EXPECT_EQ(c.second, 0) << c.first;
}

TEST_F(BreakdownTest, NotAvailableWithoutContactsOrCpPlans) {
  const std::vector<v1::CaseEvent> none = {
      Rec("A", "R1", [](v1::CaseEvent& e) { e.mutable_referral()->set_date("2024-03-01"); })};
  for (const char* id : {"contacts_by_source", "cp_duration_bands"}) {
    const v1::IndicatorValue v = Value(none, id, Month("2024-03"));
    EXPECT_EQ(v.status(), v1::VALUE_STATUS_NOT_AVAILABLE) << id;
    EXPECT_NE(v.reason().find("no "), std::string::npos) << v.reason();
    EXPECT_EQ(v.breakdown_size(), 0) << id;
  }
}

// ------------------------------------------------------------ CP plan durations

// A plan is n months old from AddMonths(start, n) (day clamped):
//   P 2024-08-31, open: 3 months on 30 November (31 Nov clamps to 30).
//   Q 2024-06-10 .. 2024-11-30: 5 months on 29 November; not open on 30th.
//   R 2024-02-29, open: 6 months 29 Aug 2024, 12 months 28 Feb 2025.
//   S 2023-05-15, open: 18 months on 30 November 2024.
//   T 2022-11-30, open: 24 months exactly on 30 November 2024.
//   U 2020-01-01, open: over 4 years.
//   V 2024-11-01 corrected to 2024-07-01: 4 months on 29 and 30 November.
//   W 2024-10-01, deleted.  X 2024-12-01: not yet open.
std::vector<v1::CaseEvent> PlanHistory() {
  std::vector<v1::CaseEvent> ev = {
      CpPlan("P", "2024-08-31"), CpPlan("Q", "2024-06-10", "2024-11-30"),
      CpPlan("R", "2024-02-29"), CpPlan("S", "2023-05-15"),
      CpPlan("T", "2022-11-30"), CpPlan("U", "2020-01-01"),
      CpPlan("X", "2024-12-01")};
  const v1::CaseEvent v = CpPlan("V", "2024-11-01");
  ev.push_back(v);
  ev.push_back(
      Corrected(v, [](v1::CaseEvent& e) { e.mutable_cp_plan()->set_start_date("2024-07-01"); }));
  const v1::CaseEvent w = CpPlan("W", "2024-10-01");
  ev.push_back(w);
  ev.push_back(Deleted(w));
  return ev;
}

// 29 November 2024: P under 3 months; Q (5 months) and V (4) 3-6; R (9)
// 6-12; S (18) and T (23, reaches 24 tomorrow) 1-2 years; U 2+. Total 7.
TEST_F(BreakdownTest, CpDurationBandsOn29November2024) {
  const v1::IndicatorValue v = Value(PlanHistory(), "cp_duration_bands", AsOf("2024-11-29"));
  ASSERT_EQ(v.status(), v1::VALUE_STATUS_OK) << v.reason();
  EXPECT_EQ(v.value(), 7);
  const std::map<std::string, double> expected = {
      {"under_3m", 1}, {"3_to_6m", 2}, {"6_to_12m", 1}, {"1_to_2y", 2}, {"2y_plus", 1}};
  EXPECT_EQ(Counts(v), expected);
}

// 30 November 2024: P turns 3 months (3-6); Q ended today, so is not open;
// T is exactly 24 months (2+). Total 6: P, V 3-6; R 6-12; S 1-2; T, U 2+.
TEST_F(BreakdownTest, CpDurationBandsOn30November2024) {
  const v1::IndicatorValue v = Value(PlanHistory(), "cp_duration_bands", AsOf("2024-11-30"));
  EXPECT_EQ(v.value(), 6);
  const std::map<std::string, double> expected = {
      {"under_3m", 0}, {"3_to_6m", 2}, {"6_to_12m", 1}, {"1_to_2y", 1}, {"2y_plus", 2}};
  EXPECT_EQ(Counts(v), expected);
  // The November month is the snapshot on the 30th.
  EXPECT_EQ(Counts(Value(PlanHistory(), "cp_duration_bands", Month("2024-11"))), expected);
  // cp_plans_open counts the same plans (one per child here).
  EXPECT_EQ(Value(PlanHistory(), "cp_plans_open", AsOf("2024-11-30")).value(), 6);
}

// R, started 29 February 2024, is 12 months old from 28 February 2025 (29
// February 2025 does not exist: clamped).
TEST_F(BreakdownTest, LeapDayStartReachesTwelveMonthsOn28February) {
  const std::vector<v1::CaseEvent> r = {CpPlan("R", "2024-02-29")};
  const auto before = Counts(Value(r, "cp_duration_bands", AsOf("2025-02-27")));
  EXPECT_EQ(before.at("6_to_12m"), 1);
  EXPECT_EQ(before.at("1_to_2y"), 0);
  const auto on = Counts(Value(r, "cp_duration_bands", AsOf("2025-02-28")));
  EXPECT_EQ(on.at("6_to_12m"), 0);
  EXPECT_EQ(on.at("1_to_2y"), 1);
}

TEST_F(BreakdownTest, CpPlansOpenForRejectsAnEmptyBand) {
  const MeasureSpec* spec = registry_.Find("cp_plans_open_for");
  ASSERT_NE(spec, nullptr);
  auto bad = registry_.ParseParams(*spec, {{"from_months", "6"}, {"to_months", "3"}});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  auto open_ended = registry_.ParseParams(*spec, {{"from_months", "24"}});
  EXPECT_TRUE(open_ended.ok()) << open_ended.status();
  const MeasureSpec* contacts = registry_.Find("contacts_from");
  ASSERT_NE(contacts, nullptr);
  EXPECT_FALSE(registry_.ParseParams(*contacts, {}).ok());                      // nothing to count
  EXPECT_FALSE(registry_.ParseParams(*contacts, {{"sources", "1A,12"}}).ok());  // 12: not Annex A
}

// ------------------------------------------------------------ catalogue schema

constexpr char kBreakdownCatalogue[] = R"(catalogue: {name: test, version: "1"}
sections:
  - {id: s, name: S}
indicators:
  - id: bands
    name: Bands
    section: s
    kind: breakdown
    value: {measure: open_records, params: {kind: cp_plan, start_field: start_date, end_field: end_date}}
    categories:
      - {id: a, name: A, value: {measure: cp_plans_open_for, params: {to_months: 3}}}
      - {id: b, name: B, value: {measure: cp_plans_open_for, params: {from_months: 3}}}
)";

TEST_F(BreakdownTest, CatalogueChecksCategories) {
  auto ok = Catalogue::Parse(kBreakdownCatalogue, "test.yaml", registry_);
  ASSERT_TRUE(ok.ok()) << ok.status();
  const IndicatorDef& ind = (*ok)->indicators().at(0);
  EXPECT_EQ(ind.kind, IndicatorKind::kBreakdown);
  ASSERT_EQ(ind.categories.size(), 2u);
  EXPECT_EQ(ind.SeriesRead().size(), 3u);  // total, a, b

  struct Case {
    std::string from, to, prefix;
  };
  const std::vector<Case> cases = {
      // Duplicate category id (line 12).
      {"{id: b, name: B,", "{id: a, name: B,",
       "test.yaml:12: indicators[0] (bands).categories[1] (a).id: duplicate"},
      // A flow category under a snapshot total.
      {"{measure: cp_plans_open_for, params: {from_months: 3}}",
       "{measure: dated_records, params: {kind: contact, date_field: date}}",
       "test.yaml:12: indicators[0] (bands).categories[1] (b).value.measure:"},
      // A category without a name; an unknown key.
      {"{id: b, name: B, ", "{id: b, ",
       "test.yaml:12: indicators[0] (bands).categories[1].name: missing"},
      {"{id: b, name: B, ", "{id: b, name: B, colour: red, ",
       "test.yaml:12: indicators[0] (bands).categories[1].colour: unknown field"},
  };
  for (const Case& c : cases) {
    std::string text = kBreakdownCatalogue;
    text.replace(text.find(c.from), c.from.size(), c.to);
    const absl::Status s = Catalogue::Parse(text, "test.yaml", registry_).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.to;
    EXPECT_EQ(s.message().rfind(c.prefix, 0), 0u) << s;
  }
  // No categories at all (named at the indicator's line, 5), and categories
  // on a snapshot.
  std::string text = kBreakdownCatalogue;
  text.erase(text.find("      - {id: a"));
  const absl::Status empty = Catalogue::Parse(text, "test.yaml", registry_).status();
  EXPECT_EQ(empty.message().rfind("test.yaml:5: indicators[0] (bands).categories:", 0), 0u)
      << empty;
  text = kBreakdownCatalogue;
  text.replace(text.find("kind: breakdown"), 15, "kind: snapshot");
  const absl::Status flow = Catalogue::Parse(text, "test.yaml", registry_).status();
  EXPECT_NE(flow.message().find("categories: only a breakdown has categories"), std::string::npos)
      << flow;
}

}  // namespace
}  // namespace scorecard
