#ifndef SCORECARD_ENGINE_RECOMPUTE_H_
#define SCORECARD_ENGINE_RECOMPUTE_H_

// The batch recomputation: aggregates straight from a list of events, with
// no incremental machinery. It is the oracle of the invariant (incremental
// aggregates == recompute(all events)) and powers batch mode and rebuilds.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/aggregate.h"
#include "engine/applier.h"
#include "engine/catalogue.h"

namespace scorecard {

struct Recomputed {
  std::map<RecordRef, std::string> directory;       // encoded winners
  std::map<SubjectRef, v1::SubjectState> subjects;  // live records, canonical
  AggregateCells aggregates;
  std::set<std::pair<std::string, std::string>> seen_kinds;
};

// REQUIRES: every event passed CheckEvent.
Recomputed Recompute(const Catalogue& catalogue, const MeasureContext& ctx,
                     const std::vector<v1::CaseEvent>& events);

}  // namespace scorecard

#endif  // SCORECARD_ENGINE_RECOMPUTE_H_
