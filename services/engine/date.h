#ifndef SCORECARD_ENGINE_DATE_H_
#define SCORECARD_ENGINE_DATE_H_

// Civil dates as a count of days since 1970-01-01 (proleptic Gregorian).
// Business facts carry dates, never timestamps, so there are no time zones.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scorecard {

// Days since 1970-01-01. Plain integer so that contribution keys and Redis
// fields stay compact.
using Day = int32_t;

struct YearMonthDay {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// The range of dates the product accepts (inputs outside are rejected).
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2199;

Day DayFromCivil(int year, int month, int day);
YearMonthDay CivilFromDay(Day d);

// True when year/month/day name a real calendar date.
bool IsValidCivil(int year, int month, int day);

// Parses "YYYY-MM-DD" (exactly that form). nullopt when malformed, not a real
// date, or outside [kMinYear, kMaxYear].
std::optional<Day> ParseIsoDate(std::string_view text);

// Parses "dd/mm/yyyy" as used by SSDA903 returns.
std::optional<Day> ParseUkDate(std::string_view text);

// "YYYY-MM-DD".
std::string FormatIsoDate(Day d);

// 0 = Monday .. 6 = Sunday.
int Weekday(Day d);

int DaysInMonth(int year, int month);

// Calendar-month arithmetic with the day clamped to the target month
// (31 March - 1 month = 28/29 February).
Day AddMonths(Day d, int months);
Day AddYears(Day d, int years);

// Months since 1970-01 (0 = January 1970); used to key month buckets.
int MonthIndex(Day d);
Day FirstDayOfMonthIndex(int month_index);
Day LastDayOfMonthIndex(int month_index);

// Financial year (1 April - 31 March) containing d, named by its first
// calendar year: 2021-04-01 .. 2022-03-31 is 2021.
int FinancialYear(Day d);

}  // namespace scorecard

#endif  // SCORECARD_ENGINE_DATE_H_
