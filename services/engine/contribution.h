#ifndef SCORECARD_ENGINE_CONTRIBUTION_H_
#define SCORECARD_ENGINE_CONTRIBUTION_H_

// A subject's contribution: a multiset of (series, team, day, delta).
//
// A flow measure contributes +1 on the day of a fact; a snapshot measure +1 on
// the day an interval opens and -1 on the day it closes, so the snapshot on
// day D is the prefix sum of its series up to D. Aggregates in Redis are the
// sum of every subject's contribution, stored in day/month/year/decade
// buckets so any period is read with a bounded number of fields.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/date.h"

namespace scorecard {

struct ContributionItem {
  uint32_t series = 0;  // index into the compiled catalogue's series table
  std::string team;     // kAllTeams ("*") for council-wide
  Day day = 0;
  int64_t delta = 0;

  bool SameKey(const ContributionItem& o) const {
    return series == o.series && day == o.day && team == o.team;
  }
};

// Sorted by (series, team, day), one item per key, no zero deltas.
using Contribution = std::vector<ContributionItem>;

// Sorts and merges equal keys, dropping zeros.
void Normalize(Contribution& c);

// Appends (after - before) to `out` (both normalized); `out` is not normalized.
void AppendDifference(const Contribution& before, const Contribution& after, Contribution& out);

// The Redis hash fields an item at `day` increments: "d<day>", "m<month
// index>", "y<year>", "c<decade>". Numbers are decimal.
struct BucketFields {
  std::string day, month, year, decade;
};
BucketFields FieldsFor(Day day);

// Field names used when reading.
std::string DayField(Day day);
std::string MonthField(int month_index);
std::string YearField(int year);
std::string DecadeField(int decade);

// The fields whose sum is the prefix sum of a series through `day`: every
// decade before, the years of this decade before, the months of this year
// before, and the days of this month through `day`. At most 30+9+11+31.
std::vector<std::string> PrefixFields(Day day);

// Fields whose sum is the flow over [from, to] (inclusive), choosing whole
// months where possible. REQUIRES: from <= to.
std::vector<std::string> RangeFields(Day from, Day to);

}  // namespace scorecard

#endif  // SCORECARD_ENGINE_CONTRIBUTION_H_
