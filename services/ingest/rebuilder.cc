#include "ingest/rebuilder.h"

#include <algorithm>
#include <thread>

#include "engine/applier.h"
#include "events/catalogue_stamp.h"
#include "ingest/apply_script.h"
#include "ingest/redis_state_source.h"
#include "ingest/stream_batch.h"
#include "redis/redis_connection.h"

namespace scorecard {
namespace {

using Clock = std::chrono::steady_clock;

// KEYS[1] rebuild lease, KEYS[2] namespace pointer, KEYS[3] target watermark,
// KEYS[4] target catalogue stamp, KEYS[5] dead-letter watermark,
// KEYS[6] the current namespace's watermark.
// ARGV[1] lease token, ARGV[2] lease ttl ms, ARGV[3] target, ARGV[4] the
// namespace the caller found current, ARGV[5] default namespace, ARGV[6]
// catalogue version.
// Returns 1 switched, 2 the target was already current, 0 not caught up,
// -1 the current namespace is no longer ARGV[4], -2 the target was begun
// with other series definitions.
//
// "Caught up" is: the target's watermark is at or above the current
// namespace's. Everything the ingest has committed is at or below the
// current namespace's watermark and everything at or below the target's is
// in the target, so after the switch the ingest applies to the target every
// entry the target lacks (the batch in its hands is recomputed, pending
// entries are re-read or claimed, the rest are undelivered) and only
// overlaps, never skips. Waiting for the stream's tail instead would be
// correct too, but could keep a rebuild chasing a busy stream.
constexpr char kSwitch[] = R"lua(

if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return redis.error_reply('LEASE partition rebuild lease is held by another rebuild')
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local current = redis.call('GET', KEYS[2]) or ARGV[5]
if current == ARGV[3] then return 2 end
if current ~= ARGV[4] then return -1 end
local recorded = redis.call('GET', KEYS[4])
if recorded and string.match(recorded, '^(%S*)') ~= string.match(ARGV[6], '^(%S*)') then
  return -2
end
local target_wm = redis.call('GET', KEYS[3]) or '0-0'
local current_wm = redis.call('GET', KEYS[6]) or '0-0'
if not id_le(current_wm, target_wm) then return 0 end
-- From now on the ingest may meet entries the target already holds; dead
-- letters must still be written for the ones it has not seen.
if not redis.call('GET', KEYS[5]) then redis.call('SET', KEYS[5], current_wm) end
redis.call('SET', KEYS[4], ARGV[6])
redis.call('SET', KEYS[2], ARGV[3])
return 1
)lua";

const LuaScript& SwitchScript() {
  static const LuaScript* script = new LuaScript(std::string(kLuaStreamIdOrder) + kSwitch);
  return *script;
}

absl::StatusOr<std::string> GetOr(RedisClient& redis, const std::string& key,
                                  const std::string& fallback) {
  auto r = redis.Command({"GET", key});
  if (!r.ok()) return r.status();
  if (r->is_nil()) return fallback;
  auto s = r->AsString();
  if (!s.ok()) return s.status();
  return std::string(*s);
}

}  // namespace

PartitionRebuilder::PartitionRebuilder(const RebuildConfig& config, int partition,
                                       std::shared_ptr<const Catalogue> catalogue,
                                       MeasureContext ctx, RedisClient& redis)
    : config_(config),
      keys_(config.queue.prefix, partition),
      catalogue_(std::move(catalogue)),
      ctx_(ctx),
      redis_(redis) {
  progress_.partition = partition;
}

