// Measures of assessment timeliness, strategy discussions, section 47
// enquiries and conferences, children in need and child protection plans
// (INDICATORS.md "Assessment", "Strategy discussions, section 47,
// conferences", "Children in need and child protection"). Each one reads one
// child's live records; look-ups between records (an assessment's referral,
// an ICPC's S47, a closure's referral) are by record id among that child's
// records of the named kind.

#include <algorithm>

#include "engine/measure.h"

namespace scorecard {
namespace {

using v1::CaseEvent;
using Kinds = std::vector<CaseEvent::PayloadCase>;

// The first day D with AddYears(D, -years) >= start, i.e. the first day on
// which "start <= D - years" holds. It is AddYears(start, years) except for a
// 29 February start in a non-leap target year, where that clamps to 28
// February, a day on which D - years (28 February) is still before the start;
// the answer is then 1 March.
Day FirstDayYearsAfter(Day start, int years) {
  Day d = AddYears(start, years);
  while (AddYears(d, -years) < start) ++d;
  return d;
}

// ------------------------------------------------------------- assessment

// Open assessments (started, not authorised) on D with wd(anchor, D) > limit.
// wd(anchor, D) never decreases as D grows, so this is the interval from the
// first day with wd = limit + 1 (AddWorkingDays) to the authorisation, and
// never before the start. The anchor is as for assessments_within: the
// linked referral's date, or the start when there is no such referral.
void RegisterAssessmentsOverdue(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "assessments_overdue", SeriesKind::kSnapshot,
      "Snapshot: assessments started and not authorised on the date with wd(anchor, date) > "
      "limit, counting assessments.",
      AssessmentTimelinessParams(),
      [](const MeasureParams&) {
        return Kinds{CaseEvent::kAssessment, CaseEvent::kReferral};
      },
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext& ctx, Emitter& out) {
        const bool from_referral = p.Str("anchor") == "referral";
        const int limit = static_cast<int>(p.Int("limit"));
        for (const CaseEvent* e : v.Of(CaseEvent::kAssessment)) {
          const auto& a = e->assessment();
          const auto start = DateOf(a.start_date());
          const auto anchor = AssessmentAnchor(v, *e, from_referral);
          if (!start || !anchor) continue;
          const Day overdue = std::max(*start, ctx.calendar->AddWorkingDays(*anchor, limit + 1));
          out.RecordInterval(e->team_id(), overdue, DateOf(a.authorised_date()));
        }
      }});
}

// ------------------------------------------------ strategy, S47 and ICPC

// Strategy discussions held on a day, counted when held within `limit`
// working days of the request: requested <= held and wd(requested, held) <=
// limit. A discussion with no request date, or recorded as held before it
// was requested, is not timely (it stays in the "held" denominator).
void RegisterStrategyDiscussionsWithin(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "strategy_discussions_within",
      SeriesKind::kFlow,
      "Flow: strategy discussions held on the day with requested <= held and wd(requested, "
      "held) <= limit.",
      {{"limit", ParamType::kInt, "3", {}, 0, 1000, "working days"}},
      [](const MeasureParams&) { return Kinds{CaseEvent::kStrategyDiscussion}; },
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext& ctx, Emitter& out) {
        const int64_t limit = p.Int("limit");
        for (const CaseEvent* e : v.Of(CaseEvent::kStrategyDiscussion)) {
          const auto& s = e->strategy_discussion();
          auto held = DateOf(s.held_date());
          auto requested = DateOf(s.requested_date());
          if (!held || !requested || *held < *requested) continue;
          if (ctx.calendar->WorkingDaysBetween(*requested, *held) <= limit) {
            out.Flow(e->team_id(), *held);
          }
        }
      }});
}

// ICPCs that count for timeliness (INDICATORS.md icpc_15wd), each passed to
// `emit(event, icpc day, timely)`: transfer-in conferences and conferences
// dated before the start of their S47 are left out; an ICPC whose S47
// (icpc.s47_id among the child's section47 records) is missing or has no
// start date counts, and is not timely.
template <typename Emit>
void ForEachCountedIcpc(const SubjectView& v, const WorkingDayCalendar& calendar, int64_t limit,
                        Emit emit) {
  for (const CaseEvent* e : v.Of(CaseEvent::kIcpc)) {
    const auto& icpc = e->icpc();
    if (icpc.transfer_in()) continue;
    auto date = DateOf(icpc.date());
    if (!date) continue;
    std::optional<Day> s47_start;
    if (!icpc.s47_id().empty()) {
      if (const CaseEvent* s47 = v.Find(CaseEvent::kSection47, icpc.s47_id())) {
        s47_start = DateOf(s47->section47().start_date());
      }
    }
    if (s47_start && *date < *s47_start) continue;
    const bool timely = s47_start && calendar.WorkingDaysBetween(*s47_start, *date) <= limit;
    emit(*e, *date, timely);
  }
}

Kinds IcpcInputs(const MeasureParams&) { return {CaseEvent::kIcpc, CaseEvent::kSection47}; }

void RegisterIcpcs(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "icpcs",
      SeriesKind::kFlow,
      "Flow: initial conferences on the day, excluding transfer-in conferences and those dated "
      "before their S47 started.",
      {},
      IcpcInputs,
      nullptr,
      [](const SubjectView& v, const MeasureParams&, const MeasureContext& ctx, Emitter& out) {
        ForEachCountedIcpc(v, *ctx.calendar, 0,
                           [&](const CaseEvent& e, Day d, bool) { out.Flow(e.team_id(), d); });
      }});
  r.Register(MeasureSpec{
      "icpcs_within",
      SeriesKind::kFlow,
      "Flow: the conferences counted by `icpcs` with wd(S47 start, conference) <= limit (a "
      "missing S47 is not timely).",
      {{"limit", ParamType::kInt, "15", {}, 0, 1000, "working days"}},
      IcpcInputs,
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext& ctx, Emitter& out) {
        ForEachCountedIcpc(v, *ctx.calendar, p.Int("limit"),
                           [&](const CaseEvent& e, Day d, bool timely) {
                             if (timely) out.Flow(e.team_id(), d);
                           });
      }});
}

