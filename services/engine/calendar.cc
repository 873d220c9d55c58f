#include "engine/calendar.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace scorecard {
namespace {
// The prefix table covers every date the product accepts (kMinYear..kMaxYear)
// with a year's slack each side, so wd() is two array reads.
constexpr int kTableFirstYear = kMinYear - 1;
constexpr int kTableLastYear = kMaxYear + 1;
}  // namespace

absl::StatusOr<WorkingDayCalendar> WorkingDayCalendar::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open calendar file"));
  std::stringstream ss;
  ss << in.rdbuf();
  return Parse(ss.str(), path);
}

absl::StatusOr<WorkingDayCalendar> WorkingDayCalendar::Parse(const std::string& text,
                                                             const std::string& source_name) {
  std::vector<Day> days;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    const absl::string_view first = line.substr(0, line.find(','));
    if (line_no == 1 && first == "date") continue;  // header
    auto d = ParseIsoDate(std::string_view(first.data(), first.size()));
    if (!d) {
      return absl::InvalidArgumentError(absl::StrCat(
          source_name, ":", line_no, ": date: expected YYYY-MM-DD, got '", first, "'"));
    }
    days.push_back(*d);
  }
  if (days.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(source_name, ": no holidays listed"));
  }
  return WorkingDayCalendar(std::move(days));
}

WorkingDayCalendar::WorkingDayCalendar(std::vector<Day> holidays) {
  std::sort(holidays.begin(), holidays.end());
  holidays.erase(std::unique(holidays.begin(), holidays.end()), holidays.end());
  // A holiday listed on a weekend changes nothing; keep only weekdays.
  for (Day h : holidays) {
    if (Weekday(h) < 5) holidays_.push_back(h);
  }
  if (!holidays.empty()) {
    first_year_ = CivilFromDay(holidays.front()).year;
    last_year_ = CivilFromDay(holidays.back()).year;
  }
  base_ = DayFromCivil(kTableFirstYear, 1, 1);
  const Day end = DayFromCivil(kTableLastYear, 12, 31);
  prefix_.resize(static_cast<size_t>(end - base_ + 1));
  int count = 0;
  auto hol = holidays_.begin();
  for (Day d = base_; d <= end; ++d) {
    while (hol != holidays_.end() && *hol < d) ++hol;
    const bool holiday = hol != holidays_.end() && *hol == d;
    if (Weekday(d) < 5 && !holiday) ++count;
    prefix_[static_cast<size_t>(d - base_)] = count;
  }
}

bool WorkingDayCalendar::IsWorkingDay(Day d) const {
  return Weekday(d) < 5 && !std::binary_search(holidays_.begin(), holidays_.end(), d);
}

int WorkingDayCalendar::CountThrough(Day d) const {
  // Dates are validated into [kMinYear, kMaxYear] at the edges; clamp so a
  // computed date just outside (e.g. start + 2 years) stays defined.
  if (d < base_) return 0;
  const auto idx = static_cast<size_t>(d - base_);
  return idx < prefix_.size() ? prefix_[idx] : prefix_.back();
}

int WorkingDayCalendar::WorkingDaysBetween(Day a, Day b) const {
  return CountThrough(b) - CountThrough(a);
}

Day WorkingDayCalendar::AddWorkingDays(Day a, int n) const {
  Day d = a;
  int left = n;
  while (left > 0) {
    ++d;
    if (IsWorkingDay(d)) --left;
  }
  return d;
}

}  // namespace scorecard