absl::Status PartitionRebuilder::Start(Clock::time_point deadline) {
  if (auto s = ValidateNamespaceName(config_.target); !s.ok()) return s;
  if (auto s = ApplyBatchScript().Load(redis_); !s.ok()) return s;
  if (auto s = SwitchScript().Load(redis_); !s.ok()) return s;
  auto backoff = std::chrono::milliseconds(20);
  while (true) {
    absl::Status s = EnsureLease();
    if (s.ok()) break;
    if (!absl::IsFailedPrecondition(s)) return s;
    if (Clock::now() + backoff > deadline) {
      return absl::DeadlineExceededError("partition " + std::to_string(progress_.partition) + ": " +
                                         std::string(s.message()));
    }
    std::this_thread::sleep_for(backoff);  // waiting for another rebuild's lease to expire
    backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
  }
  auto pointer = GetOr(redis_, keys_.NamespacePointer(), "");
  if (!pointer.ok()) return pointer.status();
  if (pointer->empty() && config_.target == config_.default_ns) {
    return absl::FailedPreconditionError("namespace " + config_.target +
                                         " is current: rebuild into a fresh namespace");
  }
  progress_.previous = pointer->empty() ? config_.default_ns : *pointer;
  if (*pointer == config_.target) {
    // A rerun after this partition's switch.
    progress_.already_current = true;
    progress_.switched = true;
    return absl::OkStatus();
  }
  auto recorded = GetOr(redis_, keys_.CatalogueVersion(config_.target), "");
  if (!recorded.ok()) return recorded.status();
  if (!recorded->empty() && StampFingerprint(*recorded) != SeriesFingerprint(*catalogue_)) {
    return absl::FailedPreconditionError(
        "namespace " + config_.target + " was begun with catalogue " +
        std::string(StampVersion(*recorded)) + ", whose series definitions differ from " +
        catalogue_->version() + "'s: rebuild into a fresh namespace");
  }
  auto wm = GetOr(redis_, keys_.Watermark(config_.target), "");
  if (!wm.ok()) return wm.status();
  progress_.watermark = *wm;
  return absl::OkStatus();
}

absl::Status PartitionRebuilder::EnsureLease() {
  // Renew ours or take a free one. A rebuild spends long stretches on other
  // partitions, so its lease may have expired; retaking a free lease is safe
  // because every batch re-reads the watermark and state after taking it.
  auto renewed = RenewLeaseScript().Eval(redis_, {keys_.RebuildLease()},
                                         {config_.token, std::to_string(config_.lease_ttl_ms)});
  if (!renewed.ok()) return renewed.status();
  if (renewed->is_integer() && renewed->integer() == 1) return absl::OkStatus();
  auto taken = redis_.Command({"SET", keys_.RebuildLease(), config_.token, "NX", "PX",
                               std::to_string(config_.lease_ttl_ms)});
  if (!taken.ok()) return taken.status();
  if (taken->is_status()) return absl::OkStatus();
  auto holder = GetOr(redis_, keys_.RebuildLease(), "");
  return absl::FailedPreconditionError("partition " + std::to_string(progress_.partition) +
                                       " is being rebuilt by " +
                                       (holder.ok() ? *holder : std::string("another process")));
}

absl::StatusOr<int64_t> PartitionRebuilder::Step() {
  if (progress_.switched) return 0;
  if (auto s = EnsureLease(); !s.ok()) return s;
  const auto start = Clock::now();
  const std::string from = progress_.watermark.empty() ? "-" : "(" + progress_.watermark;
  auto r = redis_.Command(
      {"XRANGE", keys_.Stream(), from, "+", "COUNT", std::to_string(config_.batch_size)});
  if (!r.ok()) return r.status();
  if (!r->is_array()) return absl::InternalError("XRANGE returned " + r->DebugString());
  const std::vector<StreamEntry> entries = ParseStreamEntries(r->view());
  if (entries.empty()) return 0;

  const DecodedBatch batch = DecodeEntries(entries, progress_.partition, config_.queue.partitions);
  std::vector<const v1::CaseEvent*> ptrs;
  ptrs.reserve(batch.events.size());
  for (const auto& e : batch.events) ptrs.push_back(&e);
  RedisStateSource source(redis_, keys_, config_.target);
  auto effect = ApplyBatch(*catalogue_, ctx_, source, ptrs);
  if (!effect.ok()) return effect.status();
  ScriptCall call(keys_, config_.target, config_.token, config_.lease_ttl_ms, /*group=*/"",
                  NamespaceGuard{NamespaceGuard::Role::kRebuild, config_.default_ns,
                                 CatalogueStamp(*catalogue_)});
  call.Build(*catalogue_, *effect, /*dead=*/{}, /*ack_ids=*/{}, entries.back().id);
  auto reply = ApplyBatchScript().Eval(redis_, call.keys(), call.args());
  if (!reply.ok()) return reply.status();
  auto result = ApplyResultOf(*reply);
  if (!result.ok()) return result.status();
  switch (result->outcome) {
    case ApplyOutcome::kApplied:
      progress_.watermark = entries.back().id;
      progress_.applied += static_cast<int64_t>(batch.events.size());
      break;
    case ApplyOutcome::kReplayed: {
      // Another run of the same rebuild got there first.
      auto wm = GetOr(redis_, keys_.Watermark(config_.target), "");
      if (!wm.ok()) return wm.status();
      progress_.watermark = *wm;
      break;
    }
    case ApplyOutcome::kNamespaceMoved:
      return absl::FailedPreconditionError("partition " + std::to_string(progress_.partition) +
                                           ": namespace " + config_.target +
                                           " became current during the rebuild");
    case ApplyOutcome::kCatalogueMismatch:
      return absl::FailedPreconditionError("namespace " + config_.target +
                                           " was built with other series definitions than " +
                                           catalogue_->version() + "'s");
  }
  progress_.entries += static_cast<int64_t>(entries.size());
  progress_.skipped += static_cast<int64_t>(batch.dead.size());
  ++progress_.batches;
  progress_.seconds += std::chrono::duration<double>(Clock::now() - start).count();
  return static_cast<int64_t>(entries.size());
}

