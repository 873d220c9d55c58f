#ifndef SCORECARD_ENGINE_CALENDAR_H_
#define SCORECARD_ENGINE_CALENDAR_H_

// Working-day calendar: Monday-Friday excluding the bank holidays in a data
// file ("date,name" CSV, header optional). Immutable after construction, so
// safe to share between threads.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/date.h"

namespace scorecard {

class WorkingDayCalendar {
 public:
  // Loads bank holidays from a CSV file. Errors name the file and line.
  static absl::StatusOr<WorkingDayCalendar> LoadFile(const std::string& path);
  // Parses CSV text; `source_name` is used in error messages.
  static absl::StatusOr<WorkingDayCalendar> Parse(const std::string& text,
                                                  const std::string& source_name);
  // A calendar with the given holidays (for tests).
  explicit WorkingDayCalendar(std::vector<Day> holidays);

  bool IsWorkingDay(Day d) const;

  // Elapsed working days wd(a, b): the working days d with a < d <= b.
  // Same day = 0; negative when b < a (the mirror image).
  int WorkingDaysBetween(Day a, Day b) const;

  // The working day `n` working days after `a` (n >= 0): the smallest d with
  // wd(a, d) == n (for n == 0, a itself).
  Day AddWorkingDays(Day a, int n) const;

  // First and last years that the holiday data covers; outside them only
  // weekends are excluded.
  int FirstHolidayYear() const { return first_year_; }
  int LastHolidayYear() const { return last_year_; }
  const std::vector<Day>& holidays() const { return holidays_; }

 private:
  // Working days in [kBase, d], for O(1) differences within the table.
  int CountThrough(Day d) const;

  std::vector<Day> holidays_;  // sorted, unique, weekdays only
  std::vector<int> prefix_;    // prefix_[i] = working days in [base_, base_ + i]
  Day base_ = 0;
  int first_year_ = 0;
  int last_year_ = 0;
};

}  // namespace scorecard

#endif  // SCORECARD_ENGINE_CALENDAR_H_
