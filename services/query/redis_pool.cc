#include "query/redis_pool.h"

#include "redis/redis_connection.h"

namespace scorecard {

RedisPool::RedisPool(Factory factory, size_t max_idle)
    : factory_(std::move(factory)), max_idle_(max_idle) {}

std::unique_ptr<RedisPool> RedisPool::ForServer(const RedisOptions& options, size_t max_idle) {
  return std::make_unique<RedisPool>(
      [options]() -> absl::StatusOr<std::unique_ptr<RedisClient>> {
        auto conn = RedisConnection::Connect(options);
        if (!conn.ok()) return conn.status();
        return std::unique_ptr<RedisClient>(std::move(*conn));
      },
      max_idle);
}

RedisPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), client_(std::move(other.client_)) {}

RedisPool::Lease::~Lease() {
  if (client_) pool_->Release(std::move(client_));
}

absl::StatusOr<RedisPool::Lease> RedisPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<RedisClient> client = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(client));
    }
  }
  auto client = factory_();
  if (!client.ok()) return client.status();
  return Lease(this, std::move(*client));
}

void RedisPool::Release(std::unique_ptr<RedisClient> client) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(client));
}

}  // namespace scorecard
