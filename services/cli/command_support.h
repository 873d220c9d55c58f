#ifndef SCORECARD_CLI_COMMAND_SUPPORT_H_
#define SCORECARD_CLI_COMMAND_SUPPORT_H_

// Pieces shared by the scorecardctl sub-commands: input files, line-level
// error reports and period flags.

#include <functional>
#include <istream>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "importers/event_output.h"
#include "runtime/flags.h"
#include "scorecard/v1/scorecard_service.pb.h"

namespace scorecard::cli {

// Opens `path` for reading; "-" is stdin (not owned). NOT_FOUND names the
// path when it cannot be opened.
absl::StatusOr<std::shared_ptr<std::istream>> OpenInput(const std::string& path);

// Opens `path` for writing (truncating); "" or "-" is stdout (not owned).
// NOT_FOUND names the path when it cannot be created.
absl::StatusOr<std::shared_ptr<std::ostream>> OpenOutput(const std::string& path);

// Runs `produce(sink)` with its events going to --publish (the Redis Streams
// queue, via the queue flags of DefineQueueFlags with "publish" as the address
// flag) when that flag is set, else as NDJSON to --out. Reports what was
// published on stderr. Returns 0, 1 when events were rejected or the queue
// failed, 2 on a usage error; `produce` returns its own exit code, which wins
// when it is not 0.
int WithEventSink(const Flags& flags, const std::string& name,
                  const std::function<int(importers::EventSink&)>& produce);

// Writes "FILE:LINE: code: field: message\n" (first line of the message
// only): the one format every line-level problem of an input file is
// reported in.
void ReportLine(std::ostream& err, const std::string& file, int64_t line, const std::string& code,
                const std::string& field_and_message);

// The period asked for by --month/--period/--as-of: --as-of D gives AS_OF D;
// --month M gives `period` (month, ytd or rolling12, default month) of M;
// neither gives AS_OF today (empty date). INVALID_ARGUMENT names the flag
// (both --month and --as-of, an unknown --period, malformed values).
absl::StatusOr<v1::Period> PeriodFromFlags(const std::string& month, const std::string& period,
                                           const std::string& as_of);

}  // namespace scorecard::cli

#endif  // SCORECARD_CLI_COMMAND_SUPPORT_H_
