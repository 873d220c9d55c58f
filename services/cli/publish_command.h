#ifndef SCORECARD_CLI_PUBLISH_COMMAND_H_
#define SCORECARD_CLI_PUBLISH_COMMAND_H_

// `scorecardctl publish`: an NDJSON event file onto the Redis Streams queue.

#include <istream>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "queue/publisher.h"

namespace scorecard::cli {

struct PublishSummary {
  int64_t lines = 0;      // lines read (including blank and comment lines)
  int64_t published = 0;  // events accepted by the queue
  int64_t rejected = 0;   // lines that did not parse or failed validation
};

// Reads NDJSON from `in` and publishes it in batches of `batch` events. Every
// bad line is reported on `err` as "NAME:LINE: code: field: message" (a line
// that is not a CaseEvent has code "invalid_json"). UNAVAILABLE when the
// queue cannot be reached; events of earlier batches stay published.
// REQUIRES: batch >= 1.
absl::StatusOr<PublishSummary> PublishNdjson(std::istream& in, const std::string& name,
                                             Publisher& publisher, size_t batch, std::ostream& err);

}  // namespace scorecard::cli

#endif  // SCORECARD_CLI_PUBLISH_COMMAND_H_
