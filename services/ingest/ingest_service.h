#ifndef SCORECARD_INGEST_INGEST_SERVICE_H_
#define SCORECARD_INGEST_INGEST_SERVICE_H_

// The ingest service: one worker thread per owned partition, a Prometheus
// exposer, and an orderly stop (each worker finishes its current batch).

#include <prometheus/exposer.h>
#include <prometheus/registry.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "ingest/ingest_metrics.h"
#include "ingest/partition_worker.h"

namespace scorecard {

class IngestService {
 public:
  // `partitions`: the partitions this process serves (empty: all).
  // `metrics_listen`: "127.0.0.1:PORT" or empty for no exposer.
  IngestService(IngestConfig config, std::vector<int> partitions,
                std::shared_ptr<const Catalogue> catalogue, MeasureContext ctx,
                const std::string& metrics_listen);
  ~IngestService();

  void Start();
  // Signals the workers and joins them; returns when every batch in progress
  // has been committed or abandoned (never half-applied).
  void Stop();

 private:
  IngestConfig config_;
  std::vector<int> partitions_;
  std::shared_ptr<const Catalogue> catalogue_;
  MeasureContext ctx_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  IngestMetrics metrics_;
  std::atomic<bool> stop_{false};
  std::vector<std::unique_ptr<PartitionWorker>> workers_;
  std::vector<std::thread> threads_;
};

}  // namespace scorecard

#endif  // SCORECARD_INGEST_INGEST_SERVICE_H_
