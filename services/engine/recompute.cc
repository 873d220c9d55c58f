#include "engine/recompute.h"

namespace scorecard {

Recomputed Recompute(const Catalogue& catalogue, const MeasureContext& ctx,
                     const std::vector<v1::CaseEvent>& events) {
  Recomputed out;
  // The winner of each record is the maximum under the merge rule.
  std::map<RecordRef, const v1::CaseEvent*> winners;
  for (const v1::CaseEvent& e : events) {
    out.seen_kinds.emplace(e.la_code(), PayloadKindName(e));
    auto [it, inserted] = winners.emplace(RecordRef{e.la_code(), RecordField(e)}, &e);
    if (!inserted && Supersedes(RecordMeta::Of(e), RecordMeta::Of(*it->second))) it->second = &e;
  }
  for (const auto& [ref, e] : winners) {
    out.directory[ref] = RecordMeta::Of(*e).Encode();
    if (e->op() == v1::OP_DELETE) continue;
    *out.subjects[SubjectRef{ref.first, SubjectOf(*e)}].add_records() = *e;
  }
  for (auto& [ref, state] : out.subjects) {
    Canonicalize(state);
    out.aggregates.AddAll(ref.first, catalogue.ContributionOf(RecordsOf(state), ctx));
  }
  return out;
}

}  // namespace scorecard
