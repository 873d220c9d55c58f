#ifndef SCORECARD_ENGINE_CARE_HISTORY_H_
#define SCORECARD_ENGINE_CARE_HISTORY_H_

// One child's SSDA903 care history, shared by the children-looked-after and
// visit measures (INDICATORS.md "Looked after"): the current episode on a day
// is the open one with the latest DECOM (ties: the larger record id); a child
// is looked after when that episode's legal status is not excluded (short
// breaks V3, V4 by default), and belongs to that episode's team.

#include <optional>
#include <string>
#include <vector>

#include "engine/measure.h"

namespace scorecard {

struct CareEpisode {
  Day decom;
  Day dec;  // kOpenEnd while open
  const v1::CaseEvent* event;
  bool excluded;  // legal status excluded (short breaks)
};

// The child's episodes and, for every span between consecutive DECOM/DEC
// days, which episode is current. Episodes without a valid DECOM, or with
// DEC <= DECOM (never open), are ignored.
// REQUIRES: the view's records outlive the history.
class CareHistory {
 public:
  CareHistory(const SubjectView& v, const std::vector<std::string>& exclude_ls);

  bool empty() const { return episodes_.empty(); }
  const std::vector<CareEpisode>& episodes() const { return episodes_; }
  // The last day on which anything changes (a DECOM or DEC).
  Day LastChange() const { return spans_.empty() ? 0 : spans_.back().start; }

  struct Span {
    Day start;
    Day end;                     // exclusive; kOpenEnd for the last one
    const CareEpisode* current;  // nullptr: not in care
  };
  const std::vector<Span>& spans() const { return spans_; }

  // The current episode on `d`, or nullptr.
  const CareEpisode* CurrentAt(Day d) const;

  static bool LookedAfter(const CareEpisode* current) {
    return current != nullptr && !current->excluded;
  }

  // The episode that continues into `e`: one whose DEC equals e's DECOM and
  // that is not excluded (a short break is not care); of several, the one
  // with the latest DECOM (ties: the larger record id). nullptr: a gap.
  const CareEpisode* Predecessor(const CareEpisode& e) const;

  // The start of the continuous period of care that `e` belongs to: walks
  // back through predecessors, stopping at RNE S or a gap.
  Day CareStart(const CareEpisode& e) const;

  // The start of the placement (the carer) that `e` belongs to: the DECOM of
  // the latest episode of the walk back from `e` with RNE S, P or B (L, T and
  // U keep the carer); the start of the care period if the walk reaches a gap
  // first.
  Day PlacementStart(const CareEpisode& e) const;

 private:
  const CareEpisode* CurrentOn(Day d) const;

  std::vector<CareEpisode> episodes_;
  std::vector<Span> spans_;
};

// The list parameter of legal statuses that are not looked after.
ParamSpec ExcludeLsParam();

// The first day in [lo, hi) on which `pred` holds, or hi.
// REQUIRES: `pred` is monotone on [lo, hi) (false ... false true ... true).
template <typename Pred>
Day FirstDayWhere(Day lo, Day hi, Pred pred) {
  while (lo < hi) {
    const Day mid = lo + (hi - lo) / 2;
    if (pred(mid)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

}  // namespace scorecard

#endif  // SCORECARD_ENGINE_CARE_HISTORY_H_
