// Measures of children looked after, read from SSDA903 episodes through
// CareHistory (engine/care_history.h: the current episode, looked after,
// continuity of care and of the carer) and, for ages and UASC status, the
// child's person record.

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "engine/care_history.h"
#include "engine/measure.h"

namespace scorecard {
namespace {

using v1::CaseEvent;

std::vector<CaseEvent::PayloadCase> EpisodeInput(const MeasureParams&) {
  return {CaseEvent::kClaEpisode};
}

// Emits the days on which `qualifies(day, current)` holds as child intervals
// in the current episode's team, evaluating every day from the first DECOM
// to `horizon`; after `horizon` the answer must not change.
template <typename Qualifies>
void EmitDaily(const CareHistory& h, Day horizon, Emitter& out, Qualifies qualifies) {
  const Day first = h.spans().front().start;
  std::optional<Day> open_since;
  const std::string* open_team = nullptr;
  for (Day d = first; d <= horizon; ++d) {
    const CareEpisode* cur = h.CurrentAt(d);
    const bool yes = CareHistory::LookedAfter(cur) && qualifies(d, cur);
    const std::string* team = yes ? &cur->event->team_id() : nullptr;
    if (open_since && (!yes || *team != *open_team)) {
      out.ChildInterval(*open_team, *open_since, d);
      open_since.reset();
    }
    if (yes && !open_since) {
      open_since = d;
      open_team = team;
    }
  }
  if (open_since) out.ChildInterval(*open_team, *open_since, std::nullopt);
}

void RegisterLookedAfter(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "looked_after_children",
      SeriesKind::kSnapshot,
      "Snapshot: children whose current SSDA903 episode on the date (the open one with the "
      "latest DECOM) does not have an excluded legal status; in the current episode's team.",
      {ExcludeLsParam()},
      EpisodeInput,
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
        const CareHistory h(v, p.List("exclude_ls"));
        for (const auto& span : h.spans()) {
          if (!CareHistory::LookedAfter(span.current)) continue;
          out.ChildInterval(span.current->event->team_id(), span.start,
                            span.end == kOpenEnd ? std::nullopt : std::optional<Day>(span.end));
        }
      }});
}

bool IsTemporaryPlacement(const std::string& place) {
  return place.size() == 2 && place[0] == 'T' && place[1] >= '0' && place[1] <= '4';
}

// Looked after on D with `min_placements` or more separate placements in the
// window (D - 12 months, D]: the placement held on the window's first day
// counts as one, and each new placement starting after it in the window as
// another. A new placement starts with RNE S, P or B, and with T or U (same
// carer) when `count_same_carer`; temporary placements (T0-T4) count when
// `count_temporary`. Episodes with an excluded legal status are not
// placements.
void RegisterPlacementStability(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "cla_placements_at_least",
      SeriesKind::kSnapshot,
      "Snapshot: looked-after children with at least `min_placements` separate placements in "
      "the 12 months to the date.",
      {ExcludeLsParam(),
       {"min_placements", ParamType::kInt, "3", {}, 1, 100, "placements needed"},
       {"count_same_carer",
        ParamType::kBool,
        "true",
        {},
        0,
        0,
        "RNE T and U (same carer) start a new placement"},
       {"count_temporary",
        ParamType::kBool,
        "true",
        {},
        0,
        0,
        "temporary placements T0-T4 count as placements"}},
      EpisodeInput,
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
        const CareHistory h(v, p.List("exclude_ls"));
        if (h.empty()) return;
        const bool same_carer = p.Bool("count_same_carer");
        const bool temporary = p.Bool("count_temporary");
        const int64_t need = p.Int("min_placements");
        auto countable = [&](const CareEpisode& e) {
          return !e.excluded &&
                 (temporary || !IsTemporaryPlacement(e.event->cla_episode().place()));
        };
        std::vector<Day> starts;  // new placements, sorted
        for (const CareEpisode& e : h.episodes()) {
          const std::string& rne = e.event->cla_episode().rne();
          const bool new_placement =
              rne == "S" || rne == "P" || rne == "B" || (same_carer && (rne == "T" || rne == "U"));
          if (new_placement && countable(e)) starts.push_back(e.decom);
        }
        std::sort(starts.begin(), starts.end());
        // A year after the last change the window holds no start and the same
        // placement on its first day: nothing changes any more.
        const Day horizon = AddMonths(h.LastChange(), 12) + 2;
        EmitDaily(h, horizon, out, [&](Day d, const CareEpisode*) {
          const Day first = AddMonths(d, -12) + 1;
          const CareEpisode* held = h.CurrentAt(first);
          int64_t n = (held != nullptr && countable(*held)) ? 1 : 0;
          n += std::upper_bound(starts.begin(), starts.end(), d) -
               std::upper_bound(starts.begin(), starts.end(), first);
          return n >= need;
        });
      }});
}

// Calls `f(start, end, current)` for each span of days [start, end) in which
// the child is looked after (end is kOpenEnd while open).
template <typename F>
void ForEachLookedAfterSpan(const CareHistory& h, F f) {
  for (const auto& span : h.spans()) {
    if (CareHistory::LookedAfter(span.current)) f(span.start, span.end, *span.current);
  }
}

