#include "generator/synthetic_council.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace scorecard::generator {
namespace {

using importers::EventSink;
using v1::CaseEvent;

// xoshiro256** seeded through splitmix64: small, fast and identical on every
// platform (std:: distributions are not specified bit-for-bit).
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t x = seed;
    for (uint64_t& s : s_) {
      x += 0x9e3779b97f4a7c15ULL;
      uint64_t z = x;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      s = z ^ (z >> 31);
    }
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return p > 0.0 && Uniform() < p; }

  // Uniform integer in [lo, hi].
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }

  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }

  int Poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean > 30) {  // normal approximation: exact enough for daily arrivals
      const double u1 = 1.0 - Uniform();
      const double u2 = Uniform();
      const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
      return std::max(0, static_cast<int>(std::lround(mean + std::sqrt(mean) * z)));
    }
    const double limit = std::exp(-mean);
    int k = 0;
    double p = Uniform();
    while (p > limit) {
      ++k;
      p *= Uniform();
    }
    return k;
  }

  // Index drawn with the given relative weights.
  template <size_t N>
  size_t Weighted(const std::array<double, N>& w) {
    double total = 0;
    for (double x : w) total += x;
    double r = Uniform() * total;
    for (size_t i = 0; i < N; ++i) {
      if (r < w[i]) return i;
      r -= w[i];
    }
    return N - 1;
  }

  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[static_cast<size_t>(Int(0, static_cast<int>(N) - 1))];
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<uint64_t, 4> s_;
};

Day AddWorkingDays(Day d, int n) {
  while (n > 0) {
    ++d;
    if (Weekday(d) < 5) --n;
  }
  return d;
}

// ---- The council's shape (scale 1.0): 8 teams, 100 case-holders. ----------

struct TeamSpec {
  const char* id;
  const char* tag;
  int case_holders;
};
constexpr std::array<TeamSpec, 8> kTeams = {{{"TEAM01", "front_door", 10},
                                             {"TEAM02", "assessment", 14},
                                             {"TEAM03", "assessment", 14},
                                             {"TEAM04", "child_protection", 14},
                                             {"TEAM05", "child_protection", 14},
                                             {"TEAM06", "children_in_need", 12},
                                             {"TEAM07", "looked_after", 11},
                                             {"TEAM08", "looked_after", 11}}};
constexpr int kFrontDoor = 0;
constexpr std::array<int, 2> kAssessmentTeams = {1, 2};
constexpr std::array<int, 2> kSafeguardingTeams = {3, 4};
constexpr int kCinTeam = 5;
constexpr std::array<int, 2> kCareTeams = {6, 7};
constexpr char kEarlyHelpTeam[] = "EH01";  // early help: not a social-work team

// Rates, per year at scale 1.0 unless stated; tuned so that the measured
// volumes match the targets in docs/generator.md.
constexpr double kContactsPerWeekday = 43.5;  // ~1,000 contacts a month
constexpr double kWeekendShare = 0.15;        // weekend days get 15% of a weekday
constexpr double kKnownChildShare = 0.25;     // contacts about an already known child
constexpr double kReferralShare = 0.17;       // of contacts
constexpr double kEarlyHelpShare = 0.20;      // of contacts
constexpr double kNfaShare = 0.065;           // of referrals
constexpr double kReReferralAfterNfa = 0.3;   // referred again within the year
constexpr double kReReferralAfterNotInNeed = 0.4;
constexpr double kStrategyShare = 0.42;      // of (non-NFA) referrals
constexpr double kS47Share = 0.80;           // of strategy discussions
constexpr double kIcpcShare = 0.42;          // of S47s: CP plans settle near 200
constexpr double kPlanShare = 0.88;          // of ICPCs
constexpr double kInNeedShare = 0.55;        // assessments concluding "in need"
constexpr double kCareEntriesPerYear = 140;  // ~345 looked after at ~2.5 years each
constexpr double kUascEntryShare = 0.09;
constexpr double kPlacementMovesPerYear = 0.6;  // -> ~11% with 3+ placements
constexpr double kLegalChangesPerYear = 0.25;
constexpr double kLeaveCarePerYear = 0.36;
constexpr double kEmployedLeavePerYear = 0.15;
constexpr double kAgencyLeavePerYear = 0.40;
constexpr int kSeedCpPlans = 200;
constexpr int kSeedLookedAfter = 345;
constexpr int kSeedCinPlans = 500;
constexpr int64_t kPopulation = 35000;

enum Slot {
  kReferral,
  kAssessment,
  kStrategy,
  kSection47,
  kCinPlan,
  kCpPlan,
  kEpisode,
  kAllocation,
  kEhEpisode,
  kEhAssessment,
  kExploitation,
  kSlotCount
};

struct Child {
  std::string id;
  Day dob = 0;
  bool uasc = false;
  std::string family;
  std::array<std::unique_ptr<CaseEvent>, kSlotCount> open;
  int cp_plans = 0;  // CP plans in this council so far
  bool pending_icpc = false;
  int worker = -1;
  int team = -1;
  // Bumped to invalidate scheduled actions that no longer apply.
  uint32_t case_gen = 0;
  uint32_t visit_gen = 0;
  uint32_t sup_gen = 0;
  uint32_t care_gen = 0;
  Day placement_start = 0;

  bool in_care() const { return open[kEpisode] != nullptr; }
  bool open_case() const { return open[kReferral] != nullptr; }
};

struct Worker {
  std::string id;
  int team = 0;
  CaseEvent spell;
  bool case_holder = true;
  bool in_post = true;
  std::set<int> children;
};

enum class ActionType {
  kStrategyHeld,
  kS47End,
  kIcpc,
  kAssessmentAuthorised,
  kExploitationDone,
  kCpPlanEnd,
  kCinPlanEnd,
  kVisit,
  kSupervision,
  kCareChange,
  kEhAssessmentDone,
  kEhEnd,
  kReReferral,
  kWorkerStart,
};

struct Action {
  ActionType type;
  int subject;  // child index, or team index for kWorkerStart
  uint32_t gen;
};

// Delivery with the imperfections of real feeds (late, twice). Uses its own
// random stream so the underlying facts do not depend on the error rates.
class Delivery {
 public:
  Delivery(EventSink& sink, uint64_t seed, const SyntheticCouncilOptions& o, GenerationStats& st)
      : sink_(sink), rng_(seed ^ 0x5eedf00dULL), options_(o), stats_(st) {}

  void Send(const CaseEvent& e, Day day) {
    if (rng_.Chance(options_.out_of_order_rate)) {
      late_[day + rng_.Int(1, 30)].push_back(e);
    } else {
      Write(e);
    }
    if (rng_.Chance(options_.duplicate_rate)) late_[day + rng_.Int(0, 3)].push_back(e);
  }

  void SendAt(const CaseEvent& e, Day day) { late_[day].push_back(e); }

  // Releases what was held back until `day` (inclusive).
  void Release(Day day) {
    while (!late_.empty() && late_.begin()->first <= day) {
      for (const CaseEvent& e : late_.begin()->second) Write(e);
      late_.erase(late_.begin());
    }
  }
  void ReleaseAll() { Release(std::numeric_limits<Day>::max()); }

  Rng& rng() { return rng_; }

