#ifndef SCORECARD_ENGINE_AGGREGATE_H_
#define SCORECARD_ENGINE_AGGREGATE_H_

// Aggregate cells: (council, series, team, day) -> count. Both the
// incremental path (deltas of a batch) and the batch recomputation produce
// these; the Redis layout is derived from them by BucketFields.

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "engine/contribution.h"

namespace scorecard {

struct CellKey {
  std::string la;
  uint32_t series = 0;
  std::string team;
  Day day = 0;
  auto operator<=>(const CellKey&) const = default;
};

class AggregateCells {
 public:
  void Add(const std::string& la, const ContributionItem& item, int64_t sign = 1);
  void AddAll(const std::string& la, const Contribution& c, int64_t sign = 1);
  void Merge(const AggregateCells& other);

  // Non-zero cells only.
  const std::map<CellKey, int64_t>& cells() const { return cells_; }
  bool empty() const { return cells_.empty(); }

  // The Redis hash contents these cells imply, keyed by (la, series, team):
  // field -> value for day/month/year/decade buckets, zeros dropped.
  using HashKey = std::tuple<std::string, uint32_t, std::string>;
  std::map<HashKey, std::map<std::string, int64_t>> ToHashes() const;

 private:
  std::map<CellKey, int64_t> cells_;
};

}  // namespace scorecard

#endif  // SCORECARD_ENGINE_AGGREGATE_H_