absl::Status PartitionRebuilder::CatchUp(
    const std::function<void(const PartitionProgress&)>& progress) {
  while (true) {
    auto n = Step();
    if (!n.ok()) return n.status();
    if (*n == 0) return absl::OkStatus();
    if (progress) progress(progress_);
  }
}

absl::StatusOr<bool> PartitionRebuilder::TrySwitch() {
  if (progress_.switched) return true;
  if (auto s = EnsureLease(); !s.ok()) return s;
  auto r =
      SwitchScript().Eval(redis_,
                          {keys_.RebuildLease(), keys_.NamespacePointer(),
                           keys_.Watermark(config_.target), keys_.CatalogueVersion(config_.target),
                           keys_.DeadLetterWatermark(), keys_.Watermark(progress_.previous)},
                          {config_.token, std::to_string(config_.lease_ttl_ms), config_.target,
                           progress_.previous, config_.default_ns, CatalogueStamp(*catalogue_)});
  if (!r.ok()) return r.status();
  if (!r->is_integer()) return absl::InternalError("switch script returned " + r->DebugString());
  switch (r->integer()) {
    case 1:
    case 2:
      progress_.switched = true;
      return true;
    case 0:
      ++progress_.catch_ups;
      return false;
    case -1:
      return absl::FailedPreconditionError("partition " + std::to_string(progress_.partition) +
                                           ": the current namespace is no "
                                           "longer " +
                                           progress_.previous + " (another rebuild switched it)");
    default:
      return absl::FailedPreconditionError("namespace " + config_.target +
                                           " was built with other series definitions than " +
                                           catalogue_->version() + "'s");
  }
}

void PartitionRebuilder::Release() {
  (void)ReleaseLeaseScript().Eval(redis_, {keys_.RebuildLease()}, {config_.token});
}

