// Measures of children looked after, read from SSDA903 episodes
// (INDICATORS.md "Looked after"): the current episode on a day is the open
// one with the latest DECOM (ties: the larger record id); a child is looked
// after when that episode's legal status is not excluded (short breaks V3,
// V4 by default), and belongs to that episode's team.

#include <algorithm>

#include "engine/measure.h"

namespace scorecard {
namespace {

using v1::CaseEvent;

struct Episode {
  Day decom;
  Day dec;  // kOpenEnd while open
  const CaseEvent* event;
  bool excluded;  // legal status excluded (short breaks)
};

// The child's episodes and, for every span between consecutive DECOM/DEC
// days, which episode is current.
class CareHistory {
 public:
  CareHistory(const SubjectView& v, const std::vector<std::string>& exclude_ls) {
    for (const CaseEvent* e : v.Of(CaseEvent::kClaEpisode)) {
      const auto& p = e->cla_episode();
      auto decom = DateOf(p.decom());
      if (!decom) continue;
      const Day dec = DateOf(p.dec()).value_or(kOpenEnd);
      if (dec <= *decom) continue;  // never open
      const bool excluded =
          std::find(exclude_ls.begin(), exclude_ls.end(), p.ls()) != exclude_ls.end();
      episodes_.push_back({*decom, dec, e, excluded});
    }
    std::vector<Day> cuts;
    for (const Episode& e : episodes_) {
      cuts.push_back(e.decom);
      if (e.dec != kOpenEnd) cuts.push_back(e.dec);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    for (size_t i = 0; i < cuts.size(); ++i) {
      const Day end = i + 1 < cuts.size() ? cuts[i + 1] : kOpenEnd;
      spans_.push_back({cuts[i], end, CurrentOn(cuts[i])});
    }
  }

  bool empty() const { return episodes_.empty(); }
  const std::vector<Episode>& episodes() const { return episodes_; }
  // The last day on which anything changes (a DECOM or DEC).
  Day LastChange() const { return spans_.empty() ? 0 : spans_.back().start; }

  struct Span {
    Day start;
    Day end;                 // exclusive
    const Episode* current;  // nullptr: not in care
  };
  const std::vector<Span>& spans() const { return spans_; }

  // The current episode on `d`, or nullptr.
  const Episode* CurrentAt(Day d) const {
    auto it = std::upper_bound(spans_.begin(), spans_.end(), d,
                               [](Day day, const Span& s) { return day < s.start; });
    if (it == spans_.begin()) return nullptr;
    --it;
    return d < it->end ? it->current : nullptr;
  }

  static bool LookedAfter(const Episode* current) {
    return current != nullptr && !current->excluded;
  }

 private:
  const Episode* CurrentOn(Day d) const {
    const Episode* best = nullptr;
    for (const Episode& e : episodes_) {
      if (e.decom > d || d >= e.dec) continue;
      if (best == nullptr || e.decom > best->decom ||
          (e.decom == best->decom && e.event->record_id() > best->event->record_id())) {
        best = &e;
      }
    }
    return best;
  }

  std::vector<Episode> episodes_;
  std::vector<Span> spans_;
};

ParamSpec ExcludeLsParam() {
  return {"exclude_ls",
          ParamType::kList,
          "V3,V4",
          {},
          0,
          0,
          "legal statuses that are not looked after (series of short breaks)"};
}

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
    const Episode* cur = h.CurrentAt(d);
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
        auto countable = [&](const Episode& e) {
          return !e.excluded &&
                 (temporary || !IsTemporaryPlacement(e.event->cla_episode().place()));
        };
        std::vector<Day> starts;  // new placements, sorted
        for (const Episode& e : h.episodes()) {
          const std::string& rne = e.event->cla_episode().rne();
          const bool new_placement =
              rne == "S" || rne == "P" || rne == "B" || (same_carer && (rne == "T" || rne == "U"));
          if (new_placement && countable(e)) starts.push_back(e.decom);
        }
        std::sort(starts.begin(), starts.end());
        // A year after the last change the window holds no start and the same
        // placement on its first day: nothing changes any more.
        const Day horizon = AddMonths(h.LastChange(), 12) + 2;
        EmitDaily(h, horizon, out, [&](Day d, const Episode*) {
          const Day first = AddMonths(d, -12) + 1;
          const Episode* held = h.CurrentAt(first);
          int64_t n = (held != nullptr && countable(*held)) ? 1 : 0;
          n += std::upper_bound(starts.begin(), starts.end(), d) -
               std::upper_bound(starts.begin(), starts.end(), first);
          return n >= need;
        });
      }});
}

}  // namespace

void RegisterClaMeasures(MeasureRegistry& registry) {
  RegisterLookedAfter(registry);
  RegisterPlacementStability(registry);
}

}  // namespace scorecard
