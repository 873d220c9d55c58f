// The central invariant (ARCHITECTURE §4): aggregates maintained incrementally
// from events applied in any order, in any batch sizes, with duplicates,
// corrections, moves between children and deletions, equal the batch
// recomputation from the same events. Each seed is an independent random
// council history; a failure prints the seed so it can be replayed.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "engine/applier.h"
#include "engine/recompute.h"
#include "engine/scorecard.h"
#include "events/validate.h"

namespace scorecard {
namespace {

std::shared_ptr<const Catalogue> ShippedCatalogue() {
  static std::shared_ptr<const Catalogue> cat = [] {
    static MeasureRegistry registry;
    RegisterBuiltinMeasures(registry);
    auto c =
        Catalogue::LoadFile(std::string(SCORECARD_SOURCE_DIR) + "/data/catalogue.yaml", registry);
    EXPECT_TRUE(c.ok()) << c.status();
    return *c;
  }();
  return cat;
}

const WorkingDayCalendar& Calendar() {
  static const WorkingDayCalendar cal = [] {
    auto c = WorkingDayCalendar::LoadFile(std::string(SCORECARD_SOURCE_DIR) +
                                          "/data/calendar/england-and-wales-bank-holidays.csv");
    EXPECT_TRUE(c.ok()) << c.status();
    return *c;
  }();
  return cal;
}

// Random histories: a few councils, children and teams; every record kind the
// catalogue reads; several versions per record (corrections that change
// dates, team and even the child), deletes and revivals, and resends.
class HistoryGenerator {
 public:
  explicit HistoryGenerator(uint64_t seed) : rng_(seed) {}

  std::vector<v1::CaseEvent> Generate() {
    std::vector<v1::CaseEvent> events;
    const int records = Uniform(5, 60);
    for (int r = 0; r < records; ++r) {
      const int versions = Uniform(1, 4);
      v1::CaseEvent base = NewRecord(r);
      for (int v = 1; v <= versions; ++v) {
        v1::CaseEvent e = base;
        e.set_record_version(v);
        e.set_event_id("e" + std::to_string(r) + "-" + std::to_string(v) + "-" +
                       std::to_string(Uniform(0, 9)));
        if (v > 1) Correct(e);
        if (Chance(0.12)) e.set_op(v1::OP_DELETE);
        events.push_back(e);
        // A conflicting event with the same version (tie-break by op/event id).
        if (Chance(0.05)) {
          v1::CaseEvent twin = e;
          twin.set_event_id(e.event_id() + "x");
          Correct(twin);
          events.push_back(twin);
        }
      }
    }
    // Resends: exact duplicates.
    const size_t n = events.size();
    for (size_t i = 0; i < n; ++i) {
      if (Chance(0.15)) events.push_back(events[i]);
    }
    return events;
  }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  std::string Date() {
    // 2022-01-01 .. 2024-12-31, dense enough that intervals overlap.
    return FormatIsoDate(DayFromCivil(2022, 1, 1) + Uniform(0, 1095));
  }
  std::string MaybeDate() { return Chance(0.3) ? "" : Date(); }
  std::string Child() { return "C" + std::to_string(Uniform(1, 6)); }
  std::string Team() {
    static const char* kTeams[] = {"", "T1", "T2"};
    return kTeams[Uniform(0, 2)];
  }
  // Annex A codes of every source group, an unlisted code and none
  // (contacts_by_source's catch-all).
  std::string ContactSource() {
    static const char* kSources[] = {"1A", "1D", "2A", "2B", "3C", "4",  "5B",
                                     "6",  "7",  "8",  "9",  "10", "11", ""};
    return kSources[Uniform(0, 13)];
  }
  // A CP plan's end: often on or a day either side of a duration band's
  // edge (3, 6, 12 or 24 calendar months, cp_duration_bands), else random
  // or open.
  std::string PlanEnd(const std::string& start) {
    if (Chance(0.4)) {
      static const int kMonths[] = {3, 6, 12, 24};
      return FormatIsoDate(AddMonths(*ParseIsoDate(start), kMonths[Uniform(0, 3)]) +
                           Uniform(-1, 1));
    }
    return MaybeDate();
  }
  static void Order(std::string& a, std::string& b) {
    if (!a.empty() && !b.empty() && b < a) std::swap(a, b);
  }

