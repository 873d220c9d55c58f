// Practice measures about visits (INDICATORS.md "Practice: visits and
// supervision"). A visit counts only when the child was seen, and only the
// kinds a series names (CLA visits for regulation 28, CP visits for CP
// plans). Visits qualify a child's status council-wide; the child counts in
// the team of the record that makes it eligible (the current SSDA903
// episode, the open CP plan).

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "engine/care_history.h"
#include "engine/measure.h"

namespace scorecard {
namespace {

using v1::CaseEvent;
using Kinds = std::vector<CaseEvent::PayloadCase>;

ParamSpec VisitKindsParam(const std::string& default_kinds) {
  return {"visit_kinds",
          ParamType::kList,
          default_kinds,
          {"CP", "CLA", "CIN"},
          0,
          0,
          "kinds of visit that count"};
}

bool KindListed(v1::VisitKind kind, const std::vector<std::string>& kinds) {
  const char* name = kind == v1::VISIT_KIND_CP    ? "CP"
                     : kind == v1::VISIT_KIND_CLA ? "CLA"
                     : kind == v1::VISIT_KIND_CIN ? "CIN"
                                                  : "";
  return std::find(kinds.begin(), kinds.end(), name) != kinds.end();
}

// Days of the child's visits of the listed kinds where the child was seen;
// sorted, unique.
std::vector<Day> SeenVisitDays(const SubjectView& v, const std::vector<std::string>& kinds) {
  std::vector<Day> days;
  for (const CaseEvent* e : v.Of(CaseEvent::kVisit)) {
    const auto& visit = e->visit();
    if (!visit.seen() || !KindListed(visit.kind(), kinds)) continue;
    if (auto d = DateOf(visit.date())) days.push_back(*d);
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

void EmitClipped(Emitter& out, const std::string& team, Day start, Day end, Day lo, Day hi) {
  start = std::max(start, lo);
  end = std::min(end, hi);
  out.ChildInterval(team, start, end == kOpenEnd ? std::nullopt : std::optional<Day>(end));
}

// Regulation 28. On a day D on which the child is looked after, with P the
// start of the current placement (CareHistory::PlacementStart of the current
// episode) and only seen visits of the listed kinds dated on or after P
// considered: with no visit by D the deadline is P + first_visit_days;
// otherwise it is the last visit by D + visit_interval_days, or +
// long_term_interval_days when the current episode is intended to last until
// 18 and that visit was `long_term_after_months` or more after P. The child
// is visited in timescale on D iff D <= deadline. A late visit makes the
// child timely again from its day. Between visits the deadline is fixed, so
// each stretch from a visit (or from P) to the next is one interval.
void RegisterClaVisits(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "cla_visits_within",
      SeriesKind::kSnapshot,
      "Snapshot: looked-after children not overdue a regulation 28 visit on the date.",
      {ExcludeLsParam(),
       VisitKindsParam("CLA"),
       {"first_visit_days", ParamType::kInt, "7", {}, 0, 3650, "first visit due by P + days"},
       {"visit_interval_days", ParamType::kInt, "42", {}, 1, 3650, "then by last visit + days"},
       {"long_term_interval_days",
        ParamType::kInt,
        "91",
        {},
        1,
        3650,
        "interval instead when the placement is intended to last until 18 and the last visit "
        "was long_term_after_months or more after its start"},
       {"long_term_after_months",
        ParamType::kInt,
        "12",
        {},
        0,
        600,
        "calendar months after the placement start"}},
      // Visits first: without any visit record the indicator is not
      // available rather than 0.
      [](const MeasureParams&) {
        return Kinds{CaseEvent::kVisit, CaseEvent::kClaEpisode};
      },
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
        const CareHistory h(v, p.List("exclude_ls"));
        if (h.empty()) return;
        const std::vector<Day> visits = SeenVisitDays(v, p.List("visit_kinds"));
        const Day first_days = static_cast<Day>(p.Int("first_visit_days"));
        const Day interval = static_cast<Day>(p.Int("visit_interval_days"));
        const Day long_interval = static_cast<Day>(p.Int("long_term_interval_days"));
        const int long_after = static_cast<int>(p.Int("long_term_after_months"));
        for (const auto& span : h.spans()) {
          if (!CareHistory::LookedAfter(span.current)) continue;
          const CareEpisode& cur = *span.current;
          const std::string& team = cur.event->team_id();
          const Day placed = h.PlacementStart(cur);
          const Day long_from = AddMonths(placed, long_after);
          const bool until_18 = cur.event->cla_episode().intended_until_18();
          auto it = std::lower_bound(visits.begin(), visits.end(), placed);
          // From P to the first visit: due by P + first_visit_days.
          Day next = it == visits.end() ? kOpenEnd : *it;
          EmitClipped(out, team, placed, std::min(next, placed + first_days + 1), span.start,
                      span.end);
          for (; it != visits.end() && *it < span.end; ++it) {
            const Day last = *it;
            next = it + 1 == visits.end() ? kOpenEnd : *(it + 1);
            const Day due = last + (until_18 && last >= long_from ? long_interval : interval);
            EmitClipped(out, team, last, std::min(next, due + 1), span.start, span.end);
          }
        }
      }});
}

// Children on an open CP plan on D who were seen on a visit of the listed
// kinds within N working days of D (wd(visit, D) <= N), or whose plan
// started within N working days (wd(start, D) <= N). wd(a, D) <= N exactly
// on [a, AddWorkingDays(a, N + 1)). In the team of each qualifying open
// plan.
void RegisterCpVisits(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "cp_visits_within",
      SeriesKind::kSnapshot,
      "Snapshot: children on an open CP plan seen within `working_days` working days of the "
      "date, or whose plan started within them.",
      {VisitKindsParam("CP"),
       {"working_days", ParamType::kInt, "10", {}, 0, 1000, "N, in working days"}},
      // Visits first: without any visit record the indicator is not
      // available rather than 0.
      [](const MeasureParams&) {
        return Kinds{CaseEvent::kVisit, CaseEvent::kCpPlan};
      },
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext& ctx, Emitter& out) {
        const auto& plans = v.Of(CaseEvent::kCpPlan);
        if (plans.empty()) return;
        const std::vector<Day> visits = SeenVisitDays(v, p.List("visit_kinds"));
        const int n = static_cast<int>(p.Int("working_days"));
        const WorkingDayCalendar& cal = *ctx.calendar;
        std::vector<std::pair<Day, Day>> seen;  // [visit, first day past N working days)
        seen.reserve(visits.size());
        for (Day d : visits) seen.emplace_back(d, cal.AddWorkingDays(d, n + 1));
        for (const CaseEvent* e : plans) {
          const auto start = DateOf(e->cp_plan().start_date());
          if (!start) continue;
          const Day end = DateOf(e->cp_plan().end_date()).value_or(kOpenEnd);
          if (end <= *start) continue;
          const std::string& team = e->team_id();
          EmitClipped(out, team, *start, cal.AddWorkingDays(*start, n + 1), *start, end);
          for (const auto& [from, to] : seen) {
            if (from >= end) break;
            if (to > *start) EmitClipped(out, team, from, to, *start, end);
          }
        }
      }});
}

}  // namespace

void RegisterVisitMeasures(MeasureRegistry& registry) {
  RegisterClaVisits(registry);
  RegisterCpVisits(registry);
}

}  // namespace scorecard
