#include "ingest/apply_script.h"

namespace scorecard {

const char kLuaStreamIdOrder[] = R"lua(
local function id_parts(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local function id_le(a, b)
  local ams, aseq = id_parts(a)
  local bms, bseq = id_parts(b)
  if ams ~= bms then return ams < bms end
  return aseq <= bseq
end
)lua";

namespace {

// KEYS[1] lease (the partition lease, or the rebuild lease for a rebuild),
// KEYS[2] watermark, KEYS[3] stream, KEYS[4] dead letters, KEYS[5] namespace
// pointer, KEYS[6] the namespace's catalogue version, KEYS[7] dead-letter
// watermark, KEYS[8..] data keys referenced by index from ARGV.
// ARGV[1] lease token, ARGV[2] lease ttl ms, ARGV[3] group, ARGV[4] last id,
// ARGV[5] namespace, ARGV[6] default namespace (a missing pointer means it),
// ARGV[7] role ("current": ingest, the namespace must be the current one;
// "rebuild": it must not be), ARGV[8] catalogue stamp ("" = unchecked; see
// events/catalogue_stamp.h: only its fingerprint is compared),
// then sections, each led by its count:
//   acks: id...
//   dead: (stream id, m, (field, value) x m)...  dead-letter entries
//   set: (key, value)...        subject states
//   del: key...                 subjects with no live records
//   hset: (key, field, value)... directory, seen kinds
//   sadd: (key, member)...      councils, teams
//   incr: (key, n, (field, delta) x n)...  aggregate deltas; zero fields removed
// Returns {outcome, dead letters written}: outcome 1 applied, 0 already
// applied (acknowledged only; dead letters may still be written, see below),
// -1 the namespace is not (ingest) / is (rebuild) the current one, -2 the
// namespace was built with other series definitions; nothing is written or
// acknowledged for -1 and -2.
constexpr char kApplyBatch[] = R"lua(
local function ack(ids)
  local chunk = {}
  for i = 1, #ids do
    chunk[#chunk + 1] = ids[i]
    if #chunk == 500 or i == #ids then
      redis.call('XACK', KEYS[3], ARGV[3], unpack(chunk))
      chunk = {}
    end
  end
end

if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return redis.error_reply('LEASE partition lease is held by another worker')
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])

local current = redis.call('GET', KEYS[5]) or ARGV[6]
if (ARGV[7] == 'current') ~= (current == ARGV[5]) then return {-1, 0} end
local function fingerprint(stamp) return string.match(stamp, '^(%S*)') end
local recorded = redis.call('GET', KEYS[6])
if ARGV[8] ~= '' and recorded and fingerprint(recorded) ~= fingerprint(ARGV[8]) then
  return {-2, 0}
end

local pos = 9
local n = tonumber(ARGV[pos]); pos = pos + 1
local acks = {}
for i = 1, n do acks[i] = ARGV[pos]; pos = pos + 1 end

-- Dead letters are written once per queue entry whatever the namespace's
-- watermark says: a switch to a rebuilt namespace can put its watermark
-- ahead of entries the group has not yet seen, and the rebuild never
-- dead-letters.
local wm = redis.call('GET', KEYS[2])
local dwm = redis.call('GET', KEYS[7]) or wm
local dead_written = 0
n = tonumber(ARGV[pos]); pos = pos + 1
for i = 1, n do
  local sid = ARGV[pos]
  local m = tonumber(ARGV[pos + 1]); pos = pos + 2
  if not dwm or not id_le(sid, dwm) then
    local entry = {KEYS[4], '*'}
    for j = 1, 2 * m do entry[#entry + 1] = ARGV[pos + j - 1] end
    redis.call('XADD', unpack(entry))
    dead_written = dead_written + 1
  end
  pos = pos + 2 * m
end
if ARGV[7] == 'current' and (not dwm or not id_le(ARGV[4], dwm)) then
  redis.call('SET', KEYS[7], ARGV[4])
end

if wm and id_le(ARGV[4], wm) then
  ack(acks)
  return {0, dead_written}
end
if ARGV[8] ~= '' and not recorded then redis.call('SET', KEYS[6], ARGV[8]) end

n = tonumber(ARGV[pos]); pos = pos + 1
for i = 1, n do
  redis.call('SET', KEYS[tonumber(ARGV[pos])], ARGV[pos + 1]); pos = pos + 2
end
n = tonumber(ARGV[pos]); pos = pos + 1
for i = 1, n do
  redis.call('DEL', KEYS[tonumber(ARGV[pos])]); pos = pos + 1
end
n = tonumber(ARGV[pos]); pos = pos + 1
for i = 1, n do
  redis.call('HSET', KEYS[tonumber(ARGV[pos])], ARGV[pos + 1], ARGV[pos + 2]); pos = pos + 3
end
n = tonumber(ARGV[pos]); pos = pos + 1
for i = 1, n do
  redis.call('SADD', KEYS[tonumber(ARGV[pos])], ARGV[pos + 1]); pos = pos + 2
end
n = tonumber(ARGV[pos]); pos = pos + 1
for i = 1, n do
  local key = KEYS[tonumber(ARGV[pos])]
  local m = tonumber(ARGV[pos + 1]); pos = pos + 2
  for j = 1, m do
    if redis.call('HINCRBY', key, ARGV[pos], ARGV[pos + 1]) == 0 then
      redis.call('HDEL', key, ARGV[pos])
    end
    pos = pos + 2
  end
end

redis.call('SET', KEYS[2], ARGV[4])
ack(acks)
return {1, dead_written}
)lua";

constexpr char kRenewLease[] = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
)lua";