  v1::CaseEvent NewRecord(int r) {
    v1::CaseEvent e;
    e.set_la_code(Chance(0.8) ? "201" : "202");
    e.set_op(v1::OP_UPSERT);
    e.set_child_id(Child());
    e.set_team_id(Team());
    e.set_record_id("R" + std::to_string(r % 7 == 0 ? r / 7 : r));  // some ids reused across kinds
    if (Chance(0.08)) {
      NewExternalValue(e);
      return e;
    }
    if (Chance(0.3)) {
      NewClaPracticeRecord(e);
      return e;
    }
    if (Chance(0.45)) {
      NewCinCpRecord(e);
      return e;
    }
    switch (Uniform(0, 5)) {
      case 0:
        e.mutable_contact()->set_date(Date());
        e.mutable_contact()->set_source(ContactSource());
        break;
      case 1:
        e.mutable_referral()->set_date(Date());
        e.mutable_referral()->set_nfa(Chance(0.2));
        break;
      case 2: {
        auto* a = e.mutable_assessment();
        a->set_referral_id("R" + std::to_string(Uniform(0, 20)));
        std::string s = Date(), d = MaybeDate();
        Order(s, d);
        a->set_start_date(s);
        a->set_authorised_date(d);
        a->set_outcome(Outcome());
        break;
      }
      case 3: {
        std::string s = Date(), d = PlanEnd(s);
        Order(s, d);
        e.mutable_cp_plan()->set_start_date(s);
        e.mutable_cp_plan()->set_end_date(d);
        break;
      }
      default: {
        auto* c = e.mutable_cla_episode();
        std::string s = Date(), d = MaybeDate();
        Order(s, d);
        c->set_decom(s);
        c->set_dec(d);
        c->set_rec(d.empty() ? "" : "E11");
        static const char* kRne[] = {"S", "P", "L", "T", "U", "B"};
        c->set_rne(kRne[Uniform(0, 5)]);
        static const char* kPlace[] = {"U1", "U3", "T1", "K2"};
        c->set_place(kPlace[Uniform(0, 3)]);
        static const char* kLs[] = {"C2", "V2", "V3", "V4", "J2"};
        c->set_ls(kLs[Uniform(0, 4)]);
        c->set_intended_until_18(Chance(0.3));
        break;
      }
    }
    return e;
  }

  // Records read by the children-looked-after and visit measures
  // (cla_measures.cc, visit_measures.cc): persons (birth dates putting 16th
  // birthdays inside the history, UASC status that may cease), visits of
  // every kind, seen or not, and SSDA903 episodes over a longer span than
  // Date() (long-term stability needs 2.5 years of care) that often continue
  // an earlier episode of the same child (DECOM = its DEC), so that care and
  // carer continuity are walked back through chains.
  void NewClaPracticeRecord(v1::CaseEvent& e) {
    switch (Uniform(0, 3)) {
      case 0: {
        auto* p = e.mutable_person();
        p->set_birth_date(FormatIsoDate(DayFromCivil(2004, 1, 1) + Uniform(0, 16 * 365)));
        p->set_uasc(Chance(0.4));
        p->set_uasc_ceased_date(MaybeDate());
        break;
      }
      case 1:
        SetVisit(*e.mutable_visit());
        break;
      default: {
        auto* c = e.mutable_cla_episode();
        Day decom = DayFromCivil(2019, 1, 1) + Uniform(0, 6 * 365);
        for (const auto& [child, dec] : cla_ends_) {
          if (child == e.child_id() && Chance(0.6)) {
            decom = dec;
            break;
          }
        }
        c->set_decom(FormatIsoDate(decom));
        if (Chance(0.6)) {
          const Day dec = decom + Uniform(1, 900);
          c->set_dec(FormatIsoDate(dec));
          c->set_rec(Chance(0.6) ? "X1" : "E11");
          cla_ends_.emplace_back(e.child_id(), dec);
        }
        c->set_rne(Rne());
        static const char* kPlace[] = {"U1", "U4", "A4", "P1", "K2", "R1", "T2"};
        c->set_place(kPlace[Uniform(0, 6)]);
        static const char* kLs[] = {"C2", "C1", "V2", "V3", "J2"};
        c->set_ls(kLs[Uniform(0, 4)]);
        c->set_intended_until_18(Chance(0.4));
        break;
      }
    }
  }