 private:
  void Write(const CaseEvent& e) {
    sink_.Write(e);
    ++stats_.events;
    ++stats_.events_by_kind[std::string(importers::PayloadKind(e))];
  }

  EventSink& sink_;
  Rng rng_;
  const SyntheticCouncilOptions& options_;
  GenerationStats& stats_;
  std::map<Day, std::vector<CaseEvent>> late_;
};

// Shifts every date field of the event's payload by `days` (keeps their order,
// so a "wrong" version is still structurally valid).
void ShiftPayloadDates(CaseEvent& e, int days) {
  const auto* oneof = CaseEvent::descriptor()->FindOneofByName("payload");
  const auto* field = CaseEvent::GetReflection()->GetOneofFieldDescriptor(e, oneof);
  if (field == nullptr) return;
  google::protobuf::Message* payload = CaseEvent::GetReflection()->MutableMessage(&e, field);
  const auto* refl = payload->GetReflection();
  const auto* desc = payload->GetDescriptor();
  for (int i = 0; i < desc->field_count(); ++i) {
    const auto* f = desc->field(i);
    if (f->is_repeated() || f->type() != google::protobuf::FieldDescriptor::TYPE_STRING) continue;
    const std::string value = refl->GetString(*payload, f);
    if (auto d = ParseIsoDate(value)) refl->SetString(payload, f, FormatIsoDate(*d + days));
  }
}

class Simulation {
 public:
  Simulation(const SyntheticCouncilOptions& o, EventSink& sink, GenerationStats& stats)
      : o_(o),
        rng_(o.seed),
        out_(sink, o.seed, o, stats),
        stats_(stats),
        start_(o.start),
        end_(AddYears(o.start, o.years)),
        agenda_(static_cast<size_t>(end_ - start_) + 1) {}

  void Run() {
    today_ = start_;
    StaffTeams();
    Population();
    SeedOpenCases();
    for (today_ = start_; today_ < end_; ++today_) {
      out_.Release(today_);
      Contacts();
      CareEntries();
      WorkerTurnover();
      auto& bucket = agenda_[static_cast<size_t>(today_ - start_)];
      for (size_t i = 0; i < bucket.size(); ++i) {
        const Action a = bucket[i];  // copy: handlers may append to `bucket`
        Handle(a);
      }
      bucket.clear();
      bucket.shrink_to_fit();
    }
    out_.ReleaseAll();
    stats_.children = static_cast<int64_t>(children_.size());
    stats_.workers = static_cast<int64_t>(workers_.size());
  }

 private:
  // ---- Events -------------------------------------------------------------

  CaseEvent NewRecord(const std::string& prefix, const std::string& team) {
    CaseEvent e;
    e.set_la_code(o_.la_code);
    e.set_source_system(o_.source_system);
    e.set_record_id(prefix + std::to_string(++record_seq_));
    e.set_op(v1::OP_UPSERT);
    e.set_team_id(team);
    return e;
  }

  CaseEvent NewChildRecord(const Child& c, const std::string& prefix, const std::string& team) {
    CaseEvent e = NewRecord(prefix, team);
    e.set_child_id(c.id);
    return e;
  }

  // recorded_at: the delivery day, at a working-hours time derived from the
  // record (not from the simulation's random stream, so that injected
  // corrections and deletions leave the simulated facts unchanged).
  static void Stamp(CaseEvent& e, Day day) {
    uint64_t h = 1469598103934665603ULL ^ static_cast<uint64_t>(e.record_version());
    for (unsigned char ch : e.record_id()) h = (h ^ ch) * 1099511628211ULL;
    auto* ts = e.mutable_recorded_at();
    ts->set_seconds(static_cast<int64_t>(day) * 86400 + 8 * 3600 +
                    static_cast<int64_t>(h % (9 * 3600)));
    importers::AssignEventId(e);
  }

  // Sends the next version of `rec` (which the caller keeps, so the version
  // advances), recorded on `day`, with the configured imperfections.
  void Put(CaseEvent& rec, Day day) {
    Rng& err = out_.rng();
    if (err.Chance(o_.correction_rate)) {
      CaseEvent wrong = rec;
      wrong.set_record_version(rec.record_version() + 1);
      ShiftPayloadDates(wrong, -err.Int(1, 5));
      Stamp(wrong, day);
      out_.Send(wrong, day);
      rec.set_record_version(rec.record_version() + 2);
      Stamp(rec, day);
      out_.SendAt(rec, day + err.Int(1, 10));
    } else {
      rec.set_record_version(rec.record_version() + 1);
      Stamp(rec, day);
      out_.Send(rec, day);
    }
    if (rec.record_version() <= 2 && err.Chance(o_.delete_rate)) {
      CaseEvent spurious = rec;
      spurious.set_record_id("X" + std::to_string(++spurious_seq_));
      spurious.set_record_version(1);
      Stamp(spurious, day);
      out_.Send(spurious, day);
      const auto* oneof = CaseEvent::descriptor()->FindOneofByName("payload");
      const auto* field = CaseEvent::GetReflection()->GetOneofFieldDescriptor(spurious, oneof);
      CaseEvent del = spurious;
      CaseEvent::GetReflection()->MutableMessage(&del, field)->Clear();
      del.set_op(v1::OP_DELETE);
      del.set_record_version(2);
      const Day when = day + err.Int(1, 20);
      Stamp(del, when);
      out_.SendAt(del, when);
    }
  }

  void Schedule(Day day, ActionType type, int subject, uint32_t gen = 0) {
    if (day < today_) day = today_;
    if (day >= end_) return;
    agenda_[static_cast<size_t>(day - start_)].push_back(Action{type, subject, gen});
  }

  const std::string& TeamId(int team) const { return team_ids_[static_cast<size_t>(team)]; }

  // ---- Workforce ----------------------------------------------------------

  void StaffTeams() {
    for (size_t t = 0; t < kTeams.size(); ++t) {
      team_ids_.emplace_back(kTeams[t].id);
      members_.emplace_back();
      const int n = std::max(1, static_cast<int>(std::lround(kTeams[t].case_holders * o_.scale)));
      const Day since = start_;
      for (int i = 0; i < n; ++i) {
        StartWorker(static_cast<int>(t), since - rng_.Int(30, 8 * 365), rng_.Chance(0.15), true);
      }
      StartWorker(static_cast<int>(t), since - rng_.Int(365, 10 * 365), false, false);  // manager
    }
  }

  void StartWorker(int team, Day start, bool agency, bool case_holder) {
    Worker w;
    w.id = "W" + std::to_string(workers_.size() + 1);
    w.team = team;
    w.case_holder = case_holder;
    w.spell = NewRecord("WS", TeamId(team));
    w.spell.set_worker_id(w.id);
    v1::Worker* p = w.spell.mutable_worker();
    p->set_start_date(FormatIsoDate(start));
    p->set_fte(case_holder && rng_.Chance(0.15) ? 0.6 + 0.1 * rng_.Int(0, 2) : 1.0);
    p->set_case_holder(case_holder);
    p->set_agency(agency);
    p->add_team_tags(kTeams[static_cast<size_t>(team)].tag);
    workers_.push_back(std::move(w));
    const int index = static_cast<int>(workers_.size()) - 1;
    Put(workers_.back().spell, std::max(start, today_));
    if (case_holder) members_[static_cast<size_t>(team)].push_back(index);
  }

