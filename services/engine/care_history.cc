#include "engine/care_history.h"

#include <algorithm>

namespace scorecard {

using v1::CaseEvent;

namespace {

// True when `a` ranks above `b` as "the one with the latest DECOM".
bool Later(const CareEpisode& a, const CareEpisode& b) {
  return a.decom > b.decom || (a.decom == b.decom && a.event->record_id() > b.event->record_id());
}

bool StartsPlacement(const std::string& rne) { return rne == "S" || rne == "P" || rne == "B"; }

}  // namespace

CareHistory::CareHistory(const SubjectView& v, const std::vector<std::string>& exclude_ls) {
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
  for (const CareEpisode& e : episodes_) {
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

const CareEpisode* CareHistory::CurrentAt(Day d) const {
  auto it = std::upper_bound(spans_.begin(), spans_.end(), d,
                             [](Day day, const Span& s) { return day < s.start; });
  if (it == spans_.begin()) return nullptr;
  --it;
  return d < it->end ? it->current : nullptr;
}

const CareEpisode* CareHistory::CurrentOn(Day d) const {
  const CareEpisode* best = nullptr;
  for (const CareEpisode& e : episodes_) {
    if (e.decom > d || d >= e.dec) continue;
    if (best == nullptr || Later(e, *best)) best = &e;
  }
  return best;
}

const CareEpisode* CareHistory::Predecessor(const CareEpisode& e) const {
  const CareEpisode* best = nullptr;
  for (const CareEpisode& p : episodes_) {
    if (p.dec != e.decom || p.excluded) continue;
    if (best == nullptr || Later(p, *best)) best = &p;
  }
  return best;
}

// Both walks terminate: a predecessor ends on e's DECOM and DEC > DECOM, so
// each step moves to a strictly earlier DECOM.
Day CareHistory::CareStart(const CareEpisode& e) const {
  const CareEpisode* cur = &e;
  while (cur->event->cla_episode().rne() != "S") {
    const CareEpisode* prev = Predecessor(*cur);
    if (prev == nullptr) break;
    cur = prev;
  }
  return cur->decom;
}

Day CareHistory::PlacementStart(const CareEpisode& e) const {
  const CareEpisode* cur = &e;
  while (!StartsPlacement(cur->event->cla_episode().rne())) {
    const CareEpisode* prev = Predecessor(*cur);
    if (prev == nullptr) break;
    cur = prev;
  }
  return cur->decom;
}

ParamSpec ExcludeLsParam() {
  return {"exclude_ls",
          ParamType::kList,
          "V3,V4",
          {},
          0,
          0,
          "legal statuses that are not looked after (series of short breaks)"};
}

}  // namespace scorecard
