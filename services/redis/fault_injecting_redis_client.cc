#include "redis/fault_injecting_redis_client.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace scorecard {

FaultInjectingRedisClient::FaultInjectingRedisClient(RedisClient* inner) : inner_(inner) {
  if (inner_ == nullptr) {
    std::fprintf(stderr, "FaultInjectingRedisClient: inner client must not be null\n");
    std::abort();
  }
}

void FaultInjectingRedisClient::FailNthCall(int n, FaultPoint point) {
  if (n < 1) {
    std::fprintf(stderr, "FaultInjectingRedisClient::FailNthCall: n must be >= 1, got %d\n", n);
    std::abort();
  }
  faults_[calls_ + static_cast<uint64_t>(n)] = point;
}

void FaultInjectingRedisClient::ClearFaults() { faults_.clear(); }

const FaultPoint* FaultInjectingRedisClient::NextCall() {
  ++calls_;
  auto it = faults_.find(calls_);
  return it == faults_.end() ? nullptr : &it->second;
}

absl::Status FaultInjectingRedisClient::Injected(FaultPoint point) {
  ++injected_failures_;
  faults_.erase(calls_);
  return absl::UnavailableError(absl::StrCat(
      "injected fault on call ", calls_,
      point == FaultPoint::kBeforeForwarding ? " (not sent)" : " (ran, reply dropped)"));
}

absl::StatusOr<RedisReply> FaultInjectingRedisClient::Command(
    const std::vector<std::string>& argv) {
  const FaultPoint* fault = NextCall();
  if (fault == nullptr) return inner_->Command(argv);
  const FaultPoint point = *fault;
  if (point == FaultPoint::kAfterForwarding) inner_->Command(argv).IgnoreError();
  return Injected(point);
}

absl::StatusOr<std::vector<RedisReply>> FaultInjectingRedisClient::Pipeline(
    const std::vector<std::vector<std::string>>& commands) {
  const FaultPoint* fault = NextCall();
  if (fault == nullptr) return inner_->Pipeline(commands);
  const FaultPoint point = *fault;
  if (point == FaultPoint::kAfterForwarding) inner_->Pipeline(commands).IgnoreError();
  return Injected(point);
}

}  // namespace scorecard