  void WorkerTurnover() {
    for (size_t t = 0; t < members_.size(); ++t) {
      // Copy: leaving edits the member list.
      const std::vector<int> members = members_[t];
      for (int w : members) {
        const bool agency = workers_[static_cast<size_t>(w)].spell.worker().agency();
        const double rate = (agency ? kAgencyLeavePerYear : kEmployedLeavePerYear) / 365.0;
        if (rng_.Chance(rate)) WorkerLeaves(w);
      }
    }
  }

  void WorkerLeaves(int wi) {
    Worker& w = workers_[static_cast<size_t>(wi)];
    w.in_post = false;
    auto& members = members_[static_cast<size_t>(w.team)];
    members.erase(std::find(members.begin(), members.end(), wi));
    w.spell.mutable_worker()->set_end_date(FormatIsoDate(today_));
    Put(w.spell, today_);
    const std::set<int> caseload = w.children;
    for (int c : caseload) Allocate(c, w.team);
    Schedule(today_ + rng_.Int(14, 70), ActionType::kWorkerStart, w.team);
  }

  // Picks the less loaded of two random case-holders in the team (a realistic
  // spread rather than perfectly even caseloads).
  int PickWorker(int team) {
    const std::vector<int>* pool = &members_[static_cast<size_t>(team)];
    for (size_t t = 0; pool->empty() && t < members_.size(); ++t) pool = &members_[t];
    const auto& m = *pool;
    const int a = m[static_cast<size_t>(rng_.Int(0, static_cast<int>(m.size()) - 1))];
    const int b = m[static_cast<size_t>(rng_.Int(0, static_cast<int>(m.size()) - 1))];
    return workers_[static_cast<size_t>(a)].children.size() <=
                   workers_[static_cast<size_t>(b)].children.size()
               ? a
               : b;
  }

  void EndAllocation(Child& c, int ci) {
    if (!c.open[kAllocation]) return;
    CaseEvent& al = *c.open[kAllocation];
    al.mutable_allocation()->set_end_date(FormatIsoDate(today_));
    Put(al, today_);
    workers_[static_cast<size_t>(c.worker)].children.erase(ci);
    c.open[kAllocation].reset();
    c.worker = -1;
  }

  // Allocates the child to a worker in `team` from today (ending any current
  // allocation) and keeps supervision running.
  void Allocate(int ci, int team) {
    Child& c = children_[static_cast<size_t>(ci)];
    EndAllocation(c, ci);
    const int w = PickWorker(team);
    Worker& worker = workers_[static_cast<size_t>(w)];
    auto al = std::make_unique<CaseEvent>(NewChildRecord(c, "AL", TeamId(worker.team)));
    al->set_worker_id(worker.id);
    al->mutable_allocation()->set_start_date(FormatIsoDate(today_));
    Put(*al, today_);
    c.open[kAllocation] = std::move(al);
    c.worker = w;
    c.team = worker.team;
    worker.children.insert(ci);
    ++c.sup_gen;
    Schedule(today_ + rng_.Int(7, 30), ActionType::kSupervision, ci, c.sup_gen);
  }

  // ---- Children -------------------------------------------------------------

  int NewChild(Day dob, bool uasc) {
    Child c;
    c.id = "C" + std::to_string(children_.size() + 1);
    c.dob = dob;
    c.uasc = uasc;
    c.family = "F" + std::to_string(children_.size() / 2 + 1);  // siblings share families
    children_.push_back(std::move(c));
    Child& ch = children_.back();
    CaseEvent person = NewChildRecord(ch, "", TeamId(kFrontDoor));
    person.set_record_id(ch.id);
    v1::Person* p = person.mutable_person();
    p->set_birth_date(FormatIsoDate(dob));
    p->set_uasc(uasc);
    if (uasc) p->set_uasc_ceased_date(FormatIsoDate(AddYears(dob, 18)));
    Put(person, today_);
    return static_cast<int>(children_.size()) - 1;
  }

  Day RandomDob(Day on, int min_age, int max_age) {
    const Day oldest = AddYears(on, -(max_age + 1)) + 1;
    const Day youngest = AddYears(on, -min_age);
    return oldest + rng_.Int(0, youngest - oldest);
  }

  bool Under18(const Child& c, Day d) const { return d < AddYears(c.dob, 18); }

  void Population() {
    const int first = CivilFromDay(start_).year - 1;
    const int last = CivilFromDay(end_).year;
    for (int y = first; y <= last; ++y) {
      CaseEvent e = NewRecord("", "");
      e.set_record_id("population:" + std::to_string(y));
      v1::PopulationEstimate* p = e.mutable_population_estimate();
      p->set_mid_year(y);
      p->set_population(
          static_cast<int64_t>(std::lround(kPopulation * o_.scale * (1.0 + 0.004 * (y - first)))));
      p->set_source("synthetic");
      Put(e, today_);
    }
  }

  void Contacts() {
    const bool weekend = Weekday(today_) >= 5;
    const double mean = kContactsPerWeekday * o_.scale * (weekend ? kWeekendShare : 1.0);
    const int n = rng_.Poisson(mean);
    static constexpr std::array<const char*, 14> kSources = {
        "1A", "1B", "2A", "3A", "3B", "3C", "3E", "4", "5A", "5B", "5C", "6", "8", "9"};
    for (int i = 0; i < n; ++i) {
      int ci = -1;
      if (!children_.empty() && rng_.Chance(kKnownChildShare)) {
        ci = rng_.Int(0, static_cast<int>(children_.size()) - 1);
        if (!Under18(children_[static_cast<size_t>(ci)], today_)) ci = -1;
      }
      if (ci < 0) ci = NewChild(RandomDob(today_, 0, 17), false);
      Child& c = children_[static_cast<size_t>(ci)];
      std::string outcome = "nfa";
      const double r = rng_.Uniform();
      if (c.open_case()) {
        outcome = "open_case";
      } else if (r < kReferralShare) {
        outcome = "referral";
      } else if (r < kReferralShare + kEarlyHelpShare && !c.open[kEhEpisode]) {
        outcome = "early_help";
      }
      const std::string source = rng_.Pick(kSources);
      CaseEvent contact = NewChildRecord(c, "CT", TeamId(kFrontDoor));
      v1::Contact* p = contact.mutable_contact();
      p->set_date(FormatIsoDate(today_));
      p->set_source(source);
      p->set_outcome(outcome);
      Put(contact, today_);
      if (outcome == "referral") {
        StartReferral(ci, source, false);
      } else if (outcome == "early_help") {
        StartEarlyHelp(ci);
      }
    }
  }

  void StartEarlyHelp(int ci) {
    Child& c = children_[static_cast<size_t>(ci)];
    auto ep = std::make_unique<CaseEvent>(NewChildRecord(c, "EH", kEarlyHelpTeam));
    ep->mutable_early_help_episode()->set_start_date(FormatIsoDate(today_));
    Put(*ep, today_);
    c.open[kEhEpisode] = std::move(ep);
    auto as = std::make_unique<CaseEvent>(NewChildRecord(c, "EHA", kEarlyHelpTeam));
    as->mutable_early_help_assessment()->set_start_date(FormatIsoDate(today_));
    Put(*as, today_);
    c.open[kEhAssessment] = std::move(as);
    Schedule(today_ + rng_.Int(10, 40), ActionType::kEhAssessmentDone, ci);
    Schedule(today_ + rng_.Int(90, 270), ActionType::kEhEnd, ci);
  }

