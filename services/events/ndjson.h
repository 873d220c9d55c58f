#ifndef SCORECARD_EVENTS_NDJSON_H_
#define SCORECARD_EVENTS_NDJSON_H_

// NDJSON event files: one CaseEvent per line in its proto3 JSON form
// (snake_case or lowerCamelCase field names; enum names such as "OP_UPSERT").
// Blank lines and lines starting with '#' are skipped.

#include <functional>
#include <istream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "scorecard/v1/event.pb.h"

namespace scorecard {

// Parses one JSON line. INVALID_ARGUMENT with the parser's reason when the
// line is not a CaseEvent (unknown fields are errors: a typo must not vanish).
absl::StatusOr<v1::CaseEvent> ParseEventJson(const std::string& line);

// One line of JSON, snake_case field names, no trailing newline.
std::string EventToJson(const v1::CaseEvent& event);

// Reads `in` line by line. `on_event(line_no, event)` is called for each parsed
// event, `on_error(line_no, status)` for each line that does not parse; reading
// continues after an error. Returns the number of lines read.
int64_t ReadNdjson(std::istream& in, const std::function<void(int64_t, v1::CaseEvent&&)>& on_event,
                   const std::function<void(int64_t, const absl::Status&)>& on_error);

}  // namespace scorecard

#endif  // SCORECARD_EVENTS_NDJSON_H_