  void SetVisit(v1::Visit& v) {
    static const v1::VisitKind kKinds[] = {v1::VISIT_KIND_CP, v1::VISIT_KIND_CLA,
                                           v1::VISIT_KIND_CIN};
    v.set_kind(kKinds[Uniform(0, 2)]);
    v.set_date(Date());
    v.set_seen(Chance(0.8));
    v.set_seen_alone(v.seen() && Chance(0.4));  // seen alone implies seen
  }

  std::string Rne() {
    static const char* kRne[] = {"S", "P", "L", "T", "U", "B"};
    return kRne[Uniform(0, 5)];
  }

  void CorrectClaPractice(v1::CaseEvent& e) {
    if (e.has_person()) {
      auto* p = e.mutable_person();
      if (Chance(0.4))
        p->set_birth_date(FormatIsoDate(*ParseIsoDate(p->birth_date()) + Uniform(-400, 400)));
      if (Chance(0.3)) p->set_uasc(!p->uasc());
      if (Chance(0.4)) p->set_uasc_ceased_date(MaybeDate());
    } else {
      SetVisit(*e.mutable_visit());
    }
  }

  // A correction: new dates, sometimes another team or another child.
  void Correct(v1::CaseEvent& e) {
    if (Chance(0.3)) e.set_team_id(Team());
    if (Chance(0.2)) e.set_child_id(Child());
    switch (e.payload_case()) {
      case v1::CaseEvent::kExternalValue:
        CorrectExternalValue(e);
        break;
      case v1::CaseEvent::kContact:
        e.mutable_contact()->set_date(Date());
        if (Chance(0.5)) e.mutable_contact()->set_source(ContactSource());
        break;
      case v1::CaseEvent::kReferral:
        e.mutable_referral()->set_date(Date());
        if (Chance(0.3)) e.mutable_referral()->set_nfa(!e.referral().nfa());
        break;
      case v1::CaseEvent::kAssessment: {
        std::string s = Date(), d = MaybeDate();
        Order(s, d);
        e.mutable_assessment()->set_start_date(s);
        e.mutable_assessment()->set_authorised_date(d);
        if (Chance(0.3)) e.mutable_assessment()->set_outcome(Outcome());
        break;
      }
      case v1::CaseEvent::kCpPlan: {
        std::string s = e.cp_plan().start_date(), d = PlanEnd(s);
        Order(s, d);
        e.mutable_cp_plan()->set_start_date(s);
        e.mutable_cp_plan()->set_end_date(d);
        break;
      }
      case v1::CaseEvent::kClaEpisode: {
        std::string s = e.cla_episode().decom(), d = MaybeDate();
        Order(s, d);
        e.mutable_cla_episode()->set_decom(s);
        e.mutable_cla_episode()->set_dec(d);
        e.mutable_cla_episode()->set_rec(d.empty() ? "" : Chance(0.5) ? "X1" : "E11");
        if (Chance(0.3)) {
          e.mutable_cla_episode()->set_intended_until_18(!e.cla_episode().intended_until_18());
        }
        if (Chance(0.2)) e.mutable_cla_episode()->set_rne(Rne());
        break;
      }
      case v1::CaseEvent::kPerson:
      case v1::CaseEvent::kVisit:
        CorrectClaPractice(e);
        break;
      case v1::CaseEvent::kEarlyHelpEpisode:
      case v1::CaseEvent::kEarlyHelpAssessment:
      case v1::CaseEvent::kExploitationAssessment:
      case v1::CaseEvent::kStrategyDiscussion:
      case v1::CaseEvent::kSection47:
      case v1::CaseEvent::kIcpc:
      case v1::CaseEvent::kCinClosure:
      case v1::CaseEvent::kCinPlan:
        CorrectCinCp(e);
        break;
      default:
        break;
    }
  }

