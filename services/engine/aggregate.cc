#include "engine/aggregate.h"

namespace scorecard {

void AggregateCells::Add(const std::string& la, const ContributionItem& item, int64_t sign) {
  CellKey key{la, item.series, item.team, item.day};
  auto [it, inserted] = cells_.emplace(std::move(key), 0);
  it->second += sign * item.delta;
  if (it->second == 0) cells_.erase(it);
}

void AggregateCells::AddAll(const std::string& la, const Contribution& c, int64_t sign) {
  for (const ContributionItem& item : c) Add(la, item, sign);
}

void AggregateCells::Merge(const AggregateCells& other) {
  for (const auto& [k, v] : other.cells_) {
    auto [it, inserted] = cells_.emplace(k, 0);
    it->second += v;
    if (it->second == 0) cells_.erase(it);
  }
}

std::map<AggregateCells::HashKey, std::map<std::string, int64_t>> AggregateCells::ToHashes() const {
  std::map<HashKey, std::map<std::string, int64_t>> out;
  for (const auto& [k, v] : cells_) {
    auto& h = out[HashKey{k.la, k.series, k.team}];
    const BucketFields f = FieldsFor(k.day);
    h[f.day] += v;
    h[f.month] += v;
    h[f.year] += v;
    h[f.decade] += v;
  }
  for (auto it = out.begin(); it != out.end();) {
    auto& h = it->second;
    for (auto f = h.begin(); f != h.end();) f = f->second == 0 ? h.erase(f) : std::next(f);
    it = h.empty() ? out.erase(it) : std::next(it);
  }
  return out;
}

}  // namespace scorecard
