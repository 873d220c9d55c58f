#ifndef SCORECARD_INGEST_APPLY_SCRIPT_H_
#define SCORECARD_INGEST_APPLY_SCRIPT_H_

// The one Lua script that commits a batch: subject states, directory entries,
// aggregate deltas, dead letters, the partition watermark and the XACK, all
// atomically. Guarded by the partition lease (fencing) and by the watermark:
// a batch whose last stream id is not above the watermark was applied
// already, so the script only acknowledges it (replay-safe). Also guarded by
// the partition's namespace pointer and the namespace's catalogue version
// (see NamespaceGuard): ingest writes only the current namespace, a rebuild
// only a namespace that is not current, and nobody writes a namespace built
// with another catalogue.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/applier.h"
#include "engine/catalogue.h"
#include "events/partitioning.h"
#include "redis/lua_script.h"

namespace scorecard {

// Lua helpers shared by the scripts that compare stream ids: id_parts(id)
// and id_le(a, b) (stream id order). Prepended to a script's body.
extern const char kLuaStreamIdOrder[];

const LuaScript& ApplyBatchScript();

// What the apply script did.
enum class ApplyOutcome {
  kApplied,
  kReplayed,           // the watermark showed it was applied already: only acknowledged
  kNamespaceMoved,     // ingest: no longer the current namespace; rebuild: it is
                       // the current one. Nothing written or acknowledged.
  kCatalogueMismatch,  // the namespace records another catalogue version.
                       // Nothing written or acknowledged.
};
struct ApplyResult {
  ApplyOutcome outcome = ApplyOutcome::kApplied;
  // Dead letters written by this call: the batch's, less those the group had
  // dead-lettered already (a replay). Non-zero for kReplayed too when the
  // namespace's watermark was ahead of the group (after a switch).
  int64_t dead_letters_written = 0;
};
// INTERNAL for a reply the script never gives.
absl::StatusOr<ApplyResult> ApplyResultOf(const RedisReply& reply);

// Which namespace a batch may be written to.
struct NamespaceGuard {
  enum class Role {
    kCurrent,  // ingest: the namespace must be the partition's current one
    kRebuild,  // a rebuild: it must not be (queries read the current one);
               // fenced by the partition's rebuild lease, not the ingest lease
  };
  Role role = Role::kCurrent;
  // What a missing pointer means (deployments from before the pointer).
  std::string default_ns = "live";
  // CatalogueStamp of the caller's catalogue: its fingerprint must equal the
  // one the namespace records; recorded by the first write. Empty: neither
  // checked nor recorded (tests of the script alone).
  std::string catalogue_stamp;
};
// Renews the lease if we still hold it; returns 1, or 0 when lost.
const LuaScript& RenewLeaseScript();
// Deletes the lease if we hold it (KEYS[1] lease, ARGV[1] token); returns 1,
// or 0 when it was not ours.
const LuaScript& ReleaseLeaseScript();

struct DeadLetter {
  std::string stream_id;  // the queue entry that was rejected
  std::string code;
  std::string field;
  std::string message;
  std::string event_id;  // when decodable
  std::string la_code;   // when decodable
  std::string payload;   // the raw entry value, kept for repair and replay
};

// Everything the script needs for one batch.
class ScriptCall {
 public:
  // For a rebuild, `lease_token` is the rebuild lease's token and `group`
  // is unused (a rebuild acknowledges nothing).
  ScriptCall(const PartitionKeys& keys, std::string ns, std::string lease_token,
             int64_t lease_ttl_ms, std::string group, NamespaceGuard guard = {});

  // Builds the call for a batch. `ack_ids` are the stream ids to acknowledge
  // (valid and rejected entries alike); `last_id` is the greatest of them.
  void Build(const Catalogue& catalogue, const BatchEffect& effect,
             const std::vector<DeadLetter>& dead, const std::vector<std::string>& ack_ids,
             const std::string& last_id);

  const std::vector<std::string>& keys() const { return keys_; }
  const std::vector<std::string>& args() const { return args_; }

 private:
  size_t KeyIndex(const std::string& key);

  const PartitionKeys& pk_;
  std::string ns_;
  std::string lease_token_;
  int64_t lease_ttl_ms_;
  std::string group_;
  NamespaceGuard guard_;
  std::vector<std::string> keys_;
  std::map<std::string, size_t> key_index_;
  std::vector<std::string> args_;
};

}  // namespace scorecard

#endif  // SCORECARD_INGEST_APPLY_SCRIPT_H_
