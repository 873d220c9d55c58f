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

}  // namespace scorecard::importers
