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
// namespace. `ns` is read as is by the reader below; the query service first
// resolves it per partition with CurrentNamespace (a rebuild writes a fresh
// namespace and switches the partition's pointer to it), and there `ns` is
// what a partition without a pointer uses.
struct StateLocation {
  std::string prefix = "ssc";
  int partitions = 8;
  std::string ns = "live";
};

// A partition's current namespace and the catalogue stamp it records
// (events/catalogue_stamp.h; empty when nothing has been written to it yet).
struct CurrentState {
  std::string ns;
  std::string catalogue_stamp;
};

// One round trip for the pointer, one for the stamp. UNAVAILABLE when
// Redis cannot be reached.
absl::StatusOr<CurrentState> CurrentNamespace(RedisClient& redis, const StateLocation& location,
                                              int partition);

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

// Every council in the Councils sets of all partitions, each partition read
// in its current namespace (two round trips).
absl::StatusOr<std::set<std::string>> KnownCouncils(RedisClient& redis,
                                                    const StateLocation& location);

}  // namespace scorecard

#endif  // SCORECARD_QUERY_REDIS_AGGREGATE_READER_H_