constexpr char kReleaseLease[] = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
)lua";

}  // namespace

const LuaScript& ReleaseLeaseScript() {
  static const LuaScript* script = new LuaScript(kReleaseLease);
  return *script;
}

const LuaScript& ApplyBatchScript() {
  static const LuaScript* script = new LuaScript(std::string(kLuaStreamIdOrder) + kApplyBatch);
  return *script;
}

absl::StatusOr<ApplyResult> ApplyResultOf(const RedisReply& reply) {
  if (reply.is_array() && reply.size() == 2 && reply[0].is_integer() && reply[1].is_integer()) {
    ApplyResult out;
    out.dead_letters_written = reply[1].integer();
    switch (reply[0].integer()) {
      case 1:
        out.outcome = ApplyOutcome::kApplied;
        return out;
      case 0:
        out.outcome = ApplyOutcome::kReplayed;
        return out;
      case -1:
        out.outcome = ApplyOutcome::kNamespaceMoved;
        return out;
      case -2:
        out.outcome = ApplyOutcome::kCatalogueMismatch;
        return out;
      default:
        break;
    }
  }
  return absl::InternalError("apply script returned " + reply.DebugString());
}

const LuaScript& RenewLeaseScript() {
  static const LuaScript* script = new LuaScript(kRenewLease);
  return *script;
}

ScriptCall::ScriptCall(const PartitionKeys& keys, std::string ns, std::string lease_token,
                       int64_t lease_ttl_ms, std::string group, NamespaceGuard guard)
    : pk_(keys),
      ns_(std::move(ns)),
      lease_token_(std::move(lease_token)),
      lease_ttl_ms_(lease_ttl_ms),
      group_(std::move(group)),
      guard_(std::move(guard)) {}

size_t ScriptCall::KeyIndex(const std::string& key) {
  auto [it, inserted] = key_index_.emplace(key, keys_.size() + 1);
  if (inserted) keys_.push_back(key);
  return it->second;
}

