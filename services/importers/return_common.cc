#include "importers/return_common.h"

#include "engine/date.h"

namespace scorecard::importers {

std::string Trimmed(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  size_t b = 0;
  size_t e = s.size();
  while (b < e && blank(s[b])) ++b;
  while (e > b && blank(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

google::protobuf::Timestamp TimestampFromVersion(int64_t version) {
  google::protobuf::Timestamp ts;
  const int second = static_cast<int>(version % 100);
  const int minute = static_cast<int>(version / 100 % 100);
  const int hour = static_cast<int>(version / 10000 % 100);
  const int day = static_cast<int>(version / 1000000 % 100);
  const int month = static_cast<int>(version / 100000000 % 100);
  const int year = static_cast<int>(version / 10000000000LL);
  if (year < kMinYear || year > kMaxYear || !IsValidCivil(year, month, day) || hour > 23 ||
      minute > 59 || second > 59) {
    return ts;
  }
  ts.set_seconds(static_cast<int64_t>(DayFromCivil(year, month, day)) * 86400 + hour * 3600 +
                 minute * 60 + second);
  return ts;
}

void RecordChecker::Fail(const std::string& field, const char* reason, std::string detail) {
  if (failed_) return;
  failed_ = true;
  report_.Reject(file_, location_, field, reason, std::move(detail));
}

void RecordChecker::Required(const std::string& field, const std::string& value) {
  if (value.empty()) Fail(field, kMissingField, "a value is required");
}

std::optional<Day> RecordChecker::Date(const std::string& field, const std::string& value,
                                       bool required) {
  if (failed_) return std::nullopt;
  if (value.empty()) {
    if (required) Fail(field, kMissingField, std::string("a date ") + dates_.name + " is required");
    return std::nullopt;
  }
  auto d = dates_.parse(value);
  if (!d) Fail(field, kInvalidDate, "'" + value + "' is not a real date " + dates_.name);
  return d;
}

void RecordChecker::Code(const std::string& field, const std::string& value,
                         bool (*known)(std::string_view), bool required) {
  if (failed_) return;
  if (value.empty()) {
    if (required) Fail(field, kMissingField, "a code is required");
    return;
  }
  if (!known(value)) {
    Fail(field, kUnknownCode, "'" + value + "' is not a code of the " + source_);
  }
}

}  // namespace scorecard::importers