  // Records read by the front-door, assessment, strategy/S47/ICPC and CIN/CP
  // measures (cin_cp_measures.cc). Links (an ICPC's S47, a closure's or
  // assessment's referral) often name a record of the same child generated
  // earlier, and otherwise a random id that may or may not exist.
  void NewCinCpRecord(v1::CaseEvent& e) {
    switch (Uniform(0, 9)) {
      case 0: {
        std::string s = Date(), d = MaybeDate();
        Order(s, d);
        e.mutable_early_help_episode()->set_start_date(s);
        e.mutable_early_help_episode()->set_end_date(d);
        break;
      }
      case 1: {
        std::string s = Date(), d = MaybeDate();
        Order(s, d);
        e.mutable_early_help_assessment()->set_start_date(s);
        e.mutable_early_help_assessment()->set_completed_date(d);
        e.mutable_early_help_assessment()->set_partner_led(Chance(0.5));
        break;
      }
      case 2:
        e.mutable_exploitation_assessment()->set_start_date(Date());
        break;
      case 3:
        e.mutable_strategy_discussion()->set_s47_initiated(Chance(0.5));
        SetStrategyDates(*e.mutable_strategy_discussion());
        break;
      case 4:
        e.mutable_section47()->set_start_date(Date());
        s47s_.emplace_back(e.child_id(), e.record_id(), e.section47().start_date());
        break;
      case 5: {
        auto* icpc = e.mutable_icpc();
        icpc->set_transfer_in(Chance(0.15));
        icpc->set_s47_id("R" + std::to_string(Uniform(0, 20)));
        icpc->set_date(Date());
        // Mostly near a S47 of the same child: before it, within 15
        // working days or later.
        for (const auto& [child, id, start] : s47s_) {
          if (child == e.child_id() && Chance(0.7)) {
            icpc->set_s47_id(id);
            icpc->set_date(FormatIsoDate(*ParseIsoDate(start) + Uniform(-5, 30)));
            break;
          }
        }
        break;
      }
      case 6: {
        auto* c = e.mutable_cin_closure();
        c->set_referral_id(LinkedReferral(e.child_id()));
        c->set_closure_date(Date());
        break;
      }
      case 7: {
        std::string s = Date(), d = MaybeDate();
        Order(s, d);
        e.mutable_cin_plan()->set_start_date(s);
        e.mutable_cin_plan()->set_end_date(d);
        break;
      }
      case 8: {
        // An assessment on one of the child's referrals, often "not in need".
        auto* a = e.mutable_assessment();
        a->set_referral_id(LinkedReferral(e.child_id()));
        std::string s = Date(), d = MaybeDate();
        Order(s, d);
        a->set_start_date(s);
        a->set_authorised_date(d);
        a->set_outcome(Outcome());
        break;
      }
      default:
        // A referral, remembered so closures and assessments can name it.
        e.mutable_referral()->set_date(Date());
        e.mutable_referral()->set_nfa(Chance(0.2));
        referrals_.emplace_back(e.child_id(), e.record_id());
        break;
    }
  }

  // Held on the request day, within 3 working days or later (never before:
  // validation rejects that); sometimes with no request date, or not held.
  void SetStrategyDates(v1::StrategyDiscussion& s) {
    const Day requested = *ParseIsoDate(Date());
    const bool held = Chance(0.85);
    s.set_requested_date(held && Chance(0.1) ? "" : FormatIsoDate(requested));
    s.set_held_date(held ? FormatIsoDate(requested + Uniform(0, 10)) : "");
  }

  // Corrections of the kinds NewCinCpRecord makes: new dates and flags, a
  // link sometimes moved to another record.
  void CorrectCinCp(v1::CaseEvent& e) {
    switch (e.payload_case()) {
      case v1::CaseEvent::kEarlyHelpEpisode: {
        std::string s = e.early_help_episode().start_date(), d = MaybeDate();
        Order(s, d);
        e.mutable_early_help_episode()->set_start_date(s);
        e.mutable_early_help_episode()->set_end_date(d);
        break;
      }
      case v1::CaseEvent::kEarlyHelpAssessment: {
        std::string s = e.early_help_assessment().start_date(), d = MaybeDate();
        Order(s, d);
        e.mutable_early_help_assessment()->set_start_date(s);
        e.mutable_early_help_assessment()->set_completed_date(d);
        e.mutable_early_help_assessment()->set_partner_led(Chance(0.5));
        break;
      }
      case v1::CaseEvent::kExploitationAssessment:
        e.mutable_exploitation_assessment()->set_start_date(Date());
        break;
      case v1::CaseEvent::kStrategyDiscussion:
        SetStrategyDates(*e.mutable_strategy_discussion());
        break;
      case v1::CaseEvent::kSection47: {
        // Move the start by a few days, so linked ICPCs cross the 15-day edge.
        const Day start = ParseIsoDate(e.section47().start_date()).value_or(0);
        e.mutable_section47()->set_start_date(FormatIsoDate(start + Uniform(-10, 10)));
        break;
      }
      case v1::CaseEvent::kIcpc: {
        auto* icpc = e.mutable_icpc();
        if (Chance(0.3)) icpc->set_transfer_in(!icpc->transfer_in());
        if (Chance(0.3)) icpc->set_s47_id("R" + std::to_string(Uniform(0, 20)));
        const Day date = ParseIsoDate(icpc->date()).value_or(0);
        icpc->set_date(FormatIsoDate(date + Uniform(-10, 10)));
        break;
      }
      case v1::CaseEvent::kCinClosure:
        if (Chance(0.3)) e.mutable_cin_closure()->set_referral_id(LinkedReferral(e.child_id()));
        e.mutable_cin_closure()->set_closure_date(Date());
        break;
      case v1::CaseEvent::kCinPlan: {
        std::string s = e.cin_plan().start_date(), d = MaybeDate();
        Order(s, d);
        e.mutable_cin_plan()->set_start_date(s);
        e.mutable_cin_plan()->set_end_date(d);
        break;
      }
      default:
        break;
    }
  }