absl::StatusOr<std::vector<PartitionProgress>> RebuildAll(
    const RebuildConfig& config, const RedisOptions& redis,
    std::shared_ptr<const Catalogue> catalogue, MeasureContext ctx, int jobs,
    const std::function<void(const PartitionProgress&)>& report) {
  const int partitions = config.queue.partitions;
  std::vector<std::unique_ptr<RedisConnection>> connections(partitions);
  std::vector<std::unique_ptr<PartitionRebuilder>> rebuilders(partitions);
  std::mutex mu;  // guards `first_error` and calls to `report`
  absl::Status first_error;
  auto fail = [&](const absl::Status& s) {
    std::lock_guard<std::mutex> lock(mu);
    if (first_error.ok()) first_error = s;
  };
  auto say = [&](const PartitionProgress& p) {
    if (!report) return;
    std::lock_guard<std::mutex> lock(mu);
    report(p);
  };
  auto failed = [&] {
    std::lock_guard<std::mutex> lock(mu);
    return !first_error.ok();
  };

  // Runs `work(p)` for every partition on `jobs` threads; stops handing out
  // partitions after the first error.
  auto for_each_partition = [&](const std::function<absl::Status(int)>& work) {
    std::atomic<int> next{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < std::max(1, std::min(jobs, partitions)); ++t) {
      threads.emplace_back([&] {
        for (int p = next++; p < partitions && !failed(); p = next++) {
          if (auto s = work(p); !s.ok()) fail(s);
        }
      });
    }
    for (auto& t : threads) t.join();
  };

  // Phase 1: the bulk of the history, the current namespace serving.
  for_each_partition([&](int p) -> absl::Status {
    auto conn = RedisConnection::Connect(redis);
    if (!conn.ok()) return conn.status();
    connections[p] = std::move(*conn);
    rebuilders[p] =
        std::make_unique<PartitionRebuilder>(config, p, catalogue, ctx, *connections[p]);
    const auto deadline =
        Clock::now() + std::chrono::milliseconds(config.lease_ttl_ms) + std::chrono::seconds(5);
    if (auto s = rebuilders[p]->Start(deadline); !s.ok()) return s;
    return rebuilders[p]->CatchUp(say);
  });
  // Phase 2: the few entries that arrived meanwhile, then the switch; the
  // partitions switch within moments of each other.
  if (!failed()) {
    for_each_partition([&](int p) -> absl::Status {
      PartitionRebuilder& r = *rebuilders[p];
      constexpr int kMaxAttempts = 1000;
      for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        if (auto s = r.CatchUp(say); !s.ok()) return s;
        auto switched = r.TrySwitch();
        if (!switched.ok()) return switched.status();
        if (*switched) {
          say(r.progress());
          return absl::OkStatus();
        }
      }
      return absl::DeadlineExceededError("partition " + std::to_string(p) +
                                         ": the ingest kept ahead of the rebuild for " +
                                         std::to_string(kMaxAttempts) + " switch attempts");
    });
  }
  std::vector<PartitionProgress> out;
  for (int p = 0; p < partitions; ++p) {
    if (rebuilders[p] == nullptr) continue;
    rebuilders[p]->Release();
    out.push_back(rebuilders[p]->progress());
  }
  if (!first_error.ok()) return first_error;
  return out;
}

absl::StatusOr<int64_t> DropNamespace(RedisClient& redis, const QueueConfig& queue,
                                      const std::string& default_ns, const std::string& ns,
                                      int count) {
  if (auto s = ValidateNamespaceName(ns); !s.ok()) return s;
  // Refuse before deleting anything if any partition still uses it.
  std::vector<std::vector<std::string>> gets;
  for (int p = 0; p < queue.partitions; ++p) {
    gets.push_back({"GET", PartitionKeys(queue.prefix, p).NamespacePointer()});
  }
  auto pointers = redis.Pipeline(gets);
  if (!pointers.ok()) return pointers.status();
  for (int p = 0; p < queue.partitions; ++p) {
    const RedisReply& r = (*pointers)[p];
    if (r.is_error()) return StatusFromRedisError(r.str());
    const std::string current = r.is_nil() ? default_ns : std::string(r.str());
    if (current == ns) {
      return absl::FailedPreconditionError("namespace " + ns +
                                           " is the current namespace of partition " +
                                           std::to_string(p) + "; nothing deleted");
    }
  }
  int64_t deleted = 0;
  for (int p = 0; p < queue.partitions; ++p) {
    const std::string pattern = PartitionKeys(queue.prefix, p).NamespacePattern(ns);
    std::string cursor = "0";
    do {
      auto r = redis.Command({"SCAN", cursor, "MATCH", pattern, "COUNT", std::to_string(count)});
      if (!r.ok()) return r.status();
      if (!r->is_array() || r->size() != 2) {
        return absl::InternalError("SCAN returned " + r->DebugString());
      }
      cursor = std::string((*r)[0].str());
      const RedisReplyView keys = (*r)[1];
      if (keys.size() == 0) continue;
      // One UNLINK per key keeps every command single-slot (Redis Cluster),
      // pipelined so a batch is one round trip.
      std::vector<std::vector<std::string>> unlinks;
      for (size_t i = 0; i < keys.size(); ++i)
        unlinks.push_back({"UNLINK", std::string(keys[i].str())});
      auto replies = redis.Pipeline(unlinks);
      if (!replies.ok()) return replies.status();
      for (const RedisReply& u : *replies) {
        if (u.is_error()) return StatusFromRedisError(u.str());
        if (u.is_integer()) deleted += u.integer();
      }
    } while (cursor != "0");
  }
  return deleted;
}

}  // namespace scorecard
