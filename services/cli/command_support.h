#ifndef SCORECARD_CLI_COMMAND_SUPPORT_H_
#define SCORECARD_CLI_COMMAND_SUPPORT_H_

// Pieces shared by the scorecardctl sub-commands: input files, line-level
// error reports and period flags.

#include <istream>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "scorecard/v1/scorecard_service.pb.h"

namespace scorecard::cli {

// Opens `path` for reading; "-" is stdin (not owned). NOT_FOUND names the
// path when it cannot be opened.
absl::StatusOr<std::shared_ptr<std::istream>> OpenInput(const std::string& path);

// Opens `path` for writing (truncating); "" or "-" is stdout (not owned).
// NOT_FOUND names the path when it cannot be created.
absl::StatusOr<std::shared_ptr<std::ostream>> OpenOutput(const std::string& path);

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
