#ifndef SCORECARD_QUEUE_PUBLISHER_H_
#define SCORECARD_QUEUE_PUBLISHER_H_

// Puts validated events on the partitioned Redis Streams queue. A producer
// gets a definite answer per event: accepted only after its XADD succeeded,
// or rejected with a machine-readable reason. Not thread-safe (it owns no
// connection; the caller passes one per thread).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "redis/redis_client.h"
#include "scorecard/v1/event.pb.h"

namespace scorecard {

struct QueueConfig {
  std::string prefix = "ssc";  // key prefix of every key the product writes
  int partitions = 8;          // never change on a live system: it places data
};

struct PublishOutcome {
  bool accepted = false;
  std::string code;       // rejection code (see events/validate.h)
  std::string reason;     // "field: message"
  std::string stream_id;  // queue entry id when accepted
};

// The stream entry field that carries the serialized CaseEvent.
inline constexpr char kEventField[] = "e";

class Publisher {
 public:
  Publisher(RedisClient& redis, QueueConfig config) : redis_(redis), config_(std::move(config)) {}

  // One outcome per event, in order. Invalid events are rejected without
  // touching Redis. UNAVAILABLE when the queue cannot be reached: then no
  // outcome is definite and the caller may resend (event ids make the resend
  // harmless).
  absl::StatusOr<std::vector<PublishOutcome>> Publish(const std::vector<v1::CaseEvent>& events);

 private:
  RedisClient& redis_;
  QueueConfig config_;
};

}  // namespace scorecard

#endif  // SCORECARD_QUEUE_PUBLISHER_H_
