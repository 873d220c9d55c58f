#include "engine/contribution.h"

#include <algorithm>
#include <tuple>

namespace scorecard {
namespace {

bool KeyLess(const ContributionItem& a, const ContributionItem& b) {
  return std::tie(a.series, a.team, a.day) < std::tie(b.series, b.team, b.day);
}

int DecadeOf(int year) { return year / 10; }

}  // namespace

void Normalize(Contribution& c) {
  std::sort(c.begin(), c.end(), KeyLess);
  size_t out = 0;
  for (size_t i = 0; i < c.size();) {
    ContributionItem merged = std::move(c[i]);
    size_t j = i + 1;
    while (j < c.size() && c[j].SameKey(merged)) merged.delta += c[j++].delta;
    if (merged.delta != 0) c[out++] = std::move(merged);
    i = j;
  }
  c.resize(out);
}

void AppendDifference(const Contribution& before, const Contribution& after, Contribution& out) {
  size_t i = 0, j = 0;
  while (i < before.size() || j < after.size()) {
    if (j == after.size() || (i < before.size() && KeyLess(before[i], after[j]))) {
      ContributionItem item = before[i++];
      item.delta = -item.delta;
      out.push_back(std::move(item));
    } else if (i == before.size() || KeyLess(after[j], before[i])) {
      out.push_back(after[j++]);
    } else {
      const int64_t d = after[j].delta - before[i].delta;
      if (d != 0) {
        ContributionItem item = after[j];
        item.delta = d;
        out.push_back(std::move(item));
      }
      ++i;
      ++j;
    }
  }
}

std::string DayField(Day day) { return "d" + std::to_string(day); }
std::string MonthField(int month_index) { return "m" + std::to_string(month_index); }
std::string YearField(int year) { return "y" + std::to_string(year); }
std::string DecadeField(int decade) { return "c" + std::to_string(decade); }

BucketFields FieldsFor(Day day) {
  const YearMonthDay c = CivilFromDay(day);
  return {DayField(day), MonthField(MonthIndex(day)), YearField(c.year),
          DecadeField(DecadeOf(c.year))};
}

std::vector<std::string> PrefixFields(Day day) {
  std::vector<std::string> f;
  const YearMonthDay c = CivilFromDay(day);
  for (int dec = DecadeOf(kMinYear); dec < DecadeOf(c.year); ++dec) f.push_back(DecadeField(dec));
  for (int y = DecadeOf(c.year) * 10; y < c.year; ++y) f.push_back(YearField(y));
  const int first_month = MonthIndex(DayFromCivil(c.year, 1, 1));
  for (int m = first_month; m < MonthIndex(day); ++m) f.push_back(MonthField(m));
  for (Day d = DayFromCivil(c.year, c.month, 1); d <= day; ++d) f.push_back(DayField(d));
  return f;
}

std::vector<std::string> RangeFields(Day from, Day to) {
  std::vector<std::string> f;
  Day d = from;
  while (d <= to) {
    const int m = MonthIndex(d);
    if (d == FirstDayOfMonthIndex(m) && LastDayOfMonthIndex(m) <= to) {
      f.push_back(MonthField(m));
      d = LastDayOfMonthIndex(m) + 1;
    } else {
      f.push_back(DayField(d));
      ++d;
    }
  }
  return f;
}

}  // namespace scorecard
