#ifndef SCORECARD_EVENTS_PARTITIONING_H_
#define SCORECARD_EVENTS_PARTITIONING_H_

// The Redis key layout shared by producers, the ingest service and the query
// service. Every key of one partition carries the hash tag "{pN}" so that a
// partition's stream, subject states and aggregates share one Redis Cluster
// slot and one Lua script can touch them all.
//
// Events are partitioned by council (la_code): record identity is
// council-wide (a correction may move a record to another child) and some
// measures look across a council's subjects, so a council's events must be
// applied by one worker in one slot. See docs/ARCHITECTURE.md, "Partitioning".

#include <cstdint>
#include <string>
#include <string_view>

namespace scorecard {

// Stable 64-bit FNV-1a; never change it (it places data in partitions).
uint64_t StableHash(std::string_view s);

int PartitionOf(std::string_view la_code, int partitions);

// Keys that do not depend on the state namespace.
class PartitionKeys {
 public:
  PartitionKeys(std::string prefix, int partition);

  const std::string& tag() const { return tag_; }
  std::string Stream() const { return tag_ + ":events"; }
  std::string DeadLetters() const { return tag_ + ":dead"; }
  std::string Lease() const { return tag_ + ":lease"; }

  // Keys of one state namespace (a rebuild writes a fresh namespace, then
  // switches the pointer; see StateNamespacePointer()).
  std::string Watermark(std::string_view ns) const;
  std::string Directory(std::string_view ns, std::string_view la) const;
  std::string Subject(std::string_view ns, std::string_view la, std::string_view subject) const;
  std::string Aggregate(std::string_view ns, std::string_view la, std::string_view series,
                        std::string_view team) const;
  std::string Seen(std::string_view ns, std::string_view la) const;
  std::string Councils(std::string_view ns) const;
  std::string Teams(std::string_view ns, std::string_view la) const;
  std::string Quality(std::string_view ns, std::string_view la) const;

 private:
  std::string tag_;  // "<prefix>:{pN}"
};

// Global (un-partitioned) keys.
std::string StateNamespacePointer(std::string_view prefix);
std::string CatalogueVersionKey(std::string_view prefix, std::string_view ns);

// The team name used for council-wide aggregates.
inline constexpr std::string_view kAllTeams = "*";

}  // namespace scorecard

#endif  // SCORECARD_EVENTS_PARTITIONING_H_
