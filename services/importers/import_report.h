#ifndef SCORECARD_IMPORTERS_IMPORT_REPORT_H_
#define SCORECARD_IMPORTERS_IMPORT_REPORT_H_

// What an import did: every row read ends as events produced or as a rejected
// row with a reason; nothing is dropped silently. Warnings describe rows that
// were imported but look wrong (e.g. a cross-record inconsistency the ingest
// service also reports), so a user can see them without losing the data.

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace scorecard::importers {

// Stable, machine-readable rejection and warning reasons (docs/importers.md).
inline constexpr char kMissingField[] = "missing_field";
inline constexpr char kInvalidDate[] = "invalid_date";
inline constexpr char kInvalidId[] = "invalid_id";
inline constexpr char kInvalidNumber[] = "invalid_number";
inline constexpr char kUnknownCode[] = "unknown_code";
inline constexpr char kDateOrder[] = "date_order";
inline constexpr char kDateAfterReturn[] = "date_after_return";
inline constexpr char kDuplicateRecord[] = "duplicate_record";
inline constexpr char kMalformedRow[] = "malformed_row";
inline constexpr char kMalformedFile[] = "malformed_file";
inline constexpr char kMissingFile[] = "missing_file";
// Warnings only.
inline constexpr char kIgnoredValue[] = "ignored_value";
inline constexpr char kBeforeReferral[] = "before_referral";
inline constexpr char kConflictingValue[] = "conflicting_value";
inline constexpr char kFileNotImported[] = "file_not_imported";
inline constexpr char kVersionDefaulted[] = "version_defaulted";

struct Problem {
  enum class Severity { kReject, kWarning, kFileError };
  Severity severity = Severity::kReject;
  std::string file;
  // "line 12" for CSV, an XML element path such as
  // "/Message/Children/Child[3]/CINdetails[1]/Assessments[2]" for XML.
  std::string location;
  std::string field;
  std::string reason;  // one of the constants above
  std::string detail;  // human-readable: the offending value and why
};

struct ImportReport {
  // Source rows (CSV lines, or XML records: one referral, closure, assessment,
  // plan, S47, ICPC...) examined.
  int64_t rows_read = 0;
  int64_t events_produced = 0;
  int64_t rows_rejected = 0;
  int64_t warnings = 0;
  std::map<std::string, int64_t> rejects_by_reason;
  std::map<std::string, int64_t> warnings_by_reason;
  std::vector<Problem> problems;
  // Files that could not be imported at all (unreadable, missing header
  // columns, not a return this importer understands).
  int64_t file_errors = 0;

  void Reject(std::string file, std::string location, std::string field, std::string reason,
              std::string detail);
  void Warn(std::string file, std::string location, std::string field, std::string reason,
            std::string detail);
  void FileError(std::string file, std::string reason, std::string detail);

  // True when nothing was rejected and every file was read.
  bool Clean() const { return rows_rejected == 0 && file_errors == 0; }
};

// Writes every problem (one per line, tab-separated: severity, file, location,
// field, reason, detail) and then the summary.
void PrintReport(const ImportReport& report, std::ostream& out, bool list_problems = true);

}  // namespace scorecard::importers

#endif  // SCORECARD_IMPORTERS_IMPORT_REPORT_H_
