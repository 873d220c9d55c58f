#ifndef SCORECARD_INGEST_REBUILDER_H_
#define SCORECARD_INGEST_REBUILDER_H_

// Rebuild: recomputes a partition's whole state from its event stream (the
// event log) into a fresh namespace, then switches the partition's namespace
// pointer to it atomically. Queries and ingest keep using the current
// namespace until the switch; after it ingest follows the pointer (the apply
// script refuses the old namespace and the worker recomputes its batch
// against the new one).
//
// The rebuild reads the stream with XRANGE in bounded batches (no consumer
// group, nothing acknowledged), decodes and validates entries exactly as the
// ingest does (stream_batch.h), computes each batch with the same engine
// (ApplyBatch over RedisStateSource) and commits it with the same apply
// script in its rebuild role: fenced by the partition's rebuild lease,
// refused for the current namespace, guarded by the target namespace's
// watermark. Invalid entries are skipped, not dead-lettered: the ingest has
// dead-lettered (or will dead-letter) each of them once.
//
// Restartable: the target's watermark records how far it got, so a killed
// rebuild rerun with the same target resumes after it; a partition already
// switched to the target is left alone.
//
// Not thread-safe: one PartitionRebuilder per thread, each with its own
// connection.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalogue.h"
#include "events/partitioning.h"
#include "queue/publisher.h"
#include "redis/redis_client.h"
#include "redis/redis_options.h"

namespace scorecard {

struct RebuildConfig {
  QueueConfig queue;
  // What a missing namespace pointer means (the ingest's --namespace).
  std::string default_ns = "live";
  // The namespace to build. REQUIRES: ValidateNamespaceName(target) is OK.
  std::string target;
  // The rebuild lease token: unique per running rebuild.
  std::string token;
  int batch_size = 1000;
  int64_t lease_ttl_ms = 10000;
};

// What one partition's rebuild has done so far.
struct PartitionProgress {
  int partition = 0;
  std::string previous;  // the namespace that was current when the rebuild began
  int64_t entries = 0;   // stream entries read
  int64_t applied = 0;   // valid events committed
  int64_t skipped = 0;   // invalid entries (dead-lettered by the ingest, not here)
  int64_t batches = 0;
  std::string watermark;         // the target's watermark after the last batch
  bool already_current = false;  // the target was already current at Start
  bool switched = false;
  int catch_ups = 0;   // switch attempts that found new entries first
  double seconds = 0;  // time spent reading and applying
};

class PartitionRebuilder {
 public:
  // REQUIRES: `redis`, `catalogue` and `ctx`'s calendar outlive the rebuilder.
  PartitionRebuilder(const RebuildConfig& config, int partition,
                     std::shared_ptr<const Catalogue> catalogue, MeasureContext ctx,
                     RedisClient& redis);

  // Loads the scripts, takes the partition's rebuild lease (waiting until
  // `deadline` for another rebuild's to expire: DEADLINE_EXCEEDED), reads the
  // current namespace and checks the target: FAILED_PRECONDITION when it
  // was begun with other series definitions, or when the target is the default
  // namespace and the partition has no pointer (it is current). When the
  // pointer already names the target (a rerun after the switch)
  // progress().already_current is set and Step and TrySwitch do nothing.
  absl::Status Start(std::chrono::steady_clock::time_point deadline);

  // Reads up to one batch after the target's watermark and commits it.
  // Returns the number of entries read: 0 when the target has caught up
  // with the stream as it was at the read.
  absl::StatusOr<int64_t> Step();

  // Steps until caught up. `progress` (may be empty) is called after every
  // batch.
  absl::Status CatchUp(const std::function<void(const PartitionProgress&)>& progress);

  // One atomic script: if the target's watermark is the stream's last entry
  // id, records the catalogue stamp for the target and points the
  // partition at it. True when switched (or already current); false when
  // entries arrived since the last Step (catch up and try again).
  // FAILED_PRECONDITION when another process switched the partition
  // meanwhile or the lease was lost.
  absl::StatusOr<bool> TrySwitch();

  // Releases the rebuild lease (best effort).
  void Release();

  const PartitionProgress& progress() const { return progress_; }

 private:
  absl::Status EnsureLease();

  RebuildConfig config_;
  PartitionKeys keys_;
  std::shared_ptr<const Catalogue> catalogue_;
  MeasureContext ctx_;
  RedisClient& redis_;
  PartitionProgress progress_;
};

// Rebuilds every partition with `jobs` threads, each with its own
// connection to `redis`: first every partition catches up (the long part,
// the old namespace serving meanwhile), then each partition catches up again
// and switches, retrying while new entries keep arriving. `report` (may be
// empty) receives progress after every batch and each switch, from any of
// the threads but never from two at once. Returns every
// partition's final progress, or the first error (partitions that switched
// before it stay switched; rerunning with the same target completes the
// rest).
absl::StatusOr<std::vector<PartitionProgress>> RebuildAll(
    const RebuildConfig& config, const RedisOptions& redis,
    std::shared_ptr<const Catalogue> catalogue, MeasureContext ctx, int jobs,
    const std::function<void(const PartitionProgress&)>& report);

// Deletes every key of namespace `ns` in every partition with SCAN MATCH and
// UNLINK in bounded batches (`count` keys per SCAN step). FAILED_PRECONDITION
// (nothing deleted) when `ns` is the current namespace of any partition
// (`default_ns` is what a missing pointer means). Returns the number of keys
// deleted.
absl::StatusOr<int64_t> DropNamespace(RedisClient& redis, const QueueConfig& queue,
                                      const std::string& default_ns, const std::string& ns,
                                      int count = 1000);

}  // namespace scorecard

#endif  // SCORECARD_INGEST_REBUILDER_H_
