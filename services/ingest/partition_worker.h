#ifndef SCORECARD_INGEST_PARTITION_WORKER_H_
#define SCORECARD_INGEST_PARTITION_WORKER_H_

// Consumes one partition's stream: reads batches with XREADGROUP (its own
// pending entries first, after a restart), decodes and validates them,
// applies them to state (engine/applier.h) and commits with the apply script.
// One worker per partition at a time, enforced by a lease with fencing.
// Not thread-safe: each worker runs on its own thread with its own Redis
// connection.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalogue.h"
#include "events/partitioning.h"
#include "ingest/apply_script.h"
#include "ingest/ingest_metrics.h"
#include "ingest/stream_batch.h"
#include "queue/publisher.h"
#include "redis/redis_client.h"
#include "redis/redis_options.h"

namespace scorecard {

struct IngestConfig {
  RedisOptions redis;
  QueueConfig queue;
  // The state namespace written while the partition has no namespace
  // pointer (deployments from before rebuilds). Once a rebuild has switched
  // the pointer, the worker follows it.
  std::string ns = "live";
  std::string group = "ingest";
  // Stable consumer name: after a restart the worker recovers its own pending
  // entries, and it is also the lease token (two live processes must not share
  // a name).
  std::string consumer = "ingest-1";
  int batch_size = 1000;
  int block_ms = 500;
  int64_t lease_ttl_ms = 10000;
};

struct BatchStats {
  int64_t entries = 0;      // queue entries read
  int64_t applied = 0;      // valid events committed
  int64_t rejected = 0;     // sent to the dead-letter stream
  bool replayed = false;    // the watermark showed the batch was already applied
  int namespace_moves = 0;  // times the batch was recomputed after a namespace switch
};

class PartitionWorker {
 public:
  // `client` is used when non-null (tests inject faults); otherwise the worker
  // connects itself. `metrics` may be null.
  PartitionWorker(IngestConfig config, int partition, std::shared_ptr<const Catalogue> catalogue,
                  MeasureContext ctx, IngestMetrics* metrics, RedisClient* client = nullptr);

  // Loops until `stop` is set; the batch in progress is finished first.
  void Run(const std::atomic<bool>& stop);

  // Connects, creates the consumer group, takes the lease and claims entries
  // pending for other consumers. Waits for the lease until `deadline`.
  absl::Status Setup(std::chrono::steady_clock::time_point deadline);

  // Reads one batch (pending entries first) and commits it. `block_ms` 0
  // means do not block. Returns what was done; entries == 0 when idle.
  absl::StatusOr<BatchStats> ProcessBatch(int block_ms);

  // Processes batches until nothing is pending or undelivered (tests, tools).
  absl::StatusOr<BatchStats> Drain();

  const PartitionKeys& keys() const { return keys_; }
  // The namespace the worker writes (valid after Setup).
  const std::string& current_namespace() const { return ns_; }

  // Reads the partition's namespace pointer and the namespace's catalogue
  // version. FAILED_PRECONDITION (and the catalogue-mismatch gauge set) when
  // the namespace records another catalogue version than ours: this process
  // must not write it and must be restarted with that catalogue.
  absl::Status ResolveNamespace();

 private:
  absl::StatusOr<std::vector<StreamEntry>> Read(const std::string& from, int block_ms);
  absl::StatusOr<BatchStats> Commit(const std::vector<StreamEntry>& entries);
  absl::Status AcquireLease(std::chrono::steady_clock::time_point deadline);
  absl::Status ClaimOthersPending();
  void UpdateLag();
  // Releases the lease and logs `why` once (`reported`): used while the
  // current namespace records another catalogue version.
  void StandDown(const absl::Status& why, bool& reported);

  IngestConfig config_;
  int partition_;
  PartitionKeys keys_;
  std::shared_ptr<const Catalogue> catalogue_;
  MeasureContext ctx_;
  IngestMetrics* metrics_;
  RedisClient* injected_client_;
  std::unique_ptr<RedisClient> owned_client_;
  RedisClient* client_;
  std::string ns_;                   // the namespace the next batch is computed against
  bool catalogue_mismatch_ = false;  // set by ResolveNamespace
  bool pending_phase_ = true;
  std::chrono::steady_clock::time_point last_lag_update_{};
};

}  // namespace scorecard

#endif  // SCORECARD_INGEST_PARTITION_WORKER_H_
