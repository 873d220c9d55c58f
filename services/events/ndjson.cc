#include "events/ndjson.h"

#include <google/protobuf/util/json_util.h>

namespace scorecard {

absl::StatusOr<v1::CaseEvent> ParseEventJson(const std::string& line) {
  v1::CaseEvent event;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(line, &event, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(std::string(status.message()));
  }
  return event;
}

std::string EventToJson(const v1::CaseEvent& event) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = false;
  // Serialising a well-formed message cannot fail.
  (void)google::protobuf::util::MessageToJsonString(event, &out, options);
  return out;
}

int64_t ReadNdjson(std::istream& in, const std::function<void(int64_t, v1::CaseEvent&&)>& on_event,
                   const std::function<void(int64_t, const absl::Status&)>& on_error) {
  std::string line;
  int64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    auto parsed = ParseEventJson(line);
    if (parsed.ok()) {
      on_event(line_no, std::move(*parsed));
    } else {
      on_error(line_no, parsed.status());
    }
  }
  return line_no;
}

}  // namespace scorecard
