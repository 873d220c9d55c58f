#include "ingest/partition_worker.h"

#include <chrono>
#include <iostream>
#include <thread>

#include "engine/applier.h"
#include "events/catalogue_stamp.h"
#include "events/validate.h"
#include "ingest/redis_state_source.h"
#include "redis/redis_connection.h"

namespace scorecard {
namespace {

using Clock = std::chrono::steady_clock;

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

PartitionWorker::PartitionWorker(IngestConfig config, int partition,
                                 std::shared_ptr<const Catalogue> catalogue, MeasureContext ctx,
                                 IngestMetrics* metrics, RedisClient* client)
    : config_(std::move(config)),
      partition_(partition),
      keys_(config_.queue.prefix, partition),
      catalogue_(std::move(catalogue)),
      ctx_(ctx),
      metrics_(metrics),
      injected_client_(client),
      client_(client),
      ns_(config_.ns) {}

absl::Status PartitionWorker::Setup(Clock::time_point deadline) {
  if (client_ == nullptr) {
    auto conn = RedisConnection::Connect(config_.redis);
    if (!conn.ok()) return conn.status();
    owned_client_ = std::move(*conn);
    client_ = owned_client_.get();
  }
  auto created =
      client_->Command({"XGROUP", "CREATE", keys_.Stream(), config_.group, "0", "MKSTREAM"});
  if (!created.ok() &&
      std::string(created.status().message()).find("BUSYGROUP") == std::string::npos) {
    return created.status();
  }
  if (auto s = ApplyBatchScript().Load(*client_); !s.ok()) return s;
  // Before the lease: a process that must not write the namespace leaves the
  // partition to one that may.
  if (auto s = ResolveNamespace(); !s.ok()) return s;
  if (auto s = AcquireLease(deadline); !s.ok()) return s;
  if (auto s = ClaimOthersPending(); !s.ok()) return s;
  pending_phase_ = true;
  if (metrics_) metrics_->owned(partition_).Set(1);
  return absl::OkStatus();
}

absl::Status PartitionWorker::ResolveNamespace() {
  auto pointer = client_->Command({"GET", keys_.NamespacePointer()});
  if (!pointer.ok()) return pointer.status();
  std::string ns = config_.ns;
  if (!pointer->is_nil()) {
    auto name = pointer->AsString();
    if (!name.ok()) return name.status();
    ns = std::string(*name);
  }
  auto stamp = client_->Command({"GET", keys_.CatalogueVersion(ns)});
  if (!stamp.ok()) return stamp.status();
  catalogue_mismatch_ = false;
  if (!stamp->is_nil()) {
    auto v = stamp->AsString();
    if (!v.ok()) return v.status();
    if (StampFingerprint(*v) != SeriesFingerprint(*catalogue_)) {
      catalogue_mismatch_ = true;
      if (metrics_) metrics_->catalogue_mismatch(partition_).Set(1);
      return absl::FailedPreconditionError(
          "namespace " + ns + " was built with catalogue " + std::string(StampVersion(*v)) +
          " whose series definitions differ from those of " + catalogue_->version() +
          " loaded here: not applying; restart ingest with that catalogue (docs/operations.md, "
          "\"Changing the catalogue\")");
    }
  }
  if (metrics_) metrics_->catalogue_mismatch(partition_).Set(0);
  ns_ = std::move(ns);
  return absl::OkStatus();
}

absl::Status PartitionWorker::AcquireLease(Clock::time_point deadline) {
  auto backoff = std::chrono::milliseconds(20);
  while (true) {
    auto r = client_->Command(
        {"SET", keys_.Lease(), config_.consumer, "NX", "PX", std::to_string(config_.lease_ttl_ms)});
    if (!r.ok()) return r.status();
    if (r->is_status()) return absl::OkStatus();
    // Held: by us (a restart under the same name) or by another worker.
    auto renewed = RenewLeaseScript().Eval(
        *client_, {keys_.Lease()}, {config_.consumer, std::to_string(config_.lease_ttl_ms)});
    if (!renewed.ok()) return renewed.status();
    if (renewed->is_integer() && renewed->integer() == 1) return absl::OkStatus();
    if (Clock::now() + backoff > deadline) {
      return absl::DeadlineExceededError("partition " + std::to_string(partition_) +
                                         " is leased by another worker");
    }
    std::this_thread::sleep_for(backoff);  // waiting for another process's lease to expire
    backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
  }
}

absl::Status PartitionWorker::ClaimOthersPending() {
  // Entries delivered to a consumer under another name (renamed or retired)
  // would otherwise never be applied. XAUTOCLAIM drops entries deleted from
  // the stream meanwhile from the pending list itself.
  std::string cursor = "0-0";
  do {
    auto r = client_->Command({"XAUTOCLAIM", keys_.Stream(), config_.group, config_.consumer, "0",
                               cursor, "COUNT", "1000", "JUSTID"});
    if (!r.ok()) return r.status();
    if (!r->is_array() || r->size() < 2) return absl::InternalError("unexpected XAUTOCLAIM reply");
    cursor = std::string((*r)[0].str());
  } while (cursor != "0-0");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StreamEntry>> PartitionWorker::Read(const std::string& from,
                                                               int block_ms) {
  std::vector<std::string> cmd = {"XREADGROUP",     "GROUP", config_.group,
                                  config_.consumer, "COUNT", std::to_string(config_.batch_size)};
  if (block_ms > 0) {
    cmd.push_back("BLOCK");
    cmd.push_back(std::to_string(block_ms));
  }
  cmd.insert(cmd.end(), {"STREAMS", keys_.Stream(), from});
  auto r = client_->Command(cmd);
  if (!r.ok()) return r.status();
  if (r->is_nil()) return std::vector<StreamEntry>{};  // timed out
  // [[stream, [[id, [field, value, ...] | nil], ...]]]
  return ParseStreamEntries((*r)[0][1]);
}

absl::StatusOr<BatchStats> PartitionWorker::Commit(const std::vector<StreamEntry>& entries) {
  BatchStats stats;
  stats.entries = static_cast<int64_t>(entries.size());
  const DecodedBatch batch = DecodeEntries(entries, partition_, config_.queue.partitions);
  std::vector<const v1::CaseEvent*> ptrs;
  ptrs.reserve(batch.events.size());
  for (const auto& e : batch.events) ptrs.push_back(&e);

  // A rebuild may switch the partition to another namespace between our
  // state reads and the script; the script then refuses and the batch is
  // recomputed against the new namespace, whose watermark makes the entries
  // the rebuild already applied a no-op. Each retry follows a completed
  // switch, so more than a few in a row means something is flapping the
  // pointer.
  constexpr int kMaxNamespaceMoves = 3;
  ApplyOutcome outcome = ApplyOutcome::kApplied;
  int64_t dead_written = 0;
  for (int attempt = 0;; ++attempt) {
    RedisStateSource source(*client_, keys_, ns_);
    auto effect = ApplyBatch(*catalogue_, ctx_, source, ptrs);
    if (!effect.ok()) return effect.status();
    ScriptCall call(
        keys_, ns_, config_.consumer, config_.lease_ttl_ms, config_.group,
        NamespaceGuard{NamespaceGuard::Role::kCurrent, config_.ns, CatalogueStamp(*catalogue_)});
    call.Build(*catalogue_, *effect, batch.dead, batch.ack_ids, entries.back().id);
    auto r = ApplyBatchScript().Eval(*client_, call.keys(), call.args());
    if (!r.ok()) return r.status();
    auto o = ApplyResultOf(*r);
    if (!o.ok()) return o.status();
    outcome = o->outcome;
    dead_written = o->dead_letters_written;
    if (outcome == ApplyOutcome::kCatalogueMismatch) {
      // Recorded between our resolve and the script: report it the same way.
      if (auto s = ResolveNamespace(); !s.ok()) return s;
      return absl::FailedPreconditionError("namespace " + ns_ +
                                           " was built with other series definitions");
    }
    if (outcome != ApplyOutcome::kNamespaceMoved) break;
    if (attempt == kMaxNamespaceMoves) {
      return absl::AbortedError("the namespace pointer moved " +
                                std::to_string(kMaxNamespaceMoves + 1) + " times during a batch");
    }
    const std::string from = ns_;
    if (auto s = ResolveNamespace(); !s.ok()) return s;
    std::cerr << "ingest: partition " << partition_ << ": namespace switched from " << from
              << " to " << ns_ << "; recomputing the batch\n";
    ++stats.namespace_moves;
  }
  stats.replayed = outcome == ApplyOutcome::kReplayed;
  if (!stats.replayed) stats.applied = static_cast<int64_t>(batch.events.size());
  // Counted from what the script wrote: a replayed batch can still write
  // dead letters (after a switch to a namespace ahead of the group), and a
  // replay of a committed batch writes none again.
  stats.rejected = dead_written;
  if (metrics_) {
    if (stats.replayed) {
      metrics_->replayed(partition_).Increment();
    } else {
      metrics_->applied(partition_).Increment(static_cast<double>(stats.applied));
    }
    if (dead_written == static_cast<int64_t>(batch.dead.size())) {
      for (const DeadLetter& d : batch.dead) metrics_->rejected(d.code).Increment();
    } else if (dead_written > 0) {
      // Some were written by an earlier call: count the newest, which are
      // the ones above the dead-letter watermark (entries are in id order).
      for (size_t i = batch.dead.size() - static_cast<size_t>(dead_written); i < batch.dead.size();
           ++i) {
        metrics_->rejected(batch.dead[i].code).Increment();
      }
    }
    metrics_->last_batch(partition_).Set(NowSeconds());
  }
  return stats;
}

absl::StatusOr<BatchStats> PartitionWorker::ProcessBatch(int block_ms) {
  const auto start = Clock::now();
  auto entries = Read(pending_phase_ ? "0" : ">", pending_phase_ ? 0 : block_ms);
  if (!entries.ok()) return entries.status();
  if (entries->empty()) {
    if (pending_phase_) {
      pending_phase_ = false;  // own pending entries recovered; now new ones
    }
    UpdateLag();
    return BatchStats{};
  }
  auto stats = Commit(*entries);
  if (stats.ok() && metrics_) {
    metrics_->batch_seconds().Observe(std::chrono::duration<double>(Clock::now() - start).count());
  }
  UpdateLag();
  return stats;
}

absl::StatusOr<BatchStats> PartitionWorker::Drain() {
  BatchStats total;
  while (true) {
    const bool was_pending = pending_phase_;
    auto s = ProcessBatch(0);
    if (!s.ok()) return s.status();
    total.entries += s->entries;
    total.applied += s->applied;
    total.rejected += s->rejected;
    total.replayed = total.replayed || s->replayed;
    total.namespace_moves += s->namespace_moves;
    if (s->entries == 0 && !was_pending) return total;
  }
}

void PartitionWorker::UpdateLag() {
  if (metrics_ == nullptr) return;
  const auto now = Clock::now();
  if (now - last_lag_update_ < std::chrono::seconds(1)) return;
  last_lag_update_ = now;
  auto r = client_->Command({"XINFO", "GROUPS", keys_.Stream()});
  if (!r.ok() || !r->is_array()) return;
  for (size_t g = 0; g < r->size(); ++g) {
    const RedisReplyView info = (*r)[g];
    bool ours = false;
    double lag = 0;
    for (size_t f = 0; f + 1 < info.size(); f += 2) {
      const std::string_view name = info[f].str();
      if (name == "name") ours = info[f + 1].str() == config_.group;
      if (name == "lag" && info[f + 1].is_integer())
        lag = static_cast<double>(info[f + 1].integer());
    }
    if (ours) metrics_->lag(partition_).Set(lag);
  }
}

void PartitionWorker::StandDown(const absl::Status& why, bool& reported) {
  // Leave the partition to a process that may write its namespace: release
  // the lease rather than let it expire, and say why once.
  if (client_ != nullptr) {
    (void)ReleaseLeaseScript().Eval(*client_, {keys_.Lease()}, {config_.consumer});
  }
  if (metrics_) metrics_->owned(partition_).Set(0);
  if (!reported) {
    std::cerr << "ingest: partition " << partition_ << ": " << why.message() << "\n";
    reported = true;
  }
}

void PartitionWorker::Run(const std::atomic<bool>& stop) {
  bool ready = false;
  bool mismatch_reported = false;
  auto backoff = std::chrono::milliseconds(50);
  while (!stop.load()) {
    if (!ready) {
      auto s = Setup(Clock::now() + std::chrono::milliseconds(config_.block_ms));
      if (!s.ok()) {
        if (catalogue_mismatch_) {
          StandDown(s, mismatch_reported);
          std::this_thread::sleep_for(backoff);  // until restarted or the pointer moves back
          backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
        } else if (!absl::IsDeadlineExceeded(s)) {
          std::cerr << "ingest: partition " << partition_ << ": setup: " << s << "\n";
          if (metrics_) metrics_->redis_errors().Increment();
          std::this_thread::sleep_for(backoff);  // Redis unreachable: back off before retrying
          backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
        }
        continue;
      }
      if (mismatch_reported) {
        std::cerr << "ingest: partition " << partition_ << ": namespace " << ns_
                  << " matches the catalogue again; applying\n";
        mismatch_reported = false;
      }
      ready = true;
      backoff = std::chrono::milliseconds(50);
    }
    auto s = ProcessBatch(config_.block_ms);
    if (!s.ok()) {
      ready = false;  // reconnect, re-take the lease, re-read pending entries
      if (catalogue_mismatch_) {
        StandDown(s.status(), mismatch_reported);
        continue;
      }
      std::cerr << "ingest: partition " << partition_ << ": " << s.status() << "\n";
      if (metrics_) {
        metrics_->redis_errors().Increment();
        metrics_->owned(partition_).Set(0);
      }
      owned_client_.reset();
      client_ = injected_client_;
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
      continue;
    }
    if (s->entries == 0) {
      auto renewed = RenewLeaseScript().Eval(
          *client_, {keys_.Lease()}, {config_.consumer, std::to_string(config_.lease_ttl_ms)});
      if (!renewed.ok() || !renewed->is_integer() || renewed->integer() != 1) ready = false;
      // Idle: follow a switch now, so a catalogue mismatch is reported
      // before the next event arrives.
      if (ready) {
        if (auto r = ResolveNamespace(); !r.ok()) {
          ready = false;
          if (catalogue_mismatch_) StandDown(r, mismatch_reported);
        }
      }
    }
  }
  if (metrics_) metrics_->owned(partition_).Set(0);
}

}  // namespace scorecard
