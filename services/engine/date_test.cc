// Civil dates: parsing, month arithmetic, financial years and weekdays. Every
// expected value is worked out by hand in the comment beside it.

#include "engine/date.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace scorecard {
namespace {

Day Iso(const std::string& text) {
  const std::optional<Day> d = ParseIsoDate(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(0);
}

TEST(DateTest, EpochAndKnownDayNumbers) {
  // Day 0 is 1970-01-01 by definition.
  EXPECT_EQ(DayFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DayFromCivil(1969, 12, 31), -1);
  // 30 years from 1970 to 2000 with 7 leap days (72, 76, 80, 84, 88, 92, 96):
  // 30 * 365 + 7 = 10957.
  EXPECT_EQ(DayFromCivil(2000, 1, 1), 10957);
  // 2000..2023 is 24 years with 6 leap days (2000, 04, 08, 12, 16, 20):
  // 10957 + 24 * 365 + 6 = 19723.
  EXPECT_EQ(DayFromCivil(2024, 1, 1), 19723);
}

TEST(DateTest, ParseIsoAcceptsRealDates) {
  EXPECT_EQ(ParseIsoDate("2024-01-01"), std::optional<Day>(19723));
  // 2024 is a leap year (divisible by 4, not by 100): 29 February exists and
  // is day 31 + 28 = 59 days after 1 January.
  EXPECT_EQ(ParseIsoDate("2024-02-29"), std::optional<Day>(19723 + 59));
  // The accepted range is inclusive at both ends.
  EXPECT_TRUE(ParseIsoDate("1900-01-01").has_value());
  EXPECT_TRUE(ParseIsoDate("2199-12-31").has_value());
  // 2000 is divisible by 400, so it is a leap year.
  EXPECT_TRUE(ParseIsoDate("2000-02-29").has_value());
}

TEST(DateTest, ParseIsoRejectsImpossibleDates) {
  EXPECT_FALSE(ParseIsoDate("2023-02-29").has_value());  // 2023 is not a leap year
  EXPECT_FALSE(ParseIsoDate("1900-02-29").has_value());  // divisible by 100, not 400
  EXPECT_FALSE(ParseIsoDate("2024-04-31").has_value());  // April has 30 days
  EXPECT_FALSE(ParseIsoDate("2024-13-01").has_value());
  EXPECT_FALSE(ParseIsoDate("2024-00-10").has_value());
  EXPECT_FALSE(ParseIsoDate("2024-01-00").has_value());
  EXPECT_FALSE(ParseIsoDate("1899-12-31").has_value());  // before kMinYear
  EXPECT_FALSE(ParseIsoDate("2200-01-01").has_value());  // after kMaxYear
}

TEST(DateTest, ParseIsoRejectsWrongShapes) {
  for (const char* text : {"", "2024-2-29", "2024-02-9", "24-02-29", "2024/02/29", "20240229",
                           "2024-02-29 ", " 2024-02-29", "2024-02-29T00:00", "29/02/2024",
                           "abcd-ef-gh", "+024-01-01", "2024-+1-01", "2024-01--1"}) {
    EXPECT_FALSE(ParseIsoDate(text).has_value()) << "'" << text << "'";
  }
}

TEST(DateTest, ParseUkDate) {
  EXPECT_EQ(ParseUkDate("29/02/2024"), ParseIsoDate("2024-02-29"));
  EXPECT_EQ(ParseUkDate("01/04/2023"), ParseIsoDate("2023-04-01"));
  // Day first: 03/04 is 3 April, not 4 March.
  EXPECT_EQ(ParseUkDate("03/04/2024"), ParseIsoDate("2024-04-03"));
  EXPECT_FALSE(ParseUkDate("29/02/2023").has_value());
  EXPECT_FALSE(ParseUkDate("31/04/2024").has_value());
  EXPECT_FALSE(ParseUkDate("1/2/2024").has_value());
  EXPECT_FALSE(ParseUkDate("2024-02-29").has_value());
  EXPECT_FALSE(ParseUkDate("01-02-2024").has_value());
  EXPECT_FALSE(ParseUkDate("01/02/24").has_value());
  EXPECT_FALSE(ParseUkDate("").has_value());
}

TEST(DateTest, FormatRoundTrips) {
  EXPECT_EQ(FormatIsoDate(0), "1970-01-01");
  EXPECT_EQ(FormatIsoDate(19723), "2024-01-01");
  EXPECT_EQ(FormatIsoDate(-1), "1969-12-31");
  for (const char* text : {"1900-01-01", "2023-12-31", "2024-02-29", "2199-12-31"}) {
    EXPECT_EQ(FormatIsoDate(Iso(text)), text);
  }
  const YearMonthDay c = CivilFromDay(Iso("2024-02-29"));
  EXPECT_EQ(c.year, 2024);
  EXPECT_EQ(c.month, 2);
  EXPECT_EQ(c.day, 29);
}

TEST(DateTest, DaysInMonth) {
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(2100, 2), 28);  // divisible by 100, not 400
  EXPECT_EQ(DaysInMonth(2000, 2), 29);  // divisible by 400
  EXPECT_EQ(DaysInMonth(2024, 4), 30);
  EXPECT_EQ(DaysInMonth(2024, 12), 31);
}

TEST(DateTest, AddMonthsClampsTheDay) {
  // 31 March - 1 month: February has no 31st, clamp to its last day.
  EXPECT_EQ(FormatIsoDate(AddMonths(Iso("2024-03-31"), -1)), "2024-02-29");  // leap
  EXPECT_EQ(FormatIsoDate(AddMonths(Iso("2023-03-31"), -1)), "2023-02-28");
  // 31 January + 1 month likewise.
  EXPECT_EQ(FormatIsoDate(AddMonths(Iso("2024-01-31"), 1)), "2024-02-29");
  EXPECT_EQ(FormatIsoDate(AddMonths(Iso("2023-01-31"), 1)), "2023-02-28");
  // 31 May + 1 month = 30 June (June has 30 days).
  EXPECT_EQ(FormatIsoDate(AddMonths(Iso("2024-05-31"), 1)), "2024-06-30");
  // 29 February - 12 months: 2023 has no 29 February.
  EXPECT_EQ(FormatIsoDate(AddMonths(Iso("2024-02-29"), -12)), "2023-02-28");
  EXPECT_EQ(FormatIsoDate(AddYears(Iso("2024-02-29"), 1)), "2025-02-28");
  EXPECT_EQ(FormatIsoDate(AddYears(Iso("2024-02-29"), 4)), "2028-02-29");
}

TEST(DateTest, AddMonthsCrossesYears) {
  EXPECT_EQ(FormatIsoDate(AddMonths(Iso("2023-12-15"), 1)), "2024-01-15");
  EXPECT_EQ(FormatIsoDate(AddMonths(Iso("2024-01-15"), -1)), "2023-12-15");
  EXPECT_EQ(FormatIsoDate(AddMonths(Iso("2024-02-01"), -12)), "2023-02-01");
  EXPECT_EQ(FormatIsoDate(AddMonths(Iso("2024-03-10"), -25)), "2022-02-10");
  EXPECT_EQ(FormatIsoDate(AddMonths(Iso("1970-01-15"), -1)), "1969-12-15");
  EXPECT_EQ(FormatIsoDate(AddMonths(Iso("2024-03-10"), 0)), "2024-03-10");
}

TEST(DateTest, FinancialYearBoundary) {
  // The year 2023-04-01 .. 2024-03-31 is named 2023.
  EXPECT_EQ(FinancialYear(Iso("2024-03-31")), 2023);
  EXPECT_EQ(FinancialYear(Iso("2024-04-01")), 2024);
  EXPECT_EQ(FinancialYear(Iso("2024-01-01")), 2023);
  EXPECT_EQ(FinancialYear(Iso("2023-04-01")), 2023);
  EXPECT_EQ(FinancialYear(Iso("2023-12-31")), 2023);
}

TEST(DateTest, MonthIndex) {
  EXPECT_EQ(MonthIndex(Iso("1970-01-01")), 0);
  EXPECT_EQ(MonthIndex(Iso("1970-12-31")), 11);
  // (2024 - 1970) * 12 + (2 - 1) = 648 + 1 = 649.
  EXPECT_EQ(MonthIndex(Iso("2024-02-01")), 649);
  EXPECT_EQ(MonthIndex(Iso("2024-02-29")), 649);
  EXPECT_EQ(MonthIndex(Iso("1969-12-31")), -1);
  EXPECT_EQ(FormatIsoDate(FirstDayOfMonthIndex(649)), "2024-02-01");
  EXPECT_EQ(FormatIsoDate(LastDayOfMonthIndex(649)), "2024-02-29");
  // December: the last day is the day before 1 January.
  EXPECT_EQ(FormatIsoDate(LastDayOfMonthIndex(MonthIndex(Iso("2023-12-10")))), "2023-12-31");
  EXPECT_EQ(FormatIsoDate(FirstDayOfMonthIndex(-1)), "1969-12-01");
}

TEST(DateTest, MonthIndexRoundTripsOverCenturies) {
  for (int m = MonthIndex(Iso("1900-01-01")); m <= MonthIndex(Iso("2199-12-01")); ++m) {
    const Day first = FirstDayOfMonthIndex(m);
    const Day last = LastDayOfMonthIndex(m);
    ASSERT_EQ(MonthIndex(first), m);
    ASSERT_EQ(MonthIndex(last), m);
    ASSERT_EQ(CivilFromDay(first).day, 1);
    const YearMonthDay c = CivilFromDay(last);
    ASSERT_EQ(c.day, DaysInMonth(c.year, c.month));
    ASSERT_EQ(MonthIndex(last + 1), m + 1);
  }
}

TEST(DateTest, WeekdayOfKnownDates) {
  // 0 = Monday .. 6 = Sunday.
  EXPECT_EQ(Weekday(Iso("1970-01-01")), 3);  // Thursday
  EXPECT_EQ(Weekday(Iso("1969-12-28")), 6);  // Sunday, before the epoch
  EXPECT_EQ(Weekday(Iso("2000-01-01")), 5);  // Saturday
  EXPECT_EQ(Weekday(Iso("2024-01-01")), 0);  // Monday (New Year's Day 2024)
  EXPECT_EQ(Weekday(Iso("2024-01-08")), 0);  // a week later
  EXPECT_EQ(Weekday(Iso("2023-12-25")), 0);  // Christmas 2023, a week before
  // 1 Jan 2024 Monday; 29 Jan Monday; 26 Feb Monday; 29 Feb three days on.
  EXPECT_EQ(Weekday(Iso("2024-02-29")), 3);  // Thursday
  EXPECT_EQ(Weekday(Iso("2024-03-29")), 4);  // Good Friday
  EXPECT_EQ(Weekday(Iso("2024-03-31")), 6);  // Easter Sunday
}

}  // namespace
}  // namespace scorecard
