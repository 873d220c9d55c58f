#ifndef SCORECARD_QUERY_PUBLISH_EVENTS_H_
#define SCORECARD_QUERY_PUBLISH_EVENTS_H_

// The Publish API without gRPC: bounds the request, publishes through
// Publisher on a pooled connection and reports per-event outcomes.

#include "absl/status/statusor.h"
#include "query/redis_pool.h"
#include "queue/publisher.h"
#include "scorecard/v1/scorecard_service.pb.h"

namespace scorecard {

// At most this many events per Publish request.
inline constexpr int kMaxEventsPerPublish = 10'000;

// INVALID_ARGUMENT when the request has more than kMaxEventsPerPublish
// events (nothing is published); UNAVAILABLE when Redis cannot be reached
// (no outcome is definite; resending is safe). Otherwise one result per
// event, in order. Thread-safe.
absl::StatusOr<v1::PublishResponse> PublishEvents(RedisPool& pool, const QueueConfig& queue,
                                                  const v1::PublishRequest& request);

}  // namespace scorecard

#endif  // SCORECARD_QUERY_PUBLISH_EVENTS_H_