// A child interval in the current episode's team; empty when end <= start.
void EmitChild(Emitter& out, const CareEpisode& current, Day start, Day end) {
  out.ChildInterval(current.event->team_id(), start,
                    end == kOpenEnd ? std::nullopt : std::optional<Day>(end));
}

// The child's person record: normally there is one; of several, the one
// with the largest record id, so the choice depends on the records only.
const v1::Person* PersonOf(const SubjectView& v) {
  const CaseEvent* best = nullptr;
  for (const CaseEvent* e : v.Of(CaseEvent::kPerson)) {
    if (best == nullptr || e->record_id() > best->record_id()) best = e;
  }
  return best == nullptr ? nullptr : &best->person();
}

std::vector<CaseEvent::PayloadCase> PersonAndEpisodeInput(const MeasureParams&) {
  // Person first: without any person record the indicator is not available
  // rather than 0 (the first input kind decides "not available").
  return {CaseEvent::kPerson, CaseEvent::kClaEpisode};
}

// Looked after on D with UASC status on D: the person record says UASC and
// its uasc_ceased_date is absent or after D (a status ceasing on D no longer
// counts on D, as an interval closing on D).
void RegisterUasc(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "looked_after_uasc",
      SeriesKind::kSnapshot,
      "Snapshot: looked-after children whose person record is UASC with the status not "
      "ceased by the date (uasc_ceased_date absent or after it).",
      {ExcludeLsParam()},
      PersonAndEpisodeInput,
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
        const v1::Person* person = PersonOf(v);
        if (person == nullptr || !person->uasc()) return;
        const Day ceased = DateOf(person->uasc_ceased_date()).value_or(kOpenEnd);
        const CareHistory h(v, p.List("exclude_ls"));
        ForEachLookedAfterSpan(h, [&](Day start, Day end, const CareEpisode& cur) {
          EmitChild(out, cur, start, std::min(end, ceased));
        });
      }});
}

// Looked after on D with the current episode's placement type (PLACE) in a
// set: the family settings by default.
void RegisterPlacementType(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "looked_after_in_placement",
      SeriesKind::kSnapshot,
      "Snapshot: looked-after children whose current episode's placement type is in `places`.",
      {ExcludeLsParam(),
       {"places",
        ParamType::kList,
        "U1,U2,U3,U4,U5,U6,A3,A4,A5,A6,P1",
        {},
        0,
        0,
        "placement types counted (default: foster care, placed for adoption, with parents)"}},
      EpisodeInput,
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
        const auto& places = p.List("places");
        const CareHistory h(v, p.List("exclude_ls"));
        ForEachLookedAfterSpan(h, [&](Day start, Day end, const CareEpisode& cur) {
          const std::string& place = cur.event->cla_episode().place();
          if (std::find(places.begin(), places.end(), place) != places.end()) {
            EmitChild(out, cur, start, end);
          }
        });
      }});
}

// Long-term stability: looked after on D, under `under_age` on D (the
// birthday itself is not under; needs the person's birth date, without it
// the child is not counted), in continuous care for at least `care_months`
// (care start <= D - care_months) and with the same carer for at least
// `same_carer_months` (placement start <= D - same_carer_months; 0: any).
// Within one span the current episode, hence both starts, are fixed and each
// condition is monotone in D, so the qualifying days of a span are one
// interval found by binary search.
void RegisterLongTerm(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "looked_after_long_term",
      SeriesKind::kSnapshot,
      "Snapshot: looked-after children under `under_age`, in continuous care for "
      "`care_months` or more and with the same carer for `same_carer_months` or more.",
      {ExcludeLsParam(),
       {"under_age", ParamType::kInt, "16", {}, 1, 25, "counted while younger (years)"},
       {"care_months", ParamType::kInt, "30", {}, 0, 600, "continuous care, calendar months"},
       {"same_carer_months",
        ParamType::kInt,
        "0",
        {},
        0,
        600,
        "same carer (placement start), calendar months; 0: no condition"}},
      PersonAndEpisodeInput,
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
        const v1::Person* person = PersonOf(v);
        if (person == nullptr) return;
        const auto dob = DateOf(person->birth_date());
        if (!dob) return;
        const Day birthday = AddYears(*dob, static_cast<int>(p.Int("under_age")));
        const int care_months = static_cast<int>(p.Int("care_months"));
        const int carer_months = static_cast<int>(p.Int("same_carer_months"));
        const CareHistory h(v, p.List("exclude_ls"));
        ForEachLookedAfterSpan(h, [&](Day start, Day end, const CareEpisode& cur) {
          const Day last = std::min(end, birthday);  // exclusive
          if (last <= start) return;
          const Day care_start = h.CareStart(cur);
          const Day carer_start = h.PlacementStart(cur);
          const Day from = FirstDayWhere(start, last, [&](Day d) {
            return care_start <= AddMonths(d, -care_months) &&
                   carer_start <= AddMonths(d, -carer_months);
          });
          EmitChild(out, cur, from, last);
        });
      }});
}

}  // namespace

void RegisterClaMeasures(MeasureRegistry& registry) {
  RegisterLookedAfter(registry);
  RegisterPlacementStability(registry);
  RegisterUasc(registry);
  RegisterPlacementType(registry);
  RegisterLongTerm(registry);
}

}  // namespace scorecard
