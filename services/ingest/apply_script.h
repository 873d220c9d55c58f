#ifndef SCORECARD_INGEST_APPLY_SCRIPT_H_
#define SCORECARD_INGEST_APPLY_SCRIPT_H_

// The one Lua script that commits a batch: subject states, directory entries,
// aggregate deltas, dead letters, the partition watermark and the XACK, all
// atomically. Guarded by the partition lease (fencing) and by the watermark:
// a batch whose last stream id is not above the watermark was applied
// already, so the script only acknowledges it (replay-safe).

#include <map>
#include <string>
#include <vector>

#include "engine/applier.h"
#include "engine/catalogue.h"
#include "events/partitioning.h"
#include "redis/lua_script.h"

namespace scorecard {

const LuaScript& ApplyBatchScript();
// Renews the lease if we still hold it; returns 1, or 0 when lost.
const LuaScript& RenewLeaseScript();

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
  ScriptCall(const PartitionKeys& keys, std::string ns, std::string lease_token,
             int64_t lease_ttl_ms, std::string group);

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
  std::vector<std::string> keys_;
  std::map<std::string, size_t> key_index_;
  std::vector<std::string> args_;
};

}  // namespace scorecard

#endif  // SCORECARD_INGEST_APPLY_SCRIPT_H_
