#ifndef SCORECARD_INGEST_REDIS_STATE_SOURCE_H_
#define SCORECARD_INGEST_REDIS_STATE_SOURCE_H_

// StateSource over Redis: one pipelined round trip for the directory entries
// of a batch and one for the affected subjects. Reads without a transaction
// are safe because only the lease holder of a partition writes its keys.

#include <string>

#include "engine/applier.h"
#include "events/partitioning.h"
#include "redis/redis_client.h"

namespace scorecard {

class RedisStateSource : public StateSource {
 public:
  RedisStateSource(RedisClient& redis, const PartitionKeys& keys, std::string ns)
      : redis_(redis), keys_(keys), ns_(std::move(ns)) {}

  absl::StatusOr<std::vector<std::optional<RecordMeta>>> LoadDirectory(
      const std::vector<RecordRef>& refs) override;
  absl::StatusOr<std::vector<v1::SubjectState>> LoadSubjects(
      const std::vector<SubjectRef>& refs) override;

 private:
  RedisClient& redis_;
  const PartitionKeys& keys_;
  std::string ns_;
};

}  // namespace scorecard

#endif  // SCORECARD_INGEST_REDIS_STATE_SOURCE_H_
