#include "importers/import_report.h"

#include <utility>

namespace scorecard::importers {

void ImportReport::Reject(std::string file, std::string location, std::string field,
                          std::string reason, std::string detail) {
  ++rows_rejected;
  ++rejects_by_reason[reason];
  problems.push_back(Problem{Problem::Severity::kReject, std::move(file), std::move(location),
                             std::move(field), std::move(reason), std::move(detail)});
}

void ImportReport::Warn(std::string file, std::string location, std::string field,
                        std::string reason, std::string detail) {
  ++warnings;
  ++warnings_by_reason[reason];
  problems.push_back(Problem{Problem::Severity::kWarning, std::move(file), std::move(location),
                             std::move(field), std::move(reason), std::move(detail)});
}

void ImportReport::FileError(std::string file, std::string reason, std::string detail) {
  ++file_errors;
  problems.push_back(Problem{Problem::Severity::kFileError, std::move(file), "", "",
                             std::move(reason), std::move(detail)});
}

void PrintReport(const ImportReport& report, std::ostream& out, bool list_problems) {
  if (list_problems) {
    for (const Problem& p : report.problems) {
      const char* severity = p.severity == Problem::Severity::kReject    ? "rejected"
                             : p.severity == Problem::Severity::kWarning ? "warning"
                                                                         : "file";
      out << severity << '\t' << p.file << '\t' << p.location << '\t' << p.field << '\t' << p.reason
          << '\t' << p.detail << '\n';
    }
  }
  out << "rows read: " << report.rows_read << '\n'
      << "events produced: " << report.events_produced << '\n'
      << "rows rejected: " << report.rows_rejected << '\n';
  for (const auto& [reason, n] : report.rejects_by_reason) {
    out << "  " << reason << ": " << n << '\n';
  }
  out << "warnings: " << report.warnings << '\n';
  for (const auto& [reason, n] : report.warnings_by_reason) {
    out << "  " << reason << ": " << n << '\n';
  }
  if (report.file_errors > 0) out << "files not imported: " << report.file_errors << '\n';
}

}  // namespace scorecard::importers
