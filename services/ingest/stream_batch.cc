#include "ingest/stream_batch.h"

#include "events/partitioning.h"
#include "events/validate.h"
#include "queue/publisher.h"

namespace scorecard {

std::vector<StreamEntry> ParseStreamEntries(const RedisReplyView& entries) {
  std::vector<StreamEntry> out;
  out.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    const RedisReplyView e = entries[i];
    StreamEntry entry;
    entry.id = std::string(e[0].str());
    const RedisReplyView fields = e[1];
    if (!fields.is_nil()) {
      entry.present = true;
      for (size_t f = 0; f + 1 < fields.size(); f += 2) {
        if (fields[f].str() == kEventField) entry.value = std::string(fields[f + 1].str());
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

DecodedBatch DecodeEntries(const std::vector<StreamEntry>& entries, int partition, int partitions) {
  DecodedBatch out;
  out.events.reserve(entries.size());
  out.ack_ids.reserve(entries.size());
  for (const StreamEntry& e : entries) {
    out.ack_ids.push_back(e.id);
    if (!e.present) continue;  // deleted from the stream: nothing to apply
    v1::CaseEvent event;
    if (e.value.empty() || !event.ParseFromString(e.value)) {
      out.dead.push_back(
          {e.id, "undecodable", kEventField, "not a serialized CaseEvent", "", "", e.value});
      continue;
    }
    std::optional<Rejection> rej = CheckEvent(event);
    if (!rej && PartitionOf(event.la_code(), partitions) != partition) {
      rej = Rejection{"wrong_partition", "la_code",
                      "the council's events belong to another "
                      "partition stream"};
    }
    if (rej) {
      out.dead.push_back(
          {e.id, rej->code, rej->field, rej->message, event.event_id(), event.la_code(), e.value});
      continue;
    }
    out.events.push_back(std::move(event));
  }
  return out;
}

}  // namespace scorecard