// ------------------------------------------------------- children in need

// A child is in need on D when one of its episodes is open: an episode is a
// referral that is not NFA, open from its date until the earliest of the
// closure dates of the cin_closure records naming it (referral_id) and the
// authorisation dates of the assessments on it (referral_id) concluding "not
// in need". Counted once per child, in each open episode's referral team.
void RegisterChildrenInNeed(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "children_in_need",
      SeriesKind::kSnapshot,
      "Snapshot: distinct children with an open episode of need (a referral not NFA, from its "
      "date to its closure or a 'not in need' assessment's authorisation).",
      {},
      [](const MeasureParams&) {
        return Kinds{CaseEvent::kReferral, CaseEvent::kCinClosure, CaseEvent::kAssessment};
      },
      nullptr,
      [](const SubjectView& v, const MeasureParams&, const MeasureContext&, Emitter& out) {
        for (const CaseEvent* e : v.Of(CaseEvent::kReferral)) {
          const auto& ref = e->referral();
          if (ref.nfa()) continue;
          auto start = DateOf(ref.date());
          if (!start) continue;
          std::optional<Day> end;
          auto close_at = [&end](std::optional<Day> d) {
            if (d && (!end || *d < *end)) end = d;
          };
          for (const CaseEvent* c : v.Of(CaseEvent::kCinClosure)) {
            if (c->cin_closure().referral_id() == e->record_id()) {
              close_at(DateOf(c->cin_closure().closure_date()));
            }
          }
          for (const CaseEvent* a : v.Of(CaseEvent::kAssessment)) {
            const auto& as = a->assessment();
            if (as.referral_id() == e->record_id() &&
                as.outcome() == v1::ASSESSMENT_OUTCOME_NOT_IN_NEED) {
              close_at(DateOf(as.authorised_date()));
            }
          }
          out.ChildInterval(e->team_id(), *start, end);
        }
      }});
}

// ------------------------------------------------------ child protection

Kinds CpPlanInput(const MeasureParams&) { return {CaseEvent::kCpPlan}; }

struct Plan {
  Day start;
  std::optional<Day> end;
  const CaseEvent* event;
};

std::vector<Plan> PlansOf(const SubjectView& v) {
  std::vector<Plan> plans;
  for (const CaseEvent* e : v.Of(CaseEvent::kCpPlan)) {
    if (auto start = DateOf(e->cp_plan().start_date())) {
      plans.push_back({*start, DateOf(e->cp_plan().end_date()), e});
    }
  }
  return plans;
}

ParamSpec YearsParam() {
  return {"years", ParamType::kInt, "2", {}, 1, 100, "calendar years (day clamped, AddYears)"};
}

void RegisterCpMeasures(MeasureRegistry& r) {
  // Second or subsequent plan: another CP plan of the same child with a
  // strictly earlier start, however long ago; counted on the plan's start.
  // The plans' own `previous_plans` field is not used: the records are.
  r.Register(MeasureSpec{
      "cp_plans_subsequent",
      SeriesKind::kFlow,
      "Flow: CP plans starting on the day whose child has another CP plan with a strictly "
      "earlier start.",
      {},
      CpPlanInput,
      nullptr,
      [](const SubjectView& v, const MeasureParams&, const MeasureContext&, Emitter& out) {
        const std::vector<Plan> plans = PlansOf(v);
        if (plans.empty()) return;
        Day earliest = plans.front().start;
        for (const Plan& p : plans) earliest = std::min(earliest, p.start);
        for (const Plan& p : plans) {
          if (p.start > earliest) out.Flow(p.event->team_id(), p.start);
        }
      }});
  // Open on D with start <= D - years: the plan's interval from
  // FirstDayYearsAfter(start) to its end, counting plans.
  r.Register(MeasureSpec{
      "cp_plans_open_at_least",
      SeriesKind::kSnapshot,
      "Snapshot: CP plans open on the date with start <= date - years, counting plans.",
      {YearsParam()},
      CpPlanInput,
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
        const int years = static_cast<int>(p.Int("years"));
        for (const Plan& plan : PlansOf(v)) {
          out.RecordInterval(plan.event->team_id(), FirstDayYearsAfter(plan.start, years),
                             plan.end);
        }
      }});
  // Ended on a day with end - start >= years, read as start <= end - years
  // (the same edge as cp_plans_open_at_least); counted on the end day.
  r.Register(MeasureSpec{
      "cp_plans_ended_after",
      SeriesKind::kFlow,
      "Flow: CP plans ending on the day with start <= end - years.",
      {YearsParam()},
      CpPlanInput,
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
        const int years = static_cast<int>(p.Int("years"));
        for (const Plan& plan : PlansOf(v)) {
          if (plan.end && *plan.end >= FirstDayYearsAfter(plan.start, years)) {
            out.Flow(plan.event->team_id(), *plan.end);
          }
        }
      }});
}

}  // namespace

void RegisterCinCpMeasures(MeasureRegistry& registry) {
  RegisterAssessmentsOverdue(registry);
  RegisterStrategyDiscussionsWithin(registry);
  RegisterIcpcs(registry);
  RegisterChildrenInNeed(registry);
  RegisterCpMeasures(registry);
}

}  // namespace scorecard