  // Opens a referral (a CIN episode) for the child today, allocated to an
  // assessment worker, with its assessment and, for some, a strategy
  // discussion. `concern` raises the chance of child protection (repeat
  // referrals of children who had a plan).
  void StartReferral(int ci, const std::string& source, bool concern, bool assess_only = false) {
    Child& c = children_[static_cast<size_t>(ci)];
    ++c.case_gen;
    static constexpr std::array<const char*, 9> kNeeds = {"N1", "N1", "N1", "N2", "N3",
                                                          "N4", "N5", "N6", "N8"};
    const bool nfa = !concern && !assess_only && rng_.Chance(kNfaShare);
    const int team = rng_.Chance(0.2) ? kFrontDoor : rng_.Pick(kAssessmentTeams);
    auto ref = std::make_unique<CaseEvent>(NewChildRecord(c, "RF", TeamId(team)));
    v1::Referral* r = ref->mutable_referral();
    r->set_date(FormatIsoDate(today_));
    r->set_source(source);
    r->set_nfa(nfa);
    r->set_primary_need(rng_.Pick(kNeeds));
    Put(*ref, today_);
    const std::string referral_id = ref->record_id();
    c.open[kReferral] = std::move(ref);
    if (nfa) {
      CloseCase(ci, "RC6");
      // Concerns that were not acted on often come back within the year
      // (England's re-referral rate is about 22%).
      if (rng_.Chance(kReReferralAfterNfa)) {
        Schedule(today_ + rng_.Int(20, 330), ActionType::kReReferral, ci);
      }
      return;
    }
    Allocate(ci, team);
    auto as = std::make_unique<CaseEvent>(NewChildRecord(c, "AS", TeamId(c.team)));
    as->mutable_assessment()->set_referral_id(referral_id);
    as->mutable_assessment()->set_start_date(FormatIsoDate(today_));
    Put(*as, today_);
    c.open[kAssessment] = std::move(as);
    const size_t band = rng_.Weighted(std::array<double, 3>{0.72, 0.14, 0.14});
    const int wd = band == 0 ? rng_.Int(8, 40) : band == 1 ? rng_.Int(41, 45) : rng_.Int(46, 80);
    Schedule(AddWorkingDays(today_, wd), ActionType::kAssessmentAuthorised, ci, c.case_gen);

    if (rng_.Chance(0.03)) {
      auto ex = std::make_unique<CaseEvent>(NewChildRecord(c, "EX", TeamId(c.team)));
      ex->mutable_exploitation_assessment()->set_start_date(FormatIsoDate(today_));
      ex->mutable_exploitation_assessment()->set_referral_id(referral_id);
      Put(*ex, today_);
      c.open[kExploitation] = std::move(ex);
      Schedule(today_ + rng_.Int(10, 30), ActionType::kExploitationDone, ci, c.case_gen);
    }
    if (!assess_only && rng_.Chance(concern ? 0.8 : kStrategyShare)) {
      auto sd = std::make_unique<CaseEvent>(NewChildRecord(c, "SD", TeamId(c.team)));
      sd->mutable_strategy_discussion()->set_requested_date(FormatIsoDate(today_));
      sd->mutable_strategy_discussion()->set_referral_id(referral_id);
      Put(*sd, today_);
      c.open[kStrategy] = std::move(sd);
      const int delay = rng_.Chance(0.9) ? rng_.Int(0, 3) : rng_.Int(4, 7);
      Schedule(AddWorkingDays(today_, delay), ActionType::kStrategyHeld, ci, c.case_gen);
    }
  }

  void StrategyHeld(int ci) {
    Child& c = children_[static_cast<size_t>(ci)];
    if (!c.open[kStrategy]) return;
    const bool s47 = rng_.Chance(kS47Share);
    CaseEvent& sd = *c.open[kStrategy];
    sd.mutable_strategy_discussion()->set_held_date(FormatIsoDate(today_));
    sd.mutable_strategy_discussion()->set_s47_initiated(s47);
    Put(sd, today_);
    const std::string sd_id = sd.record_id();
    c.open[kStrategy].reset();
    if (!s47) return;
    const bool concern = c.cp_plans > 0;
    auto s = std::make_unique<CaseEvent>(NewChildRecord(c, "S47", TeamId(c.team)));
    s->mutable_section47()->set_start_date(FormatIsoDate(today_));
    s->mutable_section47()->set_referral_id(c.open[kReferral]->record_id());
    s->mutable_section47()->set_strategy_discussion_id(sd_id);
    Put(*s, today_);
    c.open[kSection47] = std::move(s);
    Schedule(today_ + rng_.Int(7, 30), ActionType::kS47End, ci, c.case_gen);
    if (rng_.Chance(concern ? 0.7 : kIcpcShare)) {
      c.pending_icpc = true;
      const int wd = rng_.Chance(0.8) ? rng_.Int(5, 15) : rng_.Int(16, 28);
      Schedule(AddWorkingDays(today_, wd), ActionType::kIcpc, ci, c.case_gen);
    }
  }

  void S47End(int ci) {
    Child& c = children_[static_cast<size_t>(ci)];
    if (!c.open[kSection47]) return;
    CaseEvent& s = *c.open[kSection47];
    s.mutable_section47()->set_end_date(FormatIsoDate(today_));
    s.mutable_section47()->set_icpc_required(c.pending_icpc || c.open[kCpPlan] != nullptr);
    Put(s, today_);
    c.open[kSection47].reset();
  }

  void Icpc(int ci) {
    Child& c = children_[static_cast<size_t>(ci)];
    c.pending_icpc = false;
    const bool plan = !c.in_care() && rng_.Chance(kPlanShare);
    CaseEvent icpc = NewChildRecord(c, "IC", TeamId(c.team));
    icpc.mutable_icpc()->set_date(FormatIsoDate(today_));
    // The S47 may already have ended; its id is the one the conference
    // followed, kept on the child while open. Ended ones are not linked here
    // by design: the engine treats a missing S47 as "not timely".
    if (c.open[kSection47])
      icpc.mutable_icpc()->set_s47_id(c.open[kSection47]->record_id());
    else
      icpc.mutable_icpc()->set_s47_id(last_s47_[ci]);
    icpc.mutable_icpc()->set_plan_started(plan);
    Put(icpc, today_);
    if (plan) {
      StartCpPlan(ci, today_);
    } else if (!c.open[kAssessment] && !c.open[kCinPlan] && !c.in_care()) {
      StartCinPlan(ci);
    }
  }

