#include "queue/publisher.h"

#include "events/partitioning.h"
#include "events/validate.h"

namespace scorecard {

absl::StatusOr<std::vector<PublishOutcome>> Publisher::Publish(
    const std::vector<v1::CaseEvent>& events) {
  std::vector<PublishOutcome> out(events.size());
  std::vector<std::vector<std::string>> commands;
  std::vector<size_t> command_event;
  commands.reserve(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    if (auto rej = CheckEvent(events[i])) {
      out[i].code = rej->code;
      out[i].reason = rej->field + ": " + rej->message;
      continue;
    }
    std::string bytes;
    events[i].SerializeToString(&bytes);
    if (bytes.size() > kMaxEventBytes) {
      out[i].code = "too_large";
      out[i].reason = "event: larger than " + std::to_string(kMaxEventBytes) + " bytes";
      continue;
    }
    const PartitionKeys keys(config_.prefix, PartitionOf(events[i].la_code(), config_.partitions));
    commands.push_back({"XADD", keys.Stream(), "*", kEventField, std::move(bytes)});
    command_event.push_back(i);
  }
  if (commands.empty()) return out;
  auto replies = redis_.Pipeline(commands);
  if (!replies.ok()) return replies.status();
  for (size_t c = 0; c < replies->size(); ++c) {
    PublishOutcome& o = out[command_event[c]];
    const RedisReply& r = (*replies)[c];
    if (r.is_string()) {
      o.accepted = true;
      o.stream_id = std::string(r.str());
    } else {
      // The queue refused the write (e.g. out of memory): no definite answer.
      return absl::UnavailableError("queue refused XADD: " + r.DebugString());
    }
  }
  return out;
}

}  // namespace scorecard
