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
#include "queue/publisher.h"
#include "redis/redis_client.h"
#include "redis/redis_options.h"

namespace scorecard {

struct IngestConfig {
  RedisOptions redis;
  QueueConfig queue;
  std::string ns = "live";  // state namespace
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
  int64_t entries = 0;    // queue entries read
  int64_t applied = 0;    // valid events committed
  int64_t rejected = 0;   // sent to the dead-letter stream
  bool replayed = false;  // the watermark showed the batch was already applied
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

 private:
  struct Entry {
    std::string id;
    bool present = false;  // false: deleted from the stream meanwhile
    std::string value;
  };
  absl::StatusOr<std::vector<Entry>> Read(const std::string& from, int block_ms);
  absl::StatusOr<BatchStats> Commit(const std::vector<Entry>& entries);
  absl::Status AcquireLease(std::chrono::steady_clock::time_point deadline);
  absl::Status ClaimOthersPending();
  void UpdateLag();

  IngestConfig config_;
  int partition_;
  PartitionKeys keys_;
  std::shared_ptr<const Catalogue> catalogue_;
  MeasureContext ctx_;
  IngestMetrics* metrics_;
  RedisClient* injected_client_;
  std::unique_ptr<RedisClient> owned_client_;
  RedisClient* client_;
  bool pending_phase_ = true;
  std::chrono::steady_clock::time_point last_lag_update_{};
};

}  // namespace scorecard

#endif  // SCORECARD_INGEST_PARTITION_WORKER_H_