  void StartCpPlan(int ci, Day start) {
    Child& c = children_[static_cast<size_t>(ci)];
    if (c.open[kCinPlan]) EndCinPlan(ci, false);
    Allocate(ci, rng_.Pick(kSafeguardingTeams));
    static constexpr std::array<const char*, 5> kCategories = {"NEG", "NEG", "EMO", "PHY", "SAB"};
    auto plan = std::make_unique<CaseEvent>(NewChildRecord(c, "CP", TeamId(c.team)));
    v1::CpPlan* p = plan->mutable_cp_plan();
    p->set_start_date(FormatIsoDate(start));
    const std::string category = rng_.Chance(0.05) ? "MUL" : rng_.Pick(kCategories);
    p->set_initial_category(category);
    p->set_latest_category(category);
    p->set_family_id(c.family);
    p->set_previous_plans(c.cp_plans);
    if (c.open[kReferral]) p->set_referral_id(c.open[kReferral]->record_id());
    Put(*plan, today_);
    c.open[kCpPlan] = std::move(plan);
    ++c.cp_plans;
    Schedule(start + CpPlanDays(), ActionType::kCpPlanEnd, ci, c.case_gen);
    StartVisits(ci, 1, 10);
  }

  // CP plan length: mostly 3-18 months, a small tail beyond two years.
  int CpPlanDays() {
    const size_t band = rng_.Weighted(std::array<double, 5>{0.12, 0.18, 0.34, 0.33, 0.03});
    static constexpr std::array<std::pair<int, int>, 5> kBands = {
        {{30, 90}, {91, 182}, {183, 365}, {366, 730}, {731, 900}}};
    return rng_.Int(kBands[band].first, kBands[band].second);
  }

  void AssessmentAuthorised(int ci) {
    Child& c = children_[static_cast<size_t>(ci)];
    if (!c.open[kAssessment]) return;
    static constexpr std::array<const char*, 12> kFactors = {
        "1B", "2B", "3A", "3B", "4B", "6A", "8B", "10A", "11A", "16A", "18B", "21"};
    const bool protective = c.open[kCpPlan] || c.pending_icpc || c.in_care();
    const bool in_need = protective || rng_.Chance(kInNeedShare);
    CaseEvent& as = *c.open[kAssessment];
    v1::Assessment* p = as.mutable_assessment();
    p->set_authorised_date(FormatIsoDate(today_));
    p->set_outcome(in_need ? v1::ASSESSMENT_OUTCOME_IN_NEED : v1::ASSESSMENT_OUTCOME_NOT_IN_NEED);
    const int n = rng_.Int(1, 3);
    for (int i = 0; i < n; ++i) p->add_factors(rng_.Pick(kFactors));
    Put(as, today_);
    c.open[kAssessment].reset();
    if (protective || c.open[kCinPlan]) return;
    if (!in_need) {
      CloseCase(ci, rng_.Chance(0.3) ? "RC8" : "RC7");
      if (rng_.Chance(kReReferralAfterNotInNeed)) {
        Schedule(today_ + rng_.Int(20, 330), ActionType::kReReferral, ci);
      }
      return;
    }
    StartCinPlan(ci);
  }

  void StartCinPlan(int ci) {
    Child& c = children_[static_cast<size_t>(ci)];
    Allocate(ci, kCinTeam);
    auto plan = std::make_unique<CaseEvent>(NewChildRecord(c, "CN", TeamId(c.team)));
    plan->mutable_cin_plan()->set_start_date(FormatIsoDate(today_));
    if (c.open[kReferral]) {
      plan->mutable_cin_plan()->set_referral_id(c.open[kReferral]->record_id());
    }
    Put(*plan, today_);
    c.open[kCinPlan] = std::move(plan);
    Schedule(today_ + rng_.Int(90, 365), ActionType::kCinPlanEnd, ci, c.case_gen);
    StartVisits(ci, 3, 20);
  }

  void EndCinPlan(int ci, bool close_case) {
    Child& c = children_[static_cast<size_t>(ci)];
    if (!c.open[kCinPlan]) return;
    CaseEvent& plan = *c.open[kCinPlan];
    plan.mutable_cin_plan()->set_end_date(FormatIsoDate(today_));
    Put(plan, today_);
    c.open[kCinPlan].reset();
    if (close_case && !c.open[kCpPlan] && !c.in_care()) {
      CloseCase(ci, rng_.Chance(0.9) ? "RC6" : "RC4");
      if (rng_.Chance(0.2)) Schedule(today_ + rng_.Int(60, 700), ActionType::kReReferral, ci);
    }
  }

  void CpPlanEnd(int ci) {
    Child& c = children_[static_cast<size_t>(ci)];
    if (!c.open[kCpPlan]) return;
    CaseEvent& plan = *c.open[kCpPlan];
    plan.mutable_cp_plan()->set_end_date(FormatIsoDate(today_));
    Put(plan, today_);
    c.open[kCpPlan].reset();
    if (c.in_care()) return;
    if (rng_.Chance(0.45)) {
      StartCinPlan(ci);
      return;
    }
    CloseCase(ci, rng_.Chance(0.9) ? "RC6" : "RC4");
    if (rng_.Chance(0.3)) Schedule(today_ + rng_.Int(90, 700), ActionType::kReReferral, ci);
  }

  // Ends the child's CIN episode: closure record, allocation ended, visits and
  // supervision stop.
  void CloseCase(int ci, const char* reason) {
    Child& c = children_[static_cast<size_t>(ci)];
    if (!c.open[kReferral]) return;
    CaseEvent closure = NewChildRecord(c, "", c.team >= 0 ? TeamId(c.team) : TeamId(kFrontDoor));
    closure.set_record_id(c.open[kReferral]->record_id());  // one closure per referral
    closure.mutable_cin_closure()->set_referral_id(c.open[kReferral]->record_id());
    closure.mutable_cin_closure()->set_closure_date(FormatIsoDate(today_));
    closure.mutable_cin_closure()->set_reason(reason);
    Put(closure, today_);
    for (Slot s : {kAssessment, kStrategy, kSection47, kExploitation}) {
      if (c.open[s]) c.open[s].reset();  // left open in the case system
    }
    c.open[kReferral].reset();
    c.pending_icpc = false;
    EndAllocation(c, ci);
    ++c.case_gen;
    ++c.visit_gen;
    ++c.sup_gen;
  }

  // ---- Care -----------------------------------------------------------------

  void CareEntries() {
    const int n = rng_.Poisson(kCareEntriesPerYear * o_.scale / 365.0);
    for (int i = 0; i < n; ++i) {
      const double r = rng_.Uniform();
      int ci = -1;
      if (r < kUascEntryShare) {
        ci = NewChild(RandomDob(today_, 15, 17), true);
      } else if (r < 0.6) {
        ci = RandomOpen(kCpPlan);
      } else {
        ci = RandomOpen(kCinPlan);
      }
      if (ci < 0) ci = NewChild(RandomDob(today_, 0, 17), false);
      EnterCare(ci);
    }
  }

  // A random child with the slot open and not in care, found by probing
  // (no index kept); -1 when none found.
  int RandomOpen(Slot s) {
    if (children_.empty()) return -1;
    for (int attempt = 0; attempt < 4000; ++attempt) {
      const int ci = rng_.Int(0, static_cast<int>(children_.size()) - 1);
      const Child& c = children_[static_cast<size_t>(ci)];
      if (c.open[s] && !c.in_care()) return ci;
    }
    return -1;
  }