void ScriptCall::Build(const Catalogue& catalogue, const BatchEffect& effect,
                       const std::vector<DeadLetter>& dead, const std::vector<std::string>& ack_ids,
                       const std::string& last_id) {
  keys_.clear();
  key_index_.clear();
  args_.clear();
  const bool rebuild = guard_.role == NamespaceGuard::Role::kRebuild;
  KeyIndex(rebuild ? pk_.RebuildLease() : pk_.Lease());
  KeyIndex(pk_.Watermark(ns_));
  KeyIndex(pk_.Stream());
  KeyIndex(pk_.DeadLetters());
  KeyIndex(pk_.NamespacePointer());
  KeyIndex(pk_.CatalogueVersion(ns_));
  KeyIndex(pk_.DeadLetterWatermark());
  args_ = {lease_token_,
           std::to_string(lease_ttl_ms_),
           group_,
           last_id,
           ns_,
           guard_.default_ns,
           rebuild ? "rebuild" : "current",
           guard_.catalogue_stamp};

  args_.push_back(std::to_string(ack_ids.size()));
  args_.insert(args_.end(), ack_ids.begin(), ack_ids.end());

  args_.push_back(std::to_string(dead.size()));
  for (const DeadLetter& d : dead) {
    args_.insert(args_.end(), {d.stream_id, "7", "stream_id", d.stream_id, "code", d.code, "field",
                               d.field, "message", d.message, "event_id", d.event_id, "la_code",
                               d.la_code, "payload", d.payload});
  }

  std::vector<std::string> sets, dels;
  size_t n_set = 0;
  for (const auto& [ref, state] : effect.subjects) {
    const std::string key = pk_.Subject(ns_, ref.first, ref.second);
    if (state) {
      sets.push_back(std::to_string(KeyIndex(key)));
      sets.push_back(state->SerializeAsString());
      ++n_set;
    } else {
      dels.push_back(std::to_string(KeyIndex(key)));
    }
  }
  args_.push_back(std::to_string(n_set));
  args_.insert(args_.end(), sets.begin(), sets.end());
  args_.push_back(std::to_string(dels.size()));
  args_.insert(args_.end(), dels.begin(), dels.end());

  std::vector<std::string> hsets;
  size_t n_hset = 0;
  for (const auto& [ref, meta] : effect.directory) {
    hsets.push_back(std::to_string(KeyIndex(pk_.Directory(ns_, ref.first))));
    hsets.push_back(ref.second);
    hsets.push_back(meta);
    ++n_hset;
  }
  for (const auto& [la, kind] : effect.seen_kinds) {
    hsets.push_back(std::to_string(KeyIndex(pk_.Seen(ns_, la))));
    hsets.push_back(kind);
    hsets.push_back("1");
    ++n_hset;
  }
  args_.push_back(std::to_string(n_hset));
  args_.insert(args_.end(), hsets.begin(), hsets.end());

  std::vector<std::string> sadds;
  size_t n_sadd = 0;
  std::set<std::string> councils;
  for (const auto& [la, kind] : effect.seen_kinds) councils.insert(la);
  for (const std::string& la : councils) {
    sadds.push_back(std::to_string(KeyIndex(pk_.Councils(ns_))));
    sadds.push_back(la);
    ++n_sadd;
  }
  for (const auto& [la, team] : effect.teams) {
    sadds.push_back(std::to_string(KeyIndex(pk_.Teams(ns_, la))));
    sadds.push_back(team);
    ++n_sadd;
  }
  args_.push_back(std::to_string(n_sadd));
  args_.insert(args_.end(), sadds.begin(), sadds.end());

  // Aggregate deltas, coalesced per hash and field.
  const auto hashes = effect.deltas.ToHashes();
  args_.push_back(std::to_string(hashes.size()));
  for (const auto& [hk, fields] : hashes) {
    const auto& [la, series, team] = hk;
    const std::string key = pk_.Aggregate(ns_, la, catalogue.series()[series].key, team);
    args_.push_back(std::to_string(KeyIndex(key)));
    args_.push_back(std::to_string(fields.size()));
    for (const auto& [field, delta] : fields) {
      args_.push_back(field);
      args_.push_back(std::to_string(delta));
    }
  }
}

}  // namespace scorecard