  std::string LinkedReferral(const std::string& child) {
    for (const auto& [c, id] : referrals_) {
      if (c == child && Chance(0.7)) return id;
    }
    return "R" + std::to_string(Uniform(0, 20));
  }

  v1::AssessmentOutcome Outcome() {
    static const v1::AssessmentOutcome kOutcomes[] = {v1::ASSESSMENT_OUTCOME_UNSPECIFIED,
                                                      v1::ASSESSMENT_OUTCOME_IN_NEED,
                                                      v1::ASSESSMENT_OUTCOME_NOT_IN_NEED};
    return kOutcomes[Uniform(0, 2)];
  }

  std::vector<std::tuple<std::string, std::string, std::string>> s47s_;  // child, id, start
  std::vector<std::pair<std::string, std::string>> referrals_;           // child, id
  std::vector<std::pair<std::string, Day>> cla_ends_;                    // child, DEC of an episode
  // External values (external_measures.cc) on the council subject: two
  // shipped indicators and an unknown id, periods that often share their end
  // (the recorded_at tie-break), values, numerators and denominators that
  // corrections change, including the period.
  void NewExternalValue(v1::CaseEvent& e) {
    e.clear_child_id();
    e.set_team_id("");
    static const char* kIds[] = {"reception_surplus_places", "schools_good_outstanding", "other"};
    e.mutable_external_value()->set_indicator_id(kIds[Uniform(0, 2)]);
    e.mutable_external_value()->set_source("test");
    CorrectExternalValue(e);
  }
  void CorrectExternalValue(v1::CaseEvent& e) {
    e.clear_child_id();
    auto* p = e.mutable_external_value();
    const Day end =
        DayFromCivil(2022, 3, 31) + 365 * Uniform(0, 2) + (Chance(0.3) ? Uniform(0, 9) : 0);
    p->set_period_start(FormatIsoDate(end - Uniform(0, 364)));
    p->set_period_end(FormatIsoDate(end));
    p->set_value(Uniform(0, 10000) / 100.0);
    p->set_numerator(Uniform(0, 50));
    p->set_denominator(Chance(0.5) ? Uniform(1, 500) : 0);
    e.mutable_recorded_at()->set_seconds(Uniform(0, 3));
  }

