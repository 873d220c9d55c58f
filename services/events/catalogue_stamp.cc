#include "events/catalogue_stamp.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "events/partitioning.h"

namespace scorecard {

std::string SeriesFingerprint(const Catalogue& catalogue) {
  std::vector<std::string> keys;
  keys.reserve(catalogue.series().size());
  for (const SeriesDef& s : catalogue.series()) keys.push_back(s.key);
  std::sort(keys.begin(), keys.end());
  std::string joined;
  for (const std::string& k : keys) joined.append(k).push_back('\n');
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(StableHash(joined)));
  return "s" + std::string(hex);
}

std::string CatalogueStamp(const Catalogue& catalogue) {
  return SeriesFingerprint(catalogue) + " " + catalogue.version();
}

std::string_view StampFingerprint(std::string_view stamp) {
  return stamp.substr(0, stamp.find(' '));
}

std::string_view StampVersion(std::string_view stamp) {
  const size_t space = stamp.find(' ');
  return space == std::string_view::npos ? std::string_view() : stamp.substr(space + 1);
}

}  // namespace scorecard
