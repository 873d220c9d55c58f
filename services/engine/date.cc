#include "engine/date.h"

#include <charconv>

namespace scorecard {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days algorithms (public
// domain descriptions of the proleptic Gregorian calendar), written afresh.
constexpr int64_t FloorDiv(int64_t a, int64_t b) { return (a - ((a % b + b) % b)) / b; }

bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

std::optional<Day> Checked(int y, int m, int d) {
  if (y < kMinYear || y > kMaxYear || !IsValidCivil(y, m, d)) return std::nullopt;
  return DayFromCivil(y, m, d);
}

}  // namespace

Day DayFromCivil(int year, int month, int day) {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t mp = (month + 9) % 12;  // March = 0
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<Day>(era * 146097 + doe - 719468);
}

YearMonthDay CivilFromDay(Day d) {
  const int64_t z = static_cast<int64_t>(d) + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

bool IsValidCivil(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

std::optional<Day> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!ParseInt(text.substr(0, 4), y) || !ParseInt(text.substr(5, 2), m) ||
      !ParseInt(text.substr(8, 2), d)) {
    return std::nullopt;
  }
  return Checked(y, m, d);
}

std::optional<Day> ParseUkDate(std::string_view text) {
  if (text.size() != 10 || text[2] != '/' || text[5] != '/') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!ParseInt(text.substr(6, 4), y) || !ParseInt(text.substr(3, 2), m) ||
      !ParseInt(text.substr(0, 2), d)) {
    return std::nullopt;
  }
  return Checked(y, m, d);
}

std::string FormatIsoDate(Day d) {
  const YearMonthDay c = CivilFromDay(d);
  char buf[16];
  const int y = c.year;
  buf[0] = static_cast<char>('0' + (y / 1000) % 10);
  buf[1] = static_cast<char>('0' + (y / 100) % 10);
  buf[2] = static_cast<char>('0' + (y / 10) % 10);
  buf[3] = static_cast<char>('0' + y % 10);
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + c.month / 10);
  buf[6] = static_cast<char>('0' + c.month % 10);
  buf[7] = '-';
  buf[8] = static_cast<char>('0' + c.day / 10);
  buf[9] = static_cast<char>('0' + c.day % 10);
  return std::string(buf, 10);
}

int Weekday(Day d) {
  // 1970-01-01 was a Thursday (3 when Monday = 0).
  return static_cast<int>(((static_cast<int64_t>(d) + 3) % 7 + 7) % 7);
}

Day AddMonths(Day d, int months) {
  const YearMonthDay c = CivilFromDay(d);
  const int total = c.year * 12 + (c.month - 1) + months;
  const int y = static_cast<int>(FloorDiv(total, 12));
  const int m = total - y * 12 + 1;
  const int day = c.day < DaysInMonth(y, m) ? c.day : DaysInMonth(y, m);
  return DayFromCivil(y, m, day);
}

Day AddYears(Day d, int years) { return AddMonths(d, years * 12); }

int MonthIndex(Day d) {
  const YearMonthDay c = CivilFromDay(d);
  return (c.year - 1970) * 12 + (c.month - 1);
}

Day FirstDayOfMonthIndex(int month_index) {
  const int y = 1970 + static_cast<int>(FloorDiv(month_index, 12));
  const int m = month_index - (y - 1970) * 12 + 1;
  return DayFromCivil(y, m, 1);
}

Day LastDayOfMonthIndex(int month_index) { return FirstDayOfMonthIndex(month_index + 1) - 1; }

int FinancialYear(Day d) {
  const YearMonthDay c = CivilFromDay(d);
  return c.month >= 4 ? c.year : c.year - 1;
}

}  // namespace scorecard