  v1::ClaEpisode NewPlacement(const Child& c, Day day) {
    static constexpr std::array<const char*, 14> kFamily = {
        "U1", "U3", "U4", "U4", "U5", "U6", "U6", "U6", "U6", "U6", "U6", "U2", "P1", "A4"};
    static constexpr std::array<const char*, 5> kOther = {"K2", "K2", "R1", "H5", "S1"};
    const int age = CivilFromDay(day).year - CivilFromDay(c.dob).year;
    v1::ClaEpisode ep;
    const bool family = age < 14 ? rng_.Chance(0.85) : rng_.Chance(0.6);
    ep.set_place(family ? rng_.Pick(kFamily) : rng_.Pick(kOther));
    if (age >= 16 && !family && rng_.Chance(0.5)) ep.set_place("H5");
    static constexpr std::array<const char*, 5> kProviders = {"PR1", "PR1", "PR2", "PR4", "PR5"};
    ep.set_place_provider(rng_.Pick(kProviders));
    ep.set_intended_until_18(family && age < 14 && rng_.Chance(0.3));
    return ep;
  }

  void OpenEpisode(int ci, Day decom, const char* rne, const std::string& ls, v1::ClaEpisode ep,
                   Day recorded) {
    Child& c = children_[static_cast<size_t>(ci)];
    static constexpr std::array<const char*, 6> kNeedCodes = {"N1", "N1", "N1", "N2", "N4", "N5"};
    auto e = std::make_unique<CaseEvent>(NewChildRecord(c, "EP", TeamId(c.team)));
    ep.set_decom(FormatIsoDate(decom));
    ep.set_rne(rne);
    ep.set_ls(ls);
    ep.set_cin(c.uasc ? "N4" : rng_.Pick(kNeedCodes));
    *e->mutable_cla_episode() = std::move(ep);
    Put(*e, recorded);
    c.open[kEpisode] = std::move(e);
  }

  void CloseEpisode(int ci, Day dec, const std::string& rec, const std::string& why, Day recorded) {
    Child& c = children_[static_cast<size_t>(ci)];
    CaseEvent& e = *c.open[kEpisode];
    e.mutable_cla_episode()->set_dec(FormatIsoDate(dec));
    e.mutable_cla_episode()->set_rec(rec);
    e.mutable_cla_episode()->set_reason_place_change(why);
    Put(e, recorded);
    c.open[kEpisode].reset();
  }

  std::string EntryLegalStatus(const Child& c) {
    if (c.uasc) return "V2";
    static constexpr std::array<const char*, 10> kStatuses = {"C2", "C2", "C2", "C2", "V2",
                                                              "V2", "V2", "C1", "E1", "L1"};
    return rng_.Pick(kStatuses);
  }

  void EnterCare(int ci) {
    Child& c = children_[static_cast<size_t>(ci)];
    if (!Under18(c, today_ + 30)) return;
    if (!c.open_case()) StartReferral(ci, c.uasc ? "9" : "5A", false, /*assess_only=*/true);
    if (c.open[kCpPlan]) {
      c.open[kCpPlan]->mutable_cp_plan()->set_end_date(FormatIsoDate(today_));
      Put(*c.open[kCpPlan], today_);
      c.open[kCpPlan].reset();
    }
    if (c.open[kCinPlan]) EndCinPlan(ci, false);
    Allocate(ci, rng_.Pick(kCareTeams));
    OpenEpisode(ci, today_, "S", EntryLegalStatus(c), NewPlacement(c, today_), today_);
    c.placement_start = today_;
    ++c.care_gen;
    ScheduleCareChange(ci);
    StartVisits(ci, 2, 0);
  }

  void ScheduleCareChange(int ci) {
    Child& c = children_[static_cast<size_t>(ci)];
    const double rate = kPlacementMovesPerYear + kLegalChangesPerYear + kLeaveCarePerYear;
    Day next = today_ + 1 + static_cast<Day>(rng_.Exponential(365.0 / rate));
    const Day eighteen = AddYears(c.dob, 18);
    if (next > eighteen) next = eighteen;
    Schedule(next, ActionType::kCareChange, ci, c.care_gen);
  }

  void CareChange(int ci) {
    Child& c = children_[static_cast<size_t>(ci)];
    if (!c.in_care()) return;
    static constexpr std::array<const char*, 12> kMoveReasons = {
        "CARPL", "CARPL", "PLACE", "PLACE", "CHILD", "CREQB",
        "CREQO", "LAREQ", "OTHER", "APPRR", "ALLEG", "STAND"};
    const double total = kPlacementMovesPerYear + kLegalChangesPerYear + kLeaveCarePerYear;
    const double r = rng_.Uniform() * total;
    const bool adult = !Under18(c, today_);
    const std::string ls = c.open[kEpisode]->cla_episode().ls();
    if (adult || r >= kPlacementMovesPerYear + kLegalChangesPerYear) {
      LeaveCare(ci, adult);
      return;
    }
    if (r < kPlacementMovesPerYear) {
      CloseEpisode(ci, today_, "X1", rng_.Pick(kMoveReasons), today_);
      OpenEpisode(ci, today_, rng_.Chance(0.05) ? "B" : "P",
                  rng_.Chance(0.05) ? std::string("C2") : ls, NewPlacement(c, today_), today_);
      c.placement_start = today_;
      StartVisits(ci, 2, 0);
    } else {
      v1::ClaEpisode same = c.open[kEpisode]->cla_episode();
      same.set_dec("");
      same.set_rec("");
      same.set_reason_place_change("");
      std::string next_ls = ls == "C2" ? "C1" : ls == "V2" ? "C2" : "C1";
      CloseEpisode(ci, today_, "X1", "", today_);
      OpenEpisode(ci, today_, "L", next_ls, same, today_);
    }
    ScheduleCareChange(ci);
  }

  void LeaveCare(int ci, bool adult) {
    static constexpr std::array<const char*, 16> kReasons = {
        "E4A", "E4A", "E4A", "E4A", "E4A", "E4B", "E11", "E12",
        "E41", "E45", "E46", "E48", "E13", "E8",  "E3",  "E9"};
    static constexpr std::array<const char*, 4> kAdultReasons = {"E17", "E5", "E6", "E8"};
    const std::string rec = adult ? rng_.Pick(kAdultReasons) : rng_.Pick(kReasons);
    CloseEpisode(ci, today_, rec, "", today_);
    Child& c = children_[static_cast<size_t>(ci)];
    ++c.care_gen;
    const char* closure = rec == "E11" || rec == "E12"                                   ? "RC1"
                          : rec == "E41" || rec == "E45" || rec == "E46" || rec == "E48" ? "RC3"
                          : rec == "E3"                                                  ? "RC4"
                          : adult                                                        ? "RC5"
                                                                                         : "RC6";
    CloseCase(ci, closure);
  }

  // ---- Practice: visits and supervision --------------------------------------

  // kind: 1 CP, 2 CLA, 3 CIN. First visit after `first_within` days (CLA: the
  // regulation 28 first visit within a week of the placement).
  void StartVisits(int ci, int kind, int first_within) {
    Child& c = children_[static_cast<size_t>(ci)];
    ++c.visit_gen;
    int first = first_within;
    if (kind == 2)
      first = rng_.Chance(0.92) ? rng_.Int(1, 7) : rng_.Int(8, 14);
    else if (first == 0)
      first = 7;
    else
      first =
          rng_.Chance(0.9) ? rng_.Int(2, first_within) : rng_.Int(first_within, first_within * 2);
    Schedule(today_ + first, ActionType::kVisit, ci, c.visit_gen);
  }

