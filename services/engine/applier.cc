#include "engine/applier.h"

#include <algorithm>

namespace scorecard {
std::vector<const v1::CaseEvent*> RecordsOf(const v1::SubjectState& state) {
  std::vector<const v1::CaseEvent*> out;
  out.reserve(static_cast<size_t>(state.records_size()));
  for (const auto& r : state.records()) out.push_back(&r);
  return out;
}

void Canonicalize(v1::SubjectState& state) {
  auto* recs = state.mutable_records();
  std::sort(recs->begin(), recs->end(), [](const v1::CaseEvent& a, const v1::CaseEvent& b) {
    if (a.payload_case() != b.payload_case()) return a.payload_case() < b.payload_case();
    return a.record_id() < b.record_id();
  });
}

absl::StatusOr<BatchEffect> ApplyBatch(const Catalogue& catalogue, const MeasureContext& ctx,
                                       StateSource& source,
                                       const std::vector<const v1::CaseEvent*>& events) {
  BatchEffect effect;

  // 1. The records the batch touches, and their current winners.
  std::map<RecordRef, size_t> ref_index;
  std::vector<RecordRef> refs;
  std::vector<size_t> event_ref;  // events[k]'s index in refs
  event_ref.reserve(events.size());
  for (const v1::CaseEvent* e : events) {
    RecordRef ref{e->la_code(), RecordField(*e)};
    auto [it, inserted] = ref_index.emplace(ref, refs.size());
    if (inserted) refs.push_back(std::move(ref));
    event_ref.push_back(it->second);
    effect.seen_kinds.emplace(e->la_code(), PayloadKindName(*e));
    if (!e->team_id().empty()) effect.teams.emplace(e->la_code(), e->team_id());
  }
  auto loaded = source.LoadDirectory(refs);
  if (!loaded.ok()) return loaded.status();
  if (loaded->size() != refs.size()) return absl::InternalError("directory size mismatch");

  // 2. Merge: the winner of each record over its loaded meta and the batch.
  std::vector<std::optional<RecordMeta>> current = *loaded;
  std::vector<const v1::CaseEvent*> winner(refs.size(), nullptr);
  for (size_t k = 0; k < events.size(); ++k) {
    const v1::CaseEvent* e = events[k];
    const size_t i = event_ref[k];
    RecordMeta cand = RecordMeta::Of(*e);
    if (!current[i] || Supersedes(cand, *current[i])) {
      current[i] = std::move(cand);
      winner[i] = e;
    }
  }

  // 3. Subjects whose live records change: the old owner of a live record that
  // lost, and the owner of a new live winner.
  struct Change {
    size_t ref;
    std::optional<std::string> old_owner;  // live before, owned by
    const v1::CaseEvent* now = nullptr;    // live winner now (nullptr: deleted)
  };
  std::map<SubjectRef, std::vector<Change>> changes;
  for (size_t i = 0; i < refs.size(); ++i) {
    if (winner[i] == nullptr) continue;
    ++effect.changed_records;
    effect.directory[refs[i]] = current[i]->Encode();
    const auto& before = (*loaded)[i];
    Change c{i, std::nullopt, winner[i]->op() == v1::OP_DELETE ? nullptr : winner[i]};
    if (before && !before->deleted) {
      c.old_owner = before->subject;
      changes[SubjectRef{refs[i].first, before->subject}].push_back(c);
    }
    if (c.now != nullptr) {
      const std::string owner = SubjectOf(*c.now);
      if (!c.old_owner || *c.old_owner != owner) {
        changes[SubjectRef{refs[i].first, owner}].push_back(c);
      }
    }
  }
  if (changes.empty()) return effect;

  // 4. Load the affected subjects, apply, and diff their contributions.
  std::vector<SubjectRef> subject_refs;
  subject_refs.reserve(changes.size());
  for (const auto& [ref, list] : changes) subject_refs.push_back(ref);
  auto states = source.LoadSubjects(subject_refs);
  if (!states.ok()) return states.status();
  if (states->size() != subject_refs.size()) return absl::InternalError("subject size mismatch");

  for (size_t s = 0; s < subject_refs.size(); ++s) {
    const SubjectRef& subject = subject_refs[s];
    v1::SubjectState& state = (*states)[s];
    const std::vector<Change>& subject_changes = changes.at(subject);
    // Only series reading a changed record's kind can change; the kind of a
    // deleted or moved record comes from the copy this subject held.
    uint64_t mask = 0;
    for (const Change& c : subject_changes) {
      if (c.now != nullptr) mask |= Catalogue::KindBit(c.now->payload_case());
    }
    v1::SubjectState next = state;
    for (const Change& c : subject_changes) {
      // Remove the old copy of the record, if this subject held it.
      const std::string& field = refs[c.ref].second;
      auto* recs = next.mutable_records();
      for (int k = 0; k < recs->size(); ++k) {
        if (HasRecordField(recs->Get(k), field)) {
          mask |= Catalogue::KindBit(recs->Get(k).payload_case());
          recs->DeleteSubrange(k, 1);
          break;
        }
      }
      if (c.now != nullptr && SubjectOf(*c.now) == subject.second) *next.add_records() = *c.now;
    }
    Canonicalize(next);
    const Contribution before = catalogue.ContributionOf(RecordsOf(state), ctx, mask);
    const Contribution after = catalogue.ContributionOf(RecordsOf(next), ctx, mask);
    Contribution diff;
    AppendDifference(before, after, diff);
    effect.deltas.AddAll(subject.first, diff);
    if (next.records_size() == 0) {
      effect.subjects[subject] = std::nullopt;
    } else {
      effect.subjects[subject] = std::move(next);
    }
  }
  return effect;
}

absl::StatusOr<std::vector<std::optional<RecordMeta>>> MemoryStateStore::LoadDirectory(
    const std::vector<RecordRef>& refs) {
  std::vector<std::optional<RecordMeta>> out;
  out.reserve(refs.size());
  for (const auto& r : refs) {
    auto it = directory_.find(r);
    out.push_back(it == directory_.end() ? std::nullopt : RecordMeta::Decode(it->second));
  }
  return out;
}

absl::StatusOr<std::vector<v1::SubjectState>> MemoryStateStore::LoadSubjects(
    const std::vector<SubjectRef>& refs) {
  std::vector<v1::SubjectState> out;
  out.reserve(refs.size());
  for (const auto& r : refs) {
    auto it = subjects_.find(r);
    out.push_back(it == subjects_.end() ? v1::SubjectState() : it->second);
  }
  return out;
}

void MemoryStateStore::Commit(const BatchEffect& effect) {
  for (const auto& [ref, meta] : effect.directory) directory_[ref] = meta;
  for (const auto& [ref, state] : effect.subjects) {
    if (state) {
      subjects_[ref] = *state;
    } else {
      subjects_.erase(ref);
    }
  }
  aggregates_.Merge(effect.deltas);
  seen_.insert(effect.seen_kinds.begin(), effect.seen_kinds.end());
}

}  // namespace scorecard
