#include "ingest/ingest_service.h"

namespace scorecard {

IngestService::IngestService(IngestConfig config, std::vector<int> partitions,
                             std::shared_ptr<const Catalogue> catalogue, MeasureContext ctx,
                             const std::string& metrics_listen)
    : config_(std::move(config)),
      partitions_(std::move(partitions)),
      catalogue_(std::move(catalogue)),
      ctx_(ctx),
      registry_(std::make_shared<prometheus::Registry>()),
      metrics_(*registry_, config_.queue.partitions) {
  if (partitions_.empty()) {
    for (int p = 0; p < config_.queue.partitions; ++p) partitions_.push_back(p);
  }
  if (!metrics_listen.empty()) {
    exposer_ = std::make_unique<prometheus::Exposer>(metrics_listen);
    exposer_->RegisterCollectable(registry_);
  }
}

IngestService::~IngestService() { Stop(); }

void IngestService::Start() {
  for (int p : partitions_) {
    workers_.push_back(std::make_unique<PartitionWorker>(config_, p, catalogue_, ctx_, &metrics_));
  }
  for (auto& w : workers_) {
    threads_.emplace_back([this, worker = w.get()] { worker->Run(stop_); });
  }
}

void IngestService::Stop() {
  stop_.store(true);
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace scorecard
