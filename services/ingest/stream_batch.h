#ifndef SCORECARD_INGEST_STREAM_BATCH_H_
#define SCORECARD_INGEST_STREAM_BATCH_H_

// Queue entries as read from a partition stream and their decoding into
// valid events and dead letters. Shared by the ingest worker (XREADGROUP)
// and the rebuild (XRANGE) so both accept and reject exactly the same
// entries.

#include <string>
#include <vector>

#include "ingest/apply_script.h"
#include "redis/redis_reply.h"
#include "scorecard/v1/event.pb.h"

namespace scorecard {

struct StreamEntry {
  std::string id;
  bool present = false;  // false: deleted from the stream meanwhile (XREADGROUP of pending)
  std::string value;     // the kEventField value; empty when absent
};

// Parses an array of stream entries `[[id, [field, value, ...] | nil], ...]`
// (the entries part of an XREADGROUP reply, or a whole XRANGE reply).
std::vector<StreamEntry> ParseStreamEntries(const RedisReplyView& entries);

struct DecodedBatch {
  std::vector<v1::CaseEvent> events;  // valid events of this partition
  std::vector<DeadLetter> dead;       // the rest, with the reason
  std::vector<std::string> ack_ids;   // every entry id, in order
};

// Decodes and validates (CheckEvent, and the council's partition) each
// present entry.
DecodedBatch DecodeEntries(const std::vector<StreamEntry>& entries, int partition, int partitions);

}  // namespace scorecard

#endif  // SCORECARD_INGEST_STREAM_BATCH_H_
