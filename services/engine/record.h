#ifndef SCORECARD_ENGINE_RECORD_H_
#define SCORECARD_ENGINE_RECORD_H_

// Record identity and the merge rule that makes arrival order irrelevant.
//
// A record is identified by (council, payload kind, record_id). Of all the
// events ever received for a record, the winner is the one with the highest
// record_version; on a tie a delete beats an upsert, otherwise the larger
// event_id wins. The winner is a maximum over a total order, so merging is
// commutative, associative and idempotent: any arrival order, with any
// duplicates, ends in the same winner.

#include <optional>
#include <string>
#include <string_view>

#include "scorecard/v1/event.pb.h"

namespace scorecard {

// Short name of the payload kind ("referral", "cp_plan", ...); "" when unset.
const std::string& PayloadKindName(const v1::CaseEvent& event);
const std::string& PayloadKindName(v1::CaseEvent::PayloadCase kind);

// Who owns a record's state: "c:<child_id>", "w:<worker_id>" or "la" (the
// council itself, for external values and population estimates).
std::string SubjectOf(const v1::CaseEvent& event);

// Field name of a record in the council's record directory: "<kind>/<record_id>".
std::string RecordField(const v1::CaseEvent& event);

// True when RecordField(event) == field, without building the string (the
// apply loop asks this of every record of a changed subject).
bool HasRecordField(const v1::CaseEvent& event, std::string_view field);

// What the directory remembers about a record's current winner.
struct RecordMeta {
  int64_t version = 0;
  bool deleted = false;
  std::string event_id;
  std::string subject;  // owner of the winning version

  static RecordMeta Of(const v1::CaseEvent& event);
  // Compact encoding "<version>|<d|u>|<subject>|<event_id>".
  std::string Encode() const;
  static std::optional<RecordMeta> Decode(std::string_view text);
  bool operator==(const RecordMeta&) const = default;
};

// True when `candidate` beats `current` under the merge rule.
bool Supersedes(const RecordMeta& candidate, const RecordMeta& current);

}  // namespace scorecard

#endif  // SCORECARD_ENGINE_RECORD_H_
