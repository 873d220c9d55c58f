// Data-quality rules (INDICATORS.md "Consistency rules worth reporting at
// ingest") as measures: the series of a rule counts the child's records that
// break it now. Every violation is emitted as +1 on one fixed early day
// (kDataQualityDay, 1900-01-01, the first date the product accepts), so the
// prefix sum on any accepted date is the council's current count, and a
// correction or deletion that removes a violation removes its +1 through the
// ordinary contribution difference. Counts are council-wide (no team).

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "engine/measure.h"

namespace scorecard {
namespace {

using v1::CaseEvent;
using Kinds = std::vector<CaseEvent::PayloadCase>;

struct Interval {
  Day start;
  Day end;  // exclusive; kOpenEnd when open
  const CaseEvent* record;
};

// Records of `kind` with a start date; the end date may be absent (open).
template <typename Dates>
std::vector<Interval> IntervalsOf(const SubjectView& v, CaseEvent::PayloadCase kind, Dates dates) {
  std::vector<Interval> out;
  for (const CaseEvent* e : v.Of(kind)) {
    const auto [start_text, end_text] = dates(*e);
    auto start = DateOf(start_text);
    if (!start) continue;
    out.push_back({*start, DateOf(end_text).value_or(kOpenEnd), e});
  }
  return out;
}

std::vector<Interval> CpPlans(const SubjectView& v) {
  return IntervalsOf(v, CaseEvent::kCpPlan, [](const CaseEvent& e) {
    return std::pair<const std::string&, const std::string&>(e.cp_plan().start_date(),
                                                             e.cp_plan().end_date());
  });
}

// Both open on some day: start <= D < end for each. A plan that starts and
// ends on the same day is never open, so it overlaps nothing.
bool Overlap(const Interval& a, const Interval& b) {
  return a.start < b.end && b.start < a.end && a.start < a.end && b.start < b.end;
}

int64_t CinPlanDuringCpPlan(const SubjectView& v) {
  const auto cp = CpPlans(v);
  const auto cin = IntervalsOf(v, CaseEvent::kCinPlan, [](const CaseEvent& e) {
    return std::pair<const std::string&, const std::string&>(e.cin_plan().start_date(),
                                                             e.cin_plan().end_date());
  });
  int64_t n = 0;
  for (const Interval& c : cin) {
    n += std::any_of(cp.begin(), cp.end(), [&](const Interval& p) { return Overlap(c, p); });
  }
  return n;
}

// Counts each CP plan that overlaps an earlier one (earlier start; equal
// starts: the smaller record id is the earlier), so two plans open together
// count once and three count twice: the plans beyond the one allowed.
int64_t OverlappingCpPlans(const SubjectView& v) {
  const auto cp = CpPlans(v);
  int64_t n = 0;
  for (const Interval& a : cp) {
    n += std::any_of(cp.begin(), cp.end(), [&](const Interval& b) {
      const bool earlier = b.start < a.start ||
                           (b.start == a.start && b.record->record_id() < a.record->record_id());
      return earlier && Overlap(a, b);
    });
  }
  return n;
}

int64_t CpPlanSameDay(const SubjectView& v) {
  int64_t n = 0;
  for (const Interval& p : CpPlans(v)) n += p.end == p.start;
  return n;
}

// ICPCs and CP plans dated before the child's earliest referral (any
// referral, NFA included). A child with no referral is not counted: there is
// no referral date to compare with.
int64_t BeforeReferral(const SubjectView& v) {
  std::optional<Day> first;
  for (const CaseEvent* e : v.Of(CaseEvent::kReferral)) {
    if (auto d = DateOf(e->referral().date()); d && (!first || *d < *first)) first = d;
  }
  if (!first) return 0;
  int64_t n = 0;
  for (const CaseEvent* e : v.Of(CaseEvent::kIcpc)) {
    auto d = DateOf(e->icpc().date());
    n += d && *d < *first;
  }
  for (const Interval& p : CpPlans(v)) n += p.start < *first;
  return n;
}

// ICPCs whose linked S47 (icpc.s47_id, same child) started after the ICPC.
int64_t S47AfterIcpc(const SubjectView& v) {
  int64_t n = 0;
  for (const CaseEvent* e : v.Of(CaseEvent::kIcpc)) {
    auto icpc = DateOf(e->icpc().date());
    if (!icpc || e->icpc().s47_id().empty()) continue;
    const CaseEvent* s47 = v.Find(CaseEvent::kSection47, e->icpc().s47_id());
    if (s47 == nullptr) continue;
    auto start = DateOf(s47->section47().start_date());
    n += start && *start > *icpc;
  }
  return n;
}

struct Rule {
  const char* id;
  int64_t (*count)(const SubjectView&);
  Kinds inputs;
};

const std::vector<Rule>& Rules() {
  static const std::vector<Rule> kRules = {
      {"cin_plan_during_cp_plan", CinPlanDuringCpPlan, {CaseEvent::kCinPlan, CaseEvent::kCpPlan}},
      {"overlapping_cp_plans", OverlappingCpPlans, {CaseEvent::kCpPlan}},
      {"cp_plan_same_day", CpPlanSameDay, {CaseEvent::kCpPlan}},
      {"before_referral",
       BeforeReferral,
       {CaseEvent::kReferral, CaseEvent::kIcpc, CaseEvent::kCpPlan}},
      {"s47_after_icpc", S47AfterIcpc, {CaseEvent::kIcpc, CaseEvent::kSection47}},
  };
  return kRules;
}

const Rule& RuleOf(const MeasureParams& p) {
  for (const Rule& r : Rules()) {
    if (p.Str("rule") == r.id) return r;
  }
  return Rules().front();  // unreachable: ParseParams checked the allowed values
}

}  // namespace

void RegisterDataQualityMeasures(MeasureRegistry& r) {
  std::vector<std::string> ids;
  for (const Rule& rule : Rules()) ids.emplace_back(rule.id);
  r.Register(MeasureSpec{
      "data_quality",
      SeriesKind::kSnapshot,
      "Snapshot: records that break a consistency rule now, all counted on 1900-01-01 so any "
      "date reads the current count.",
      {{"rule", ParamType::kString, ids.front(), ids, 0, 0, "the consistency rule"}},
      [](const MeasureParams& p) { return RuleOf(p).inputs; },
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
        static const Day kDataQualityDay = DayFromCivil(kMinYear, 1, 1);
        if (const int64_t n = RuleOf(p).count(v); n != 0) out.Flow("", kDataQualityDay, n);
      }});
}

}  // namespace scorecard
