#ifndef SCORECARD_IMPORTERS_RETURN_COMMON_H_
#define SCORECARD_IMPORTERS_RETURN_COMMON_H_

// Helpers shared by the return importers (internal to the library).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/date.h"
#include "google/protobuf/timestamp.pb.h"
#include "importers/import_report.h"

namespace scorecard::importers {

// `s` without leading and trailing blanks (spaces, tabs, CR, LF).
std::string Trimmed(std::string_view s);

// The instant a version number yyyymmddHHMMSS names, as a UTC timestamp
// (used as recorded_at). Versions that are not such a number give 0.
google::protobuf::Timestamp TimestampFromVersion(int64_t version);

// How a return writes its dates: the parser and the form named in messages.
struct DateForm {
  std::optional<Day> (*parse)(std::string_view);
  const char* name;  // e.g. "YYYY-MM-DD" or "dd/mm/yyyy"
};
inline constexpr DateForm kIsoDates{&ParseIsoDate, "YYYY-MM-DD"};
inline constexpr DateForm kUkDates{&ParseUkDate, "dd/mm/yyyy"};

// Checks the fields of one record of a return. The first failing check
// rejects the record (reported with file, location, field and reason) and
// later checks do nothing: one reason per record keeps the summary's counts
// adding up to the records rejected.
class RecordChecker {
 public:
  // `source` names the return in messages ("census", "return").
  RecordChecker(ImportReport& report, const std::string& file, std::string location, DateForm dates,
                const char* source)
      : report_(report),
        file_(file),
        location_(std::move(location)),
        dates_(dates),
        source_(source) {}

  bool failed() const { return failed_; }
  const std::string& location() const { return location_; }

  void Fail(const std::string& field, const char* reason, std::string detail);
  void Required(const std::string& field, const std::string& value);
  // The parsed date; nullopt when empty (a failure if `required`) or invalid.
  std::optional<Day> Date(const std::string& field, const std::string& value, bool required);
  void Code(const std::string& field, const std::string& value, bool (*known)(std::string_view),
            bool required);

 private:
  ImportReport& report_;
  const std::string& file_;
  std::string location_;
  DateForm dates_;
  const char* source_;
  bool failed_ = false;
};

}  // namespace scorecard::importers

#endif  // SCORECARD_IMPORTERS_RETURN_COMMON_H_
