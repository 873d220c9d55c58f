#ifndef SCORECARD_CLI_PUBLISH_COMMAND_H_
#define SCORECARD_CLI_PUBLISH_COMMAND_H_

// Publishing from the command line: `scorecardctl publish` (an NDJSON file)
// and `--publish` on `generate`, `import-903` and `import-cin` (their events
// straight onto the Redis Streams queue).

#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "importers/event_output.h"
#include "queue/publisher.h"
#include "redis/redis_client.h"
#include "runtime/flags.h"

namespace scorecard::cli {

struct PublishSummary {
  int64_t lines = 0;      // lines read (including blank and comment lines)
  int64_t published = 0;  // events accepted by the queue
  int64_t rejected = 0;   // lines that did not parse or failed validation
};

// Publishes events in batches. Each rejected event is reported on `err` as
// "NAME:LINE: code: field: message" (LINE: the event's line in the input, or
// its ordinal for generated events). After the queue fails, later events are
// dropped and Finish() returns the failure. Not thread-safe.
class BatchPublisher final : public importers::EventSink {
 public:
  // REQUIRES: batch >= 1; `publisher` and `err` outlive this object.
  BatchPublisher(Publisher& publisher, size_t batch, std::string name, std::ostream& err);

  void Add(v1::CaseEvent event, int64_t line);
  // EventSink: events numbered 1, 2, ... in the order written.
  void Write(const v1::CaseEvent& event) override;
  // A line that was not an event at all.
  void ReportUnparsable(int64_t line, const absl::Status& status);
  // Publishes what is pending; the summary, or UNAVAILABLE when the queue
  // could not be reached (events of earlier batches stay published).
  absl::StatusOr<PublishSummary> Finish();

 private:
  void Flush();

  Publisher& publisher_;
  size_t batch_;
  std::string name_;
  std::ostream& err_;
  PublishSummary summary_;
  absl::Status failure_;
  std::vector<v1::CaseEvent> events_;
  std::vector<int64_t> lines_;
  int64_t written_ = 0;
};

// Reads NDJSON from `in` and publishes it in batches of `batch` events; a line
// that is not a CaseEvent is reported with code "invalid_json".
absl::StatusOr<PublishSummary> PublishNdjson(std::istream& in, const std::string& name,
                                             Publisher& publisher, size_t batch, std::ostream& err);

// A Redis connection and a Publisher, from the queue flags defined by
// DefineQueueFlags: --redis, --redis-password, --prefix, --partitions.
struct QueueConnection {
  std::unique_ptr<RedisClient> redis;
  std::unique_ptr<Publisher> publisher;
};
void DefineQueueFlags(Flags& flags, const std::string& redis_flag, const std::string& redis_help);
// INVALID_ARGUMENT names a bad flag; UNAVAILABLE when Redis cannot be reached.
absl::StatusOr<QueueConnection> ConnectQueue(const Flags& flags, const std::string& redis_flag);

}  // namespace scorecard::cli

#endif  // SCORECARD_CLI_PUBLISH_COMMAND_H_