  std::mt19937_64 rng_;
};

void ExpectSameState(const Recomputed& oracle, const MemoryStateStore& store, uint64_t seed) {
  EXPECT_EQ(oracle.aggregates.cells(), store.aggregates().cells()) << "seed " << seed;
  EXPECT_EQ(oracle.directory, store.directory()) << "seed " << seed;
  ASSERT_EQ(oracle.subjects.size(), store.subjects().size()) << "seed " << seed;
  for (const auto& [ref, state] : oracle.subjects) {
    auto it = store.subjects().find(ref);
    ASSERT_NE(it, store.subjects().end()) << "seed " << seed << " " << ref.second;
    EXPECT_EQ(state.SerializeAsString(), it->second.SerializeAsString())
        << "seed " << seed << " " << ref.second;
  }
  EXPECT_EQ(oracle.seen_kinds, store.seen_kinds()) << "seed " << seed;
}

int Seeds() {
  // More on demand: SCORECARD_PROPERTY_SEEDS=100000.
  const char* env = std::getenv("SCORECARD_PROPERTY_SEEDS");
  return env != nullptr ? std::atoi(env) : 2000;
}

TEST(EquivalenceProperty, IncrementalEqualsRecomputeInAnyOrderAndBatching) {
  const auto cat = ShippedCatalogue();
  ASSERT_NE(cat, nullptr);
  const MeasureContext ctx{&Calendar()};
  const int seeds = Seeds();
  int64_t nonzero_cases = 0;
  for (int seed = 0; seed < seeds; ++seed) {
    HistoryGenerator gen(static_cast<uint64_t>(seed));
    std::vector<v1::CaseEvent> events = gen.Generate();
    for (const auto& e : events) {
      auto rej = CheckEvent(e);
      ASSERT_FALSE(rej.has_value()) << "seed " << seed << ": " << rej->ToString();
    }
    const Recomputed oracle = Recompute(*cat, ctx, events);
    if (!oracle.aggregates.empty()) ++nonzero_cases;

    std::mt19937_64 rng(static_cast<uint64_t>(seed) * 7919 + 1);
    std::shuffle(events.begin(), events.end(), rng);
    MemoryStateStore store;
    size_t pos = 0;
    while (pos < events.size()) {
      const size_t size = std::uniform_int_distribution<size_t>(1, 12)(rng);
      std::vector<const v1::CaseEvent*> batch;
      for (size_t i = pos; i < std::min(events.size(), pos + size); ++i) {
        batch.push_back(&events[i]);
      }
      pos += size;
      auto effect = ApplyBatch(*cat, ctx, store, batch);
      ASSERT_TRUE(effect.ok()) << effect.status();
      store.Commit(*effect);
    }
    ExpectSameState(oracle, store, static_cast<uint64_t>(seed));
    if (HasFailure()) return;
  }
  // The generator must actually exercise the measures.
  EXPECT_GT(nonzero_cases, seeds * 9 / 10);
}

// The categories of every breakdown in the shipped catalogue partition its
// total (contact source groups with their catch-all, CP plan duration bands
// with adjacent limits): on any date the counts add up to the value.
TEST(EquivalenceProperty, BreakdownCategoriesAddUpToTheirTotal) {
  const auto cat = ShippedCatalogue();
  const MeasureContext ctx{&Calendar()};
  int breakdowns_checked = 0;
  for (int seed = 0; seed < 300; ++seed) {
    HistoryGenerator gen(static_cast<uint64_t>(seed) + 2'000'000);
    const Recomputed r = Recompute(*cat, ctx, gen.Generate());
    MemoryAggregateReader reader(r.aggregates, r.seen_kinds);
    for (const char* date : {"2022-06-30", "2023-02-28", "2023-11-30", "2024-12-31"}) {
      for (const char* team : {"", "T1"}) {
        v1::Period period;
        period.set_kind(v1::PERIOD_KIND_AS_OF);
        period.set_date(date);
        auto card = BuildScorecard(*cat, reader, "201", team, period, 0);
        ASSERT_TRUE(card.ok()) << card.status();
        for (const v1::IndicatorValue& v : card->indicators()) {
          if (v.kind() != v1::MEASURE_KIND_BREAKDOWN || v.status() != v1::VALUE_STATUS_OK) {
            continue;
          }
          double sum = 0;
          for (const v1::BreakdownCategory& c : v.breakdown()) sum += c.count();
          EXPECT_EQ(sum, v.value()) << "seed " << seed << " " << v.id() << " " << date;
          if (v.value() > 0) ++breakdowns_checked;
        }
      }
    }
    if (HasFailure()) return;
  }
  // Both breakdowns, with non-zero totals, many times over.
  EXPECT_GT(breakdowns_checked, 300);
}

TEST(EquivalenceProperty, ReapplyingEverythingChangesNothing) {
  const auto cat = ShippedCatalogue();
  const MeasureContext ctx{&Calendar()};
  for (int seed = 0; seed < 200; ++seed) {
    HistoryGenerator gen(static_cast<uint64_t>(seed) + 1'000'000);
    const std::vector<v1::CaseEvent> events = gen.Generate();
    std::vector<const v1::CaseEvent*> all;
    for (const auto& e : events) all.push_back(&e);
    MemoryStateStore store;
    auto first = ApplyBatch(*cat, ctx, store, all);
    ASSERT_TRUE(first.ok());
    store.Commit(*first);
    auto again = ApplyBatch(*cat, ctx, store, all);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->deltas.empty()) << "seed " << seed;
    EXPECT_TRUE(again->subjects.empty()) << "seed " << seed;
    EXPECT_EQ(again->changed_records, 0) << "seed " << seed;
  }
}

}  // namespace
}  // namespace scorecard
