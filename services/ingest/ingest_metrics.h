#ifndef SCORECARD_INGEST_INGEST_METRICS_H_
#define SCORECARD_INGEST_INGEST_METRICS_H_

// The ingest service's Prometheus metrics. Handles are resolved once at
// construction (Family::Add takes a lock); the accessors are lock-free and
// thread-safe. Label values are bounded: partitions and rejection codes.

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>
#include <string>
#include <vector>

namespace scorecard {

class IngestMetrics {
 public:
  IngestMetrics(prometheus::Registry& registry, int partitions);

  prometheus::Counter& applied(int partition) { return *applied_[partition]; }
  prometheus::Counter& replayed(int partition) { return *replayed_[partition]; }
  // Unknown codes are counted as "other" so the label set stays bounded.
  prometheus::Counter& rejected(const std::string& code);
  prometheus::Histogram& batch_seconds() { return *batch_seconds_; }
  prometheus::Gauge& lag(int partition) { return *lag_[partition]; }
  prometheus::Gauge& last_batch(int partition) { return *last_batch_[partition]; }
  prometheus::Gauge& owned(int partition) { return *owned_[partition]; }
  prometheus::Gauge& catalogue_mismatch(int partition) { return *catalogue_mismatch_[partition]; }
  prometheus::Counter& redis_errors() { return *redis_errors_; }

 private:
  std::vector<prometheus::Counter*> applied_, replayed_;
  std::map<std::string, prometheus::Counter*> rejected_;
  prometheus::Histogram* batch_seconds_;
  std::vector<prometheus::Gauge*> lag_, last_batch_, owned_, catalogue_mismatch_;
  prometheus::Counter* redis_errors_;
};

}  // namespace scorecard

#endif  // SCORECARD_INGEST_INGEST_METRICS_H_
