#ifndef SCORECARD_QUERY_REDIS_AGGREGATE_READER_H_
#define SCORECARD_QUERY_REDIS_AGGREGATE_READER_H_

// Reads the aggregates the ingest service keeps in Redis (key layout in
// events/partitioning.h) for the scorecard engine.

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalogue.h"
#include "engine/scorecard.h"
#include "redis/redis_client.h"

namespace scorecard {

// Where the state lives: the key prefix, the partition count and the state
// namespace (a rebuild writes a fresh namespace).
struct StateLocation {
  std::string prefix = "ssc";
  int partitions = 8;
  std::string ns = "live";
};

// Not thread-safe (it uses one connection): one reader per thread or lease.
// REQUIRES: `redis` and `catalogue` outlive the reader.
class RedisAggregateReader final : public AggregateReader {
 public:
  RedisAggregateReader(RedisClient& redis, const Catalogue& catalogue, StateLocation location)
      : redis_(redis), catalogue_(catalogue), location_(std::move(location)) {}

  // One pipelined round trip: an HMGET of exactly each request's fields;
  // missing hashes and fields count as 0. INVALID_ARGUMENT for a series index
  // the catalogue does not have; UNAVAILABLE when Redis cannot be reached;
  // FAILED_PRECONDITION/INTERNAL when a key holds something else.
  absl::StatusOr<std::vector<int64_t>> Sum(const std::vector<SumRequest>& requests) override;

  // The fields of the council's Seen hash.
  absl::StatusOr<std::set<std::string>> SeenKinds(const std::string& la) override;

 private:
  RedisClient& redis_;
  const Catalogue& catalogue_;
  StateLocation location_;
};

// True iff the council is in the Councils set of its partition (ingest adds
// it with the council's first event).
absl::StatusOr<bool> CouncilKnown(RedisClient& redis, const StateLocation& location,
                                  const std::string& la);

// Every council in the Councils sets of all partitions (one round trip).
absl::StatusOr<std::set<std::string>> KnownCouncils(RedisClient& redis,
                                                    const StateLocation& location);

}  // namespace scorecard

#endif  // SCORECARD_QUERY_REDIS_AGGREGATE_READER_H_
