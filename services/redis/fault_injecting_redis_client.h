#ifndef SCORECARD_REDIS_FAULT_INJECTING_REDIS_CLIENT_H_
#define SCORECARD_REDIS_FAULT_INJECTING_REDIS_CLIENT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "redis/redis_client.h"

namespace scorecard {

// Where an injected failure strikes relative to the real call.
enum class FaultPoint {
  // The call fails without reaching the inner client: the command never ran.
  kBeforeForwarding,
  // The call is forwarded and runs; its result is discarded and Unavailable
  // returned: "the command ran but the reply was lost".
  kAfterForwarding,
};

// A RedisClient decorator for tests (leveldb's EnvWrapper pattern): forwards
// every call to `inner` unless told to fail a given call with Unavailable.
// Command and Pipeline calls share one call counter.
// Thread-safety: NOT thread-safe (like every RedisClient).
class FaultInjectingRedisClient final : public RedisClient {
 public:
  // Does not take ownership. REQUIRES: `inner` outlives this object.
  explicit FaultInjectingRedisClient(RedisClient* inner);

  // Makes the n-th call from now fail at `point` (n = 1: the next call).
  // Several failures may be scheduled; scheduling the same call twice keeps
  // the later point. REQUIRES: n >= 1.
  void FailNthCall(int n, FaultPoint point);
  // Cancels every scheduled failure.
  void ClearFaults();

  // Calls made through this client so far (failed ones included).
  uint64_t calls() const { return calls_; }
  // Failures injected so far.
  uint64_t injected_failures() const { return injected_failures_; }

  absl::StatusOr<RedisReply> Command(const std::vector<std::string>& argv) override;
  absl::StatusOr<std::vector<RedisReply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands) override;

 private:
  // Counts the call; returns the fault scheduled for it, if any.
  const FaultPoint* NextCall();
  absl::Status Injected(FaultPoint point);

  RedisClient* inner_;
  uint64_t calls_ = 0;
  uint64_t injected_failures_ = 0;
  std::map<uint64_t, FaultPoint> faults_;  // keyed by absolute call number
};

}  // namespace scorecard

#endif  // SCORECARD_REDIS_FAULT_INJECTING_REDIS_CLIENT_H_
