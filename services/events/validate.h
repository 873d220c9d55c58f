#ifndef SCORECARD_EVENTS_VALIDATE_H_
#define SCORECARD_EVENTS_VALIDATE_H_

// Structural validation of case events: what every producer path (gRPC
// Publish, the CLI, raw XADD read by the ingest service) applies before an
// event may change state. Structurally invalid events are rejected with a
// machine-readable code; events that are well formed but inconsistent with
// other records (e.g. a CIN plan overlapping a CP plan) are accepted and
// reported as data-quality warnings elsewhere.

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "scorecard/v1/event.pb.h"

namespace scorecard {

struct Rejection {
  std::string code;   // stable, machine-readable: see docs/events.md
  std::string field;  // the offending field, e.g. "cp_plan.end_date"
  std::string message;
  std::string ToString() const { return code + ": " + field + ": " + message; }
};

// Limits on untrusted input.
inline constexpr size_t kMaxIdLength = 64;
inline constexpr size_t kMaxEventIdLength = 128;
inline constexpr size_t kMaxCodeLength = 16;
inline constexpr size_t kMaxEventBytes = 16 * 1024;

// nullopt when the event is structurally valid.
std::optional<Rejection> CheckEvent(const v1::CaseEvent& event);

// The same check as a Status: OK, or INVALID_ARGUMENT whose message is
// Rejection::ToString().
absl::Status ValidateEvent(const v1::CaseEvent& event);

}  // namespace scorecard

#endif  // SCORECARD_EVENTS_VALIDATE_H_