  void Visit(int ci) {
    Child& c = children_[static_cast<size_t>(ci)];
    if (c.worker < 0) return;
    v1::VisitKind kind = c.in_care()        ? v1::VISIT_KIND_CLA
                         : c.open[kCpPlan]  ? v1::VISIT_KIND_CP
                         : c.open[kCinPlan] ? v1::VISIT_KIND_CIN
                                            : v1::VISIT_KIND_UNSPECIFIED;
    if (kind == v1::VISIT_KIND_UNSPECIFIED) return;
    CaseEvent v = NewChildRecord(c, "VS", TeamId(c.team));
    v.set_worker_id(workers_[static_cast<size_t>(c.worker)].id);
    const bool seen = rng_.Chance(0.96);
    const int age = CivilFromDay(today_).year - CivilFromDay(c.dob).year;
    v1::Visit* p = v.mutable_visit();
    p->set_kind(kind);
    p->set_date(FormatIsoDate(today_));
    p->set_seen(seen);
    p->set_seen_alone(seen && age >= 4 && rng_.Chance(0.7));
    Put(v, today_);
    Day next = today_;
    if (kind == v1::VISIT_KIND_CP) {
      next = AddWorkingDays(today_, rng_.Chance(0.9) ? rng_.Int(5, 10) : rng_.Int(11, 18));
    } else if (kind == v1::VISIT_KIND_CLA) {
      next = today_ + (rng_.Chance(0.9) ? rng_.Int(21, 42) : rng_.Int(43, 60));
    } else {
      next = today_ + (rng_.Chance(0.9) ? rng_.Int(14, 30) : rng_.Int(31, 50));
    }
    Schedule(next, ActionType::kVisit, ci, c.visit_gen);
  }

  void Supervision(int ci) {
    Child& c = children_[static_cast<size_t>(ci)];
    if (c.worker < 0) return;
    CaseEvent s = NewChildRecord(c, "SV", TeamId(c.team));
    s.set_worker_id(workers_[static_cast<size_t>(c.worker)].id);
    s.mutable_supervision()->set_date(FormatIsoDate(today_));
    Put(s, today_);
    Schedule(today_ + (rng_.Chance(0.88) ? rng_.Int(20, 30) : rng_.Int(31, 50)),
             ActionType::kSupervision, ci, c.sup_gen);
  }

  // ---- Seeding: the open caseload on the first day ----------------------------

  // A duration drawn length-biased (open cases are the longer ones), with the
  // time already elapsed uniform within it.
  std::pair<int, int> SeedDuration(int (Simulation::*draw)()) {
    int total = 0;
    for (int attempt = 0; attempt < 50; ++attempt) {
      total = (this->*draw)();
      if (rng_.Uniform() * 900.0 < total) break;
    }
    const int elapsed = rng_.Int(0, total - 1);
    return {total, elapsed};
  }

  int CinPlanDays() { return rng_.Int(90, 365); }

  // Referral + authorised assessment dated `on`, allocation from today.
  void SeedReferral(int ci, Day on, int team) {
    Child& c = children_[static_cast<size_t>(ci)];
    ++c.case_gen;
    auto ref = std::make_unique<CaseEvent>(NewChildRecord(c, "RF", TeamId(team)));
    ref->mutable_referral()->set_date(FormatIsoDate(on));
    ref->mutable_referral()->set_source("5A");
    ref->mutable_referral()->set_primary_need("N1");
    Put(*ref, today_);
    CaseEvent as = NewChildRecord(c, "AS", TeamId(team));
    v1::Assessment* a = as.mutable_assessment();
    a->set_referral_id(ref->record_id());
    a->set_start_date(FormatIsoDate(on));
    const Day auth = std::min(AddWorkingDays(on, rng_.Int(10, 45)), today_ - 1);
    a->set_authorised_date(FormatIsoDate(std::max(auth, on)));
    a->set_outcome(v1::ASSESSMENT_OUTCOME_IN_NEED);
    a->add_factors("3A");
    Put(as, today_);
    c.open[kReferral] = std::move(ref);
  }

  void SeedOpenCases() {
    const int cp = static_cast<int>(std::lround(kSeedCpPlans * o_.scale));
    for (int i = 0; i < cp; ++i) {
      const auto [total, elapsed] = SeedDuration(&Simulation::CpPlanDays);
      const Day plan_start = today_ - elapsed;
      const int ci = NewChild(RandomDob(plan_start, 0, 15), false);
      Child& c = children_[static_cast<size_t>(ci)];
      if (rng_.Chance(0.2)) {  // an earlier plan, years ago: a repeat plan
        const Day old_start = plan_start - rng_.Int(400, 1200);
        if (old_start > c.dob) {
          CaseEvent old = NewChildRecord(c, "CP", TeamId(kSafeguardingTeams[0]));
          old.mutable_cp_plan()->set_start_date(FormatIsoDate(old_start));
          old.mutable_cp_plan()->set_end_date(FormatIsoDate(old_start + rng_.Int(90, 360)));
          old.mutable_cp_plan()->set_initial_category("NEG");
          old.mutable_cp_plan()->set_latest_category("NEG");
          old.mutable_cp_plan()->set_family_id(c.family);
          old.mutable_cp_plan()->set_previous_plans(0);
          Put(old, today_);
          ++c.cp_plans;
        }
      }
      const int team = rng_.Pick(kSafeguardingTeams);
      SeedReferral(ci, std::max(c.dob, plan_start - rng_.Int(20, 40)), team);
      Allocate(ci, team);
      auto plan = std::make_unique<CaseEvent>(NewChildRecord(c, "CP", TeamId(c.team)));
      v1::CpPlan* p = plan->mutable_cp_plan();
      p->set_start_date(FormatIsoDate(plan_start));
      p->set_initial_category("NEG");
      p->set_latest_category(rng_.Chance(0.8) ? "NEG" : "EMO");
      p->set_family_id(c.family);
      p->set_previous_plans(c.cp_plans);
      p->set_referral_id(c.open[kReferral]->record_id());
      Put(*plan, today_);
      c.open[kCpPlan] = std::move(plan);
      ++c.cp_plans;
      Schedule(plan_start + total, ActionType::kCpPlanEnd, ci, c.case_gen);
      StartVisits(ci, 1, 10);
    }

    const int cla = static_cast<int>(std::lround(kSeedLookedAfter * o_.scale));
    for (int i = 0; i < cla; ++i) {
      const bool uasc = rng_.Chance(kUascEntryShare);
      const int ci = NewChild(uasc ? RandomDob(today_, 15, 17) : RandomDob(today_, 1, 17), uasc);
      Child& c = children_[static_cast<size_t>(ci)];
      const int age_days = today_ - c.dob;
      const int in_care_for = rng_.Int(1, std::max(2, std::min(age_days - 1, uasc ? 500 : 2200)));
      const Day care_start = today_ - in_care_for;
      SeedReferral(ci, std::max(c.dob, care_start - rng_.Int(0, 60)), kCareTeams[0]);
      Allocate(ci, rng_.Pick(kCareTeams));
      // Episodes from the care start to today, with the same hazards as the
      // live model (without leaving).
      OpenEpisode(ci, care_start, "S", EntryLegalStatus(c), NewPlacement(c, care_start), today_);
      Day t = care_start;
      Day placement = care_start;
      while (true) {
        t += 1 + static_cast<Day>(
                     rng_.Exponential(365.0 / (kPlacementMovesPerYear + kLegalChangesPerYear)));
        if (t >= today_) break;
        const std::string ls = c.open[kEpisode]->cla_episode().ls();
        if (rng_.Uniform() * (kPlacementMovesPerYear + kLegalChangesPerYear) <
            kPlacementMovesPerYear) {
          CloseEpisode(ci, t, "X1", "CARPL", today_);
          OpenEpisode(ci, t, "P", ls, NewPlacement(c, t), today_);
          placement = t;
        } else {
          v1::ClaEpisode same = c.open[kEpisode]->cla_episode();
          same.set_dec("");
          same.set_rec("");
          CloseEpisode(ci, t, "X1", "", today_);
          OpenEpisode(ci, t, "L", ls == "V2" ? "C2" : "C1", same, today_);
        }
      }
      c.placement_start = placement;
      ++c.care_gen;
      ScheduleCareChange(ci);
      StartVisits(ci, 2, 0);
    }

    const int cin = static_cast<int>(std::lround(kSeedCinPlans * o_.scale));
    for (int i = 0; i < cin; ++i) {
      const auto [total, elapsed] = SeedDuration(&Simulation::CinPlanDays);
      const Day plan_start = today_ - elapsed;
      const int ci = NewChild(RandomDob(plan_start, 0, 15), false);
      Child& c = children_[static_cast<size_t>(ci)];
      SeedReferral(ci, std::max(c.dob, plan_start - rng_.Int(20, 45)), kCinTeam);
      Allocate(ci, kCinTeam);
      auto plan = std::make_unique<CaseEvent>(NewChildRecord(c, "CN", TeamId(c.team)));
      plan->mutable_cin_plan()->set_start_date(FormatIsoDate(plan_start));
      plan->mutable_cin_plan()->set_referral_id(c.open[kReferral]->record_id());
      Put(*plan, today_);
      c.open[kCinPlan] = std::move(plan);
      Schedule(plan_start + total, ActionType::kCinPlanEnd, ci, c.case_gen);
      StartVisits(ci, 3, 20);
    }
  }

