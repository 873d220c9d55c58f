#ifndef SCORECARD_QUERY_REDIS_POOL_H_
#define SCORECARD_QUERY_REDIS_POOL_H_

// A small pool of Redis connections for code that runs on many threads (gRPC
// handlers, the metrics refresher). hiredis connections are not thread-safe,
// so each lease gives its holder exclusive use of one connection until the
// lease is destroyed.

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/statusor.h"
#include "redis/redis_client.h"
#include "redis/redis_options.h"

namespace scorecard {

class RedisPool {
 public:
  using Factory = std::function<absl::StatusOr<std::unique_ptr<RedisClient>>()>;

  // `factory` opens a new connection; it is called (outside the pool's lock)
  // whenever no idle connection is available. At most `max_idle` connections
  // are kept between leases; extra ones are closed when returned.
  RedisPool(Factory factory, size_t max_idle);
  // A pool of RedisConnections to one server.
  static std::unique_ptr<RedisPool> ForServer(const RedisOptions& options, size_t max_idle);

  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();  // returns the connection to the pool

    RedisClient& client() const { return *client_; }

   private:
    friend class RedisPool;
    Lease(RedisPool* pool, std::unique_ptr<RedisClient> client)
        : pool_(pool), client_(std::move(client)) {}
    RedisPool* pool_;
    std::unique_ptr<RedisClient> client_;
  };

  // An idle connection, or a new one. UNAVAILABLE when a new one cannot be
  // opened. A connection that failed mid-command is still returned to the
  // pool: RedisConnection reconnects on its next call. Thread-safe.
  // REQUIRES: the pool outlives the lease.
  absl::StatusOr<Lease> Acquire();

 private:
  void Release(std::unique_ptr<RedisClient> client);

  Factory factory_;
  size_t max_idle_;
  std::mutex mu_;
  std::vector<std::unique_ptr<RedisClient>> idle_;  // guarded by mu_
};

}  // namespace scorecard

#endif  // SCORECARD_QUERY_REDIS_POOL_H_
