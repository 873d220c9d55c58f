#ifndef SCORECARD_ENGINE_APPLIER_H_
#define SCORECARD_ENGINE_APPLIER_H_

// Applies a batch of valid events to subject state and computes the change
// in aggregates: delta = contribution(new state) - contribution(old state)
// for every subject whose records changed. Pure: state is read through a
// StateSource and the result is returned for the caller to write atomically.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/aggregate.h"
#include "engine/catalogue.h"
#include "engine/record.h"
#include "scorecard/v1/state.pb.h"

namespace scorecard {

// (la_code, directory field "<kind>/<record_id>")
using RecordRef = std::pair<std::string, std::string>;
// (la_code, subject "c:<id>" | "w:<id>" | "la")
using SubjectRef = std::pair<std::string, std::string>;

class StateSource {
 public:
  virtual ~StateSource() = default;
  // One entry per ref, nullopt when the record was never seen.
  virtual absl::StatusOr<std::vector<std::optional<RecordMeta>>> LoadDirectory(
      const std::vector<RecordRef>& refs) = 0;
  // One entry per ref, empty state when the subject has no live records.
  virtual absl::StatusOr<std::vector<v1::SubjectState>> LoadSubjects(
      const std::vector<SubjectRef>& refs) = 0;
};

struct BatchEffect {
  // New directory entries (encoded RecordMeta) for records whose winner changed.
  std::map<RecordRef, std::string> directory;
  // New states of changed subjects; nullopt = no live records (delete the key).
  std::map<SubjectRef, std::optional<v1::SubjectState>> subjects;
  AggregateCells deltas;
  // Payload kinds received per council (upserts and deletes, applied or not).
  std::set<std::pair<std::string, std::string>> seen_kinds;
  // Teams named by the batch's events, per council.
  std::set<std::pair<std::string, std::string>> teams;
  int64_t changed_records = 0;  // events that became a record's winner
};

// REQUIRES: every event passed CheckEvent. Events may be in any order and
// may repeat; the effect depends only on the set of events and the loaded
// state.
absl::StatusOr<BatchEffect> ApplyBatch(const Catalogue& catalogue, const MeasureContext& ctx,
                                       StateSource& source,
                                       const std::vector<const v1::CaseEvent*>& events);

// Live records of a state as pointers (for Catalogue::ContributionOf).
std::vector<const v1::CaseEvent*> RecordsOf(const v1::SubjectState& state);

// Sorts a state's records by (kind, record_id): states are canonical, so
// equal record sets serialise to equal bytes.
void Canonicalize(v1::SubjectState& state);

// An in-memory StateSource + store: the batch mode and tests apply batches
// to it exactly as the ingest service applies them to Redis.
class MemoryStateStore : public StateSource {
 public:
  absl::StatusOr<std::vector<std::optional<RecordMeta>>> LoadDirectory(
      const std::vector<RecordRef>& refs) override;
  absl::StatusOr<std::vector<v1::SubjectState>> LoadSubjects(
      const std::vector<SubjectRef>& refs) override;

  // Writes a batch's effect (state, directory and aggregate deltas).
  void Commit(const BatchEffect& effect);

  const std::map<RecordRef, std::string>& directory() const { return directory_; }
  const std::map<SubjectRef, v1::SubjectState>& subjects() const { return subjects_; }
  const AggregateCells& aggregates() const { return aggregates_; }
  const std::set<std::pair<std::string, std::string>>& seen_kinds() const { return seen_; }

 private:
  std::map<RecordRef, std::string> directory_;
  std::map<SubjectRef, v1::SubjectState> subjects_;
  AggregateCells aggregates_;
  std::set<std::pair<std::string, std::string>> seen_;
};

}  // namespace scorecard

#endif  // SCORECARD_ENGINE_APPLIER_H_
