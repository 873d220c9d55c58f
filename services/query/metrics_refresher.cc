#include "query/metrics_refresher.h"

#include <iostream>

namespace scorecard {

MetricsRefresher::~MetricsRefresher() { Stop(); }

absl::Status MetricsRefresher::RefreshOnce() {
  auto councils = queries_.Councils();
  if (!councils.ok()) return councils.status();
  absl::Status first;
  for (const std::string& la : *councils) {
    // Codes that fail validation never become label values.
    if (!ValidateLaCode(la).ok()) continue;
    v1::GetScorecardRequest request;
    request.set_la_code(la);
    request.mutable_period()->set_kind(v1::PERIOD_KIND_AS_OF);
    auto card = queries_.GetScorecard(request);
    if (!card.ok()) {
      if (first.ok()) first = card.status();
      continue;
    }
    gauges_.Update(*card);
  }
  return first;
}

void MetricsRefresher::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void MetricsRefresher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MetricsRefresher::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    if (absl::Status s = RefreshOnce(); !s.ok()) {
      std::cerr << "metrics refresh failed: " << s << "\n";
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace scorecard
