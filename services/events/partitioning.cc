#include "events/partitioning.h"

namespace scorecard {

uint64_t StableHash(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

int PartitionOf(std::string_view la_code, int partitions) {
  return static_cast<int>(StableHash(la_code) % static_cast<uint64_t>(partitions));
}

PartitionKeys::PartitionKeys(std::string prefix, int partition)
    : tag_(std::move(prefix) + ":{p" + std::to_string(partition) + "}") {}

std::string PartitionKeys::Watermark(std::string_view ns) const {
  return tag_ + ":" + std::string(ns) + ":wm";
}
std::string PartitionKeys::Directory(std::string_view ns, std::string_view la) const {
  return tag_ + ":" + std::string(ns) + ":dir:" + std::string(la);
}
std::string PartitionKeys::Subject(std::string_view ns, std::string_view la,
                                   std::string_view subject) const {
  return tag_ + ":" + std::string(ns) + ":s:" + std::string(la) + ":" + std::string(subject);
}
std::string PartitionKeys::Aggregate(std::string_view ns, std::string_view la,
                                     std::string_view series, std::string_view team) const {
  std::string k = tag_;
  k.append(":").append(ns).append(":a:").append(la).append(":").append(series).append(":");
  k.append(team);
  return k;
}
std::string PartitionKeys::Seen(std::string_view ns, std::string_view la) const {
  return tag_ + ":" + std::string(ns) + ":seen:" + std::string(la);
}
std::string PartitionKeys::Councils(std::string_view ns) const {
  return tag_ + ":" + std::string(ns) + ":councils";
}
std::string PartitionKeys::Teams(std::string_view ns, std::string_view la) const {
  return tag_ + ":" + std::string(ns) + ":teams:" + std::string(la);
}
std::string PartitionKeys::Quality(std::string_view ns, std::string_view la) const {
  return tag_ + ":" + std::string(ns) + ":dq:" + std::string(la);
}

std::string PartitionKeys::CatalogueVersion(std::string_view ns) const {
  return tag_ + ":" + std::string(ns) + ":catalogue";
}
std::string PartitionKeys::NamespacePattern(std::string_view ns) const {
  return tag_ + ":" + std::string(ns) + ":*";
}

absl::Status ValidateNamespaceName(std::string_view ns) {
  if (ns.empty() || ns.size() > 32) {
    return absl::InvalidArgumentError("namespace: must be 1-32 characters");
  }
  for (char c : ns) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return absl::InvalidArgumentError("namespace: only [A-Za-z0-9_-] allowed");
  }
  for (std::string_view reserved : {"events", "dead", "lease", "ns", "deadwm", "rebuild"}) {
    if (ns == reserved) {
      return absl::InvalidArgumentError("namespace: '" + std::string(ns) +
                                        "' is the name of a partition key");
    }
  }
  return absl::OkStatus();
}

}  // namespace scorecard