  // ---- Dispatch ---------------------------------------------------------------

  void Handle(const Action& a) {
    if (a.type == ActionType::kWorkerStart) {
      StartWorker(a.subject, today_, rng_.Chance(0.3), true);
      return;
    }
    Child& c = children_[static_cast<size_t>(a.subject)];
    switch (a.type) {
      case ActionType::kStrategyHeld:
        if (a.gen == c.case_gen) StrategyHeld(a.subject);
        break;
      case ActionType::kS47End:
        if (a.gen == c.case_gen) {
          if (c.open[kSection47]) last_s47_[a.subject] = c.open[kSection47]->record_id();
          S47End(a.subject);
        }
        break;
      case ActionType::kIcpc:
        if (a.gen == c.case_gen && c.pending_icpc) Icpc(a.subject);
        break;
      case ActionType::kAssessmentAuthorised:
        if (a.gen == c.case_gen) AssessmentAuthorised(a.subject);
        break;
      case ActionType::kExploitationDone:
        if (a.gen == c.case_gen && c.open[kExploitation]) {
          CaseEvent& ex = *c.open[kExploitation];
          ex.mutable_exploitation_assessment()->set_completed_date(FormatIsoDate(today_));
          Put(ex, today_);
          c.open[kExploitation].reset();
        }
        break;
      case ActionType::kCpPlanEnd:
        if (a.gen == c.case_gen) CpPlanEnd(a.subject);
        break;
      case ActionType::kCinPlanEnd:
        if (a.gen == c.case_gen) EndCinPlan(a.subject, true);
        break;
      case ActionType::kVisit:
        if (a.gen == c.visit_gen) Visit(a.subject);
        break;
      case ActionType::kSupervision:
        if (a.gen == c.sup_gen) Supervision(a.subject);
        break;
      case ActionType::kCareChange:
        if (a.gen == c.care_gen) CareChange(a.subject);
        break;
      case ActionType::kEhAssessmentDone:
        if (c.open[kEhAssessment]) {
          CaseEvent& as = *c.open[kEhAssessment];
          v1::EarlyHelpAssessment* p = as.mutable_early_help_assessment();
          p->set_completed_date(FormatIsoDate(today_));
          const bool partner = rng_.Chance(0.4);
          p->set_partner_led(partner);
          p->set_lead_agency(partner ? (rng_.Chance(0.6) ? "school" : "health") : "la");
          Put(as, today_);
          c.open[kEhAssessment].reset();
        }
        break;
      case ActionType::kEhEnd:
        if (c.open[kEhEpisode]) {
          CaseEvent& ep = *c.open[kEhEpisode];
          ep.mutable_early_help_episode()->set_end_date(FormatIsoDate(today_));
          Put(ep, today_);
          c.open[kEhEpisode].reset();
        }
        break;
      case ActionType::kReReferral:
        if (!c.open_case() && !c.in_care() && Under18(c, today_)) {
          CaseEvent contact = NewChildRecord(c, "CT", TeamId(kFrontDoor));
          contact.mutable_contact()->set_date(FormatIsoDate(today_));
          contact.mutable_contact()->set_source("1A");
          contact.mutable_contact()->set_outcome("referral");
          Put(contact, today_);
          StartReferral(a.subject, "1A", c.cp_plans > 0);
        }
        break;
      case ActionType::kWorkerStart:
        break;
    }
  }

  const SyntheticCouncilOptions& o_;
  Rng rng_;
  Delivery out_;
  GenerationStats& stats_;
  const Day start_;
  const Day end_;
  Day today_ = 0;
  std::vector<std::vector<Action>> agenda_;
  std::vector<Child> children_;
  std::vector<Worker> workers_;
  std::vector<std::string> team_ids_;
  std::vector<std::vector<int>> members_;  // in-post case-holders per team
  std::map<int, std::string> last_s47_;    // child -> latest ended S47 id
  int64_t record_seq_ = 0;
  int64_t spurious_seq_ = 0;  // own counter: the real records' ids must not move
};

}  // namespace

absl::StatusOr<GenerationStats> GenerateSyntheticCouncil(const SyntheticCouncilOptions& options,
                                                         EventSink& sink) {
  if (!(options.scale > 0.0 && options.scale <= 100.0)) {
    return absl::InvalidArgumentError("scale must be in (0, 100]");
  }
  if (options.years < 1 || options.years > 50) {
    return absl::InvalidArgumentError("years must be in [1, 50]");
  }
  for (double r : {options.out_of_order_rate, options.duplicate_rate, options.correction_rate,
                   options.delete_rate}) {
    if (!(r >= 0.0 && r <= 1.0)) return absl::InvalidArgumentError("rates must be in [0, 1]");
  }
  if (!importers::IsValidId(options.la_code) || options.la_code.size() > 16) {
    return absl::InvalidArgumentError("la_code must be a short id such as 201");
  }
  const YearMonthDay first = CivilFromDay(options.start);
  if (first.year < kMinYear + 20 || first.year + options.years > kMaxYear) {
    return absl::InvalidArgumentError("start date out of range");
  }
  GenerationStats stats;
  Simulation sim(options, sink, stats);
  sim.Run();
  return stats;
}

}  // namespace scorecard::generator
