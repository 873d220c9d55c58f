// Working days against the shipped England and Wales bank-holiday calendar.
// wd(a, b) counts working days d with a < d <= b; every count below lists the
// days it counts.

#include "engine/calendar.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/date.h"

namespace scorecard {
namespace {

constexpr char kShippedCalendar[] =
    SCORECARD_SOURCE_DIR "/data/calendar/england-and-wales-bank-holidays.csv";

Day Iso(const std::string& text) {
  const auto d = ParseIsoDate(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(0);
}

class ShippedCalendarTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = WorkingDayCalendar::LoadFile(kShippedCalendar);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    calendar_ = new WorkingDayCalendar(*std::move(loaded));
  }
  static void TearDownTestSuite() {
    delete calendar_;
    calendar_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(calendar_, nullptr) << "the shipped calendar did not load"; }
  int Wd(const std::string& a, const std::string& b) const {
    return calendar_->WorkingDaysBetween(Iso(a), Iso(b));
  }

  static const WorkingDayCalendar* calendar_;
};

const WorkingDayCalendar* ShippedCalendarTest::calendar_ = nullptr;

TEST_F(ShippedCalendarTest, CoversTheDocumentedYears) {
  // INDICATORS.md: the shipped file covers 2012-2027.
  EXPECT_EQ(calendar_->FirstHolidayYear(), 2012);
  EXPECT_EQ(calendar_->LastHolidayYear(), 2027);
}

TEST_F(ShippedCalendarTest, IsWorkingDay) {
  EXPECT_TRUE(calendar_->IsWorkingDay(Iso("2024-01-08")));   // Monday
  EXPECT_FALSE(calendar_->IsWorkingDay(Iso("2024-01-06")));  // Saturday
  EXPECT_FALSE(calendar_->IsWorkingDay(Iso("2024-01-07")));  // Sunday
  EXPECT_FALSE(calendar_->IsWorkingDay(Iso("2023-12-25")));  // Christmas Day (Monday)
  EXPECT_FALSE(calendar_->IsWorkingDay(Iso("2023-12-26")));  // Boxing Day (Tuesday)
  EXPECT_FALSE(calendar_->IsWorkingDay(Iso("2024-01-01")));  // New Year's Day (Monday)
  EXPECT_FALSE(calendar_->IsWorkingDay(Iso("2024-03-29")));  // Good Friday
  EXPECT_FALSE(calendar_->IsWorkingDay(Iso("2024-04-01")));  // Easter Monday
  EXPECT_TRUE(calendar_->IsWorkingDay(Iso("2023-12-27")));   // Wednesday after Boxing Day
}

TEST_F(ShippedCalendarTest, SameDayIsZero) {
  EXPECT_EQ(Wd("2024-01-08", "2024-01-08"), 0);  // working day
  EXPECT_EQ(Wd("2024-01-06", "2024-01-06"), 0);  // Saturday
  EXPECT_EQ(Wd("2024-04-01", "2024-04-01"), 0);  // bank holiday
}

TEST_F(ShippedCalendarTest, StartOnSaturday) {
  // Sat 6 Jan -> Sun 7 Jan: Sunday is not a working day.
  EXPECT_EQ(Wd("2024-01-06", "2024-01-07"), 0);
  // Sat 6 Jan -> Mon 8 Jan: counts Monday only.
  EXPECT_EQ(Wd("2024-01-06", "2024-01-08"), 1);
  // Fri 5 Jan -> Mon 8 Jan: the start is excluded, the weekend does not count.
  EXPECT_EQ(Wd("2024-01-05", "2024-01-08"), 1);
  // Sat 6 Jan -> Fri 12 Jan: Mon..Fri = 5.
  EXPECT_EQ(Wd("2024-01-06", "2024-01-12"), 5);
}

TEST_F(ShippedCalendarTest, StartOnBankHoliday) {
  // Easter Monday 1 Apr 2024 -> Tue 2 Apr: Tuesday = 1.
  EXPECT_EQ(Wd("2024-04-01", "2024-04-02"), 1);
  // -> Fri 5 Apr: Tue, Wed, Thu, Fri = 4.
  EXPECT_EQ(Wd("2024-04-01", "2024-04-05"), 4);
  // Starting on the preceding Sunday gives the same: Easter Monday is not a
  // working day either.
  EXPECT_EQ(Wd("2024-03-31", "2024-04-05"), 4);
}

TEST_F(ShippedCalendarTest, AcrossChristmasAndNewYear) {
  // Fri 22 Dec 2023 -> Tue 2 Jan 2024: Sat 23, Sun 24 no; Mon 25, Tue 26
  // holidays; Wed 27, Thu 28, Fri 29 yes; Sat 30, Sun 31 no; Mon 1 Jan
  // holiday; Tue 2 Jan yes. Total 4.
  EXPECT_EQ(Wd("2023-12-22", "2024-01-02"), 4);
  // Fri 22 Dec -> Wed 27 Dec: only the 27th.
  EXPECT_EQ(Wd("2023-12-22", "2023-12-27"), 1);
  // Fri 22 Dec -> Tue 26 Dec: nothing (weekend then two holidays).
  EXPECT_EQ(Wd("2023-12-22", "2023-12-26"), 0);
}

TEST_F(ShippedCalendarTest, AcrossFinancialYearWithEaster) {
  // Thu 28 Mar 2024 -> Tue 2 Apr: Fri 29 Good Friday, Sat, Sun, Mon 1 Apr
  // Easter Monday, Tue 2 Apr yes. Total 1.
  EXPECT_EQ(Wd("2024-03-28", "2024-04-02"), 1);
  // Wed 27 Mar -> Fri 5 Apr: Thu 28 (1), then Tue 2 .. Fri 5 (4). Total 5.
  EXPECT_EQ(Wd("2024-03-27", "2024-04-05"), 5);
  // Thu 28 Mar -> Mon 1 Apr: none.
  EXPECT_EQ(Wd("2024-03-28", "2024-04-01"), 0);
}

TEST_F(ShippedCalendarTest, Day45AndDay46FromMonday8January2024) {
  // From Mon 8 Jan 2024 (no bank holidays until Good Friday 29 Mar):
  // Tue 9 .. Fri 12 Jan = 4; then full weeks starting 15, 22, 29 Jan, 5, 12,
  // 19, 26 Feb and 4 Mar = 8 * 5 = 40, running total 44 on Fri 8 Mar;
  // Mon 11 Mar is the 45th, Tue 12 Mar the 46th.
  EXPECT_EQ(Wd("2024-01-08", "2024-03-08"), 44);
  EXPECT_EQ(Wd("2024-01-08", "2024-03-11"), 45);
  EXPECT_EQ(Wd("2024-01-08", "2024-03-12"), 46);
  EXPECT_EQ(FormatIsoDate(calendar_->AddWorkingDays(Iso("2024-01-08"), 45)), "2024-03-11");
  EXPECT_EQ(FormatIsoDate(calendar_->AddWorkingDays(Iso("2024-01-08"), 46)), "2024-03-12");
}

TEST_F(ShippedCalendarTest, ReversedSpanIsNegative) {
  EXPECT_EQ(Wd("2024-03-12", "2024-01-08"), -46);
  EXPECT_EQ(Wd("2024-01-02", "2023-12-22"), -4);
}

TEST_F(ShippedCalendarTest, AddWorkingDays) {
  EXPECT_EQ(FormatIsoDate(calendar_->AddWorkingDays(Iso("2024-01-08"), 0)), "2024-01-08");
  // n = 0 returns the start even when it is not a working day.
  EXPECT_EQ(FormatIsoDate(calendar_->AddWorkingDays(Iso("2024-04-01"), 0)), "2024-04-01");
  // Fri 22 Dec 2023 + 1: skips the weekend and both Christmas holidays.
  EXPECT_EQ(FormatIsoDate(calendar_->AddWorkingDays(Iso("2023-12-22"), 1)), "2023-12-27");
  // Thu 28 Mar 2024 + 1: skips Good Friday, the weekend and Easter Monday.
  EXPECT_EQ(FormatIsoDate(calendar_->AddWorkingDays(Iso("2024-03-28"), 1)), "2024-04-02");
  // Sat 6 Jan 2024 + 5: Mon 8 .. Fri 12.
  EXPECT_EQ(FormatIsoDate(calendar_->AddWorkingDays(Iso("2024-01-06"), 5)), "2024-01-12");
}

TEST_F(ShippedCalendarTest, AddWorkingDaysIsTheSmallestDayWithThatCount) {
  // The contract: AddWorkingDays(a, n) is the smallest d with wd(a, d) == n.
  for (Day a = Iso("2023-12-01"); a <= Iso("2024-04-30"); ++a) {
    for (int n = 1; n <= 50; ++n) {
      const Day d = calendar_->AddWorkingDays(a, n);
      ASSERT_EQ(calendar_->WorkingDaysBetween(a, d), n) << FormatIsoDate(a) << " + " << n;
      ASSERT_EQ(calendar_->WorkingDaysBetween(a, d - 1), n - 1) << FormatIsoDate(a) << " + " << n;
      ASSERT_TRUE(calendar_->IsWorkingDay(d));
    }
  }
}

TEST(CalendarTest, OutsideTheDataOnlyWeekendsAreExcluded) {
  // A calendar listing one holiday: Wed 3 Jan 2024.
  const WorkingDayCalendar cal({Iso("2024-01-03")});
  // Mon 1 Jan -> Fri 5 Jan: Tue 2, Thu 4, Fri 5 (1 Jan is not a holiday here).
  EXPECT_EQ(cal.WorkingDaysBetween(Iso("2024-01-01"), Iso("2024-01-05")), 3);
  EXPECT_TRUE(cal.IsWorkingDay(Iso("2024-01-01")));
  EXPECT_FALSE(cal.IsWorkingDay(Iso("2024-01-03")));
}

TEST(CalendarTest, HolidayOnAWeekendChangesNothing) {
  // Sat 6 Jan 2024 listed as a holiday: Sat 6 -> Mon 8 is still 1.
  const WorkingDayCalendar cal({Iso("2024-01-06")});
  EXPECT_EQ(cal.WorkingDaysBetween(Iso("2024-01-05"), Iso("2024-01-08")), 1);
  EXPECT_EQ(cal.WorkingDaysBetween(Iso("2024-01-01"), Iso("2024-01-12")), 9);
}

TEST(CalendarTest, ParseAcceptsHeaderCommentsAndBlankLines) {
  const auto cal = WorkingDayCalendar::Parse(
      "date,name\n# a comment\n\n2024-03-29,Good Friday\n2024-04-01,Easter Monday\n", "test.csv");
  ASSERT_TRUE(cal.ok()) << cal.status();
  // Thu 28 Mar -> Tue 2 Apr: only Tuesday (see the shipped-calendar case).
  EXPECT_EQ(cal->WorkingDaysBetween(Iso("2024-03-28"), Iso("2024-04-02")), 1);
}

TEST(CalendarTest, BadLineIsInvalidArgumentNamingTheLine) {
  // Line 3 has an impossible date.
  const auto cal = WorkingDayCalendar::Parse(
      "date,name\n2024-03-29,Good Friday\n2024-02-30,Not a day\n2024-04-01,Easter Monday\n",
      "bad.csv");
  ASSERT_FALSE(cal.ok());
  EXPECT_EQ(cal.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(cal.status().message());
  EXPECT_NE(message.find("bad.csv:3"), std::string::npos) << message;
}

TEST(CalendarTest, BadShapeLineIsInvalidArgument) {
  // Line 2 is in dd/mm/yyyy form, which the calendar file does not accept.
  const auto cal = WorkingDayCalendar::Parse("date,name\n29/03/2024,Good Friday\n", "uk.csv");
  ASSERT_FALSE(cal.ok());
  EXPECT_EQ(cal.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(cal.status().message());
  EXPECT_NE(message.find(":2"), std::string::npos) << message;
}

TEST(CalendarTest, MissingFileIsAnError) {
  const auto cal = WorkingDayCalendar::LoadFile(SCORECARD_SOURCE_DIR "/no/such/calendar.csv");
  ASSERT_FALSE(cal.ok());
  EXPECT_EQ(cal.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace scorecard
