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

#include "absl/status/status.h"

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
  // The partition's current state namespace (a string; missing = the
  // configured default namespace, "live"). Same hash tag as the stream and
  // the state, so the apply script and the rebuild's switch script check or
  // set it in the same slot they write.
  std::string NamespacePointer() const { return tag_ + ":ns"; }
  // The greatest stream id the ingest group has dead-lettered up to. Kept
  // apart from the namespaces' watermarks because dead letters belong to the
  // queue, not to a namespace: after a switch to a rebuilt namespace whose
  // watermark is ahead of the group, the entries in between must still be
  // dead-lettered once (the rebuild never dead-letters).
  std::string DeadLetterWatermark() const { return tag_ + ":deadwm"; }
  // The lease a rebuild of this partition holds while it writes (one rebuild
  // per partition at a time; the ingest lease is not involved).
  std::string RebuildLease() const { return tag_ + ":rebuild"; }

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
  // The catalogue stamp of a namespace (events/catalogue_stamp.h: series
  // fingerprint and catalogue version; ingest records it on its first
  // write, a rebuild's switch records it).
  std::string CatalogueVersion(std::string_view ns) const;
  // A SCAN MATCH pattern for every key of one namespace in this partition.
  // REQUIRES: ValidateNamespaceName(ns) is OK (no glob characters).
  std::string NamespacePattern(std::string_view ns) const;

 private:
  std::string tag_;  // "<prefix>:{pN}"
};

// A namespace name is 1-32 characters of [A-Za-z0-9_-] and not one of the
// partition's own key names (events, dead, lease, ns, deadwm, rebuild).
// INVALID_ARGUMENT says why.
absl::Status ValidateNamespaceName(std::string_view ns);

// The team name used for council-wide aggregates.
inline constexpr std::string_view kAllTeams = "*";

}  // namespace scorecard

#endif  // SCORECARD_EVENTS_PARTITIONING_H_
