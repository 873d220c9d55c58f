#include "ingest/ingest_metrics.h"

namespace scorecard {

IngestMetrics::IngestMetrics(prometheus::Registry& registry, int partitions) {
  auto& applied = prometheus::BuildCounter()
                      .Name("scorecard_ingest_events_applied_total")
                      .Help("Valid events committed to state (including ones superseded)")
                      .Register(registry);
  auto& replayed = prometheus::BuildCounter()
                       .Name("scorecard_ingest_batches_replayed_total")
                       .Help("Batches found already applied (watermark) and only acknowledged")
                       .Register(registry);
  auto& lag = prometheus::BuildGauge()
                  .Name("scorecard_ingest_lag_events")
                  .Help("Queue entries not yet delivered to the consumer group")
                  .Register(registry);
  auto& last = prometheus::BuildGauge()
                   .Name("scorecard_ingest_last_batch_timestamp_seconds")
                   .Help("Unix time of the last committed batch")
                   .Register(registry);
  auto& owned = prometheus::BuildGauge()
                    .Name("scorecard_ingest_partition_owned")
                    .Help("1 while this process holds the partition's lease")
                    .Register(registry);
  auto& mismatch = prometheus::BuildGauge()
                       .Name("scorecard_ingest_catalogue_mismatch")
                       .Help(
                           "1 while the partition's current state namespace was built with "
                           "other series definitions: this process does not apply it")
                       .Register(registry);
  for (int p = 0; p < partitions; ++p) {
    const std::map<std::string, std::string> labels = {{"partition", std::to_string(p)}};
    applied_.push_back(&applied.Add(labels));
    replayed_.push_back(&replayed.Add(labels));
    lag_.push_back(&lag.Add(labels));
    last_batch_.push_back(&last.Add(labels));
    owned_.push_back(&owned.Add(labels));
    catalogue_mismatch_.push_back(&mismatch.Add(labels));
  }
  auto& rejected = prometheus::BuildCounter()
                       .Name("scorecard_ingest_events_rejected_total")
                       .Help("Events sent to the dead-letter stream, by reason code")
                       .Register(registry);
  for (const char* code :
       {"missing_field", "invalid_id", "invalid_date", "date_order", "unknown_code", "invalid_code",
        "out_of_range", "inconsistent", "too_long", "invalid_op", "invalid_version",
        "missing_payload", "undecodable", "wrong_partition", "too_large", "other"}) {
    rejected_[code] = &rejected.Add({{"reason", code}});
  }
  batch_seconds_ =
      &prometheus::BuildHistogram()
           .Name("scorecard_ingest_batch_duration_seconds")
           .Help("Time to load, compute and commit one batch")
           .Register(registry)
           .Add({}, prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                            0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5});
  redis_errors_ = &prometheus::BuildCounter()
                       .Name("scorecard_ingest_redis_errors_total")
                       .Help("Redis calls that failed (the batch is retried)")
                       .Register(registry)
                       .Add({});
}

prometheus::Counter& IngestMetrics::rejected(const std::string& code) {
  auto it = rejected_.find(code);
  return it == rejected_.end() ? *rejected_.at("other") : *it->second;
}

}  // namespace scorecard
