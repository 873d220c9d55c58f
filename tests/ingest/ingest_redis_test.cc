// The ingest service against a real redis-server: exactly-once effect,
// dead letters with reasons, recovery after a crash at each point of a batch,
// and Redis state equal to the batch recomputation.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "engine/recompute.h"
#include "events/partitioning.h"
#include "ingest/apply_script.h"
#include "ingest/partition_worker.h"
#include "ingest/redis_state_source.h"
#include "queue/publisher.h"
#include "redis/fault_injecting_redis_client.h"
#include "redis/redis_connection.h"
#include "support/redis_server.h"

namespace scorecard {
namespace {

class IngestRedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto conn = RedisConnection::Connect(server_->options());
    ASSERT_TRUE(conn.ok()) << conn.status();
    redis_ = std::move(*conn);
    registry_.emplace();
    RegisterBuiltinMeasures(*registry_);
    auto cat =
        Catalogue::LoadFile(std::string(SCORECARD_SOURCE_DIR) + "/data/catalogue.yaml", *registry_);
    ASSERT_TRUE(cat.ok()) << cat.status();
    catalogue_ = *cat;
    auto cal = WorkingDayCalendar::LoadFile(std::string(SCORECARD_SOURCE_DIR) +
                                            "/data/calendar/england-and-wales-bank-holidays.csv");
    ASSERT_TRUE(cal.ok());
    calendar_.emplace(*cal);
    config_.redis = server_->options();
    config_.queue.partitions = 4;
    config_.batch_size = 7;  // small batches: many script calls per test
  }

  MeasureContext Ctx() const { return MeasureContext{&*calendar_}; }

  void Publish(const std::vector<v1::CaseEvent>& events) {
    Publisher pub(*redis_, config_.queue);
    auto out = pub.Publish(events);
    ASSERT_TRUE(out.ok()) << out.status();
    for (const auto& o : *out) ASSERT_TRUE(o.accepted) << o.code << " " << o.reason;
  }

  std::unique_ptr<PartitionWorker> Worker(const std::string& la, RedisClient* client = nullptr) {
    auto w = std::make_unique<PartitionWorker>(config_, PartitionOf(la, config_.queue.partitions),
                                               catalogue_, Ctx(), nullptr, client);
    auto s = w->Setup(std::chrono::steady_clock::now() + std::chrono::seconds(5));
    EXPECT_TRUE(s.ok()) << s;
    return w;
  }

  // Every aggregate hash of the council in Redis, as (series key, team) ->
  // fields, for comparison with the oracle.
  std::map<std::pair<std::string, std::string>, std::map<std::string, int64_t>> RedisAggregates(
      const std::string& la) {
    std::map<std::pair<std::string, std::string>, std::map<std::string, int64_t>> out;
    const PartitionKeys pk(config_.queue.prefix, PartitionOf(la, config_.queue.partitions));
    for (const SeriesDef& s : catalogue_->series()) {
      for (const std::string team : {"*", "T1", "T2"}) {
        auto r = redis_->Command({"HGETALL", pk.Aggregate(config_.ns, la, s.key, team)});
        EXPECT_TRUE(r.ok());
        for (size_t i = 0; i + 1 < r->size(); i += 2) {
          out[{s.key, team}][std::string((*r)[i].str())] =
              std::stoll(std::string((*r)[i + 1].str()));
        }
      }
    }
    return out;
  }

  std::map<std::pair<std::string, std::string>, std::map<std::string, int64_t>> OracleAggregates(
      const std::vector<v1::CaseEvent>& events, const std::string& la) {
    std::map<std::pair<std::string, std::string>, std::map<std::string, int64_t>> out;
    const Recomputed r = Recompute(*catalogue_, Ctx(), events);
    for (const auto& [hk, fields] : r.aggregates.ToHashes()) {
      const auto& [l, series, team] = hk;
      if (l == la) out[{catalogue_->series()[series].key, team}] = fields;
    }
    return out;
  }

  std::unique_ptr<RedisServer> server_;
  std::unique_ptr<RedisConnection> redis_;
  std::optional<MeasureRegistry> registry_;
  std::shared_ptr<const Catalogue> catalogue_;
  std::optional<WorkingDayCalendar> calendar_;
  IngestConfig config_;
};

v1::CaseEvent Referral(const std::string& id, const std::string& child, const std::string& date,
                       int64_t version = 1, const std::string& team = "T1") {
  v1::CaseEvent e;
  e.set_event_id("ev-" + id + "-" + std::to_string(version));
  e.set_la_code("201");
  e.set_child_id(child);
  e.set_team_id(team);
  e.set_record_id(id);
  e.set_record_version(version);
  e.set_op(v1::OP_UPSERT);
  e.mutable_referral()->set_date(date);
  return e;
}

v1::CaseEvent CpPlan(const std::string& id, const std::string& child, const std::string& start,
                     const std::string& end, int64_t version = 1) {
  v1::CaseEvent e;
  e.set_event_id("ev-" + id + "-" + std::to_string(version));
  e.set_la_code("201");
  e.set_child_id(child);
  e.set_team_id(version % 2 == 0 ? "T2" : "T1");
  e.set_record_id(id);
  e.set_record_version(version);
  e.set_op(v1::OP_UPSERT);
  e.mutable_cp_plan()->set_start_date(start);
  e.mutable_cp_plan()->set_end_date(end);
  return e;
}

// A history with corrections, a move to another child, a delete and a
// revival, resent in a shuffled order with duplicates.
std::vector<v1::CaseEvent> History(uint64_t seed) {
  std::vector<v1::CaseEvent> events;
  for (int i = 0; i < 40; ++i) {
    const std::string child = "C" + std::to_string(i % 9);
    events.push_back(Referral("ref" + std::to_string(i), child,
                              FormatIsoDate(DayFromCivil(2023, 1, 1) + i * 17)));
    if (i % 3 == 0) {
      const Day start = DayFromCivil(2023, 2, 1) + i * 11;
      events.push_back(CpPlan("cp" + std::to_string(i), child, FormatIsoDate(start),
                              i % 2 ? FormatIsoDate(start + 100 + i) : ""));
      // Correction: a new end date, another team.
      events.push_back(CpPlan("cp" + std::to_string(i), child, FormatIsoDate(start),
                              FormatIsoDate(start + 200), 2));
    }
  }
  events.push_back(Referral("ref5", "C7", "2023-03-03", 2));  // moved to another child
  v1::CaseEvent del = Referral("ref6", "C6", "2023-04-01", 2);
  del.set_op(v1::OP_DELETE);
  events.push_back(del);
  events.push_back(Referral("ref6", "C6", "2023-04-02", 3));  // revived
  v1::CaseEvent gone = Referral("ref8", "C8", "2023-05-01", 5);
  gone.set_op(v1::OP_DELETE);
  events.push_back(gone);
  std::mt19937_64 rng(seed);
  const size_t n = events.size();
  for (size_t i = 0; i < n; i += 3) events.push_back(events[i]);
  std::shuffle(events.begin(), events.end(), rng);
  return events;
}

TEST_F(IngestRedisTest, RedisStateEqualsBatchRecomputation) {
  const auto events = History(42);
  Publish(events);
  auto worker = Worker("201");
  auto stats = worker->Drain();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->entries, static_cast<int64_t>(events.size()));
  EXPECT_EQ(stats->rejected, 0);
  const auto oracle = OracleAggregates(events, "201");
  ASSERT_FALSE(oracle.empty());
  EXPECT_EQ(RedisAggregates("201"), oracle);
  // Nothing left pending.
  auto pending = redis_->Command({"XPENDING", worker->keys().Stream(), config_.group});
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ((*pending)[0].integer(), 0);
}

TEST_F(IngestRedisTest, ApplyingTheSameBatchTwiceHasExactlyOnceEffect) {
  const std::vector<v1::CaseEvent> events = {Referral("r1", "C1", "2024-01-10"),
                                             Referral("r2", "C1", "2024-02-01"),
                                             CpPlan("p1", "C1", "2024-01-15", "")};
  const PartitionKeys pk(config_.queue.prefix, PartitionOf("201", config_.queue.partitions));
  ASSERT_TRUE(redis_->Command({"SET", pk.Lease(), config_.consumer}).ok());
  ASSERT_TRUE(ApplyBatchScript().Load(*redis_).ok());
  std::vector<const v1::CaseEvent*> ptrs;
  for (const auto& e : events) ptrs.push_back(&e);
  RedisStateSource source(*redis_, pk, config_.ns);
  auto effect = ApplyBatch(*catalogue_, Ctx(), source, ptrs);
  ASSERT_TRUE(effect.ok());
  ScriptCall call(pk, config_.ns, config_.consumer, config_.lease_ttl_ms, config_.group);
  call.Build(*catalogue_, *effect, {}, {"1-1", "1-2", "1-3"}, "1-3");

  auto first = ApplyBatchScript().Eval(*redis_, call.keys(), call.args());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(ApplyResultOf(*first)->outcome, ApplyOutcome::kApplied);
  const auto after_first = RedisAggregates("201");
  // The same batch again (a retried call whose reply was lost): no effect.
  auto second = ApplyBatchScript().Eval(*redis_, call.keys(), call.args());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(ApplyResultOf(*second)->outcome, ApplyOutcome::kReplayed);
  EXPECT_EQ(RedisAggregates("201"), after_first);
  EXPECT_EQ(after_first, OracleAggregates(events, "201"));
  // Hand check: referrals series council-wide has 2 in the 2024 year bucket.
  const std::string referrals_key =
      catalogue_
          ->series()[static_cast<size_t>(catalogue_->FindIndicator("referrals")->value_series)]
          .key;
  EXPECT_EQ(after_first.at({referrals_key, "*"}).at("y2024"), 2);
}

TEST_F(IngestRedisTest, ALeaseHeldByAnotherWorkerFencesTheScript) {
  const PartitionKeys pk(config_.queue.prefix, PartitionOf("201", config_.queue.partitions));
  ASSERT_TRUE(redis_->Command({"SET", pk.Lease(), "someone-else"}).ok());
  ScriptCall call(pk, config_.ns, config_.consumer, config_.lease_ttl_ms, config_.group);
  call.Build(*catalogue_, BatchEffect{}, {}, {"1-1"}, "1-1");
  auto r = ApplyBatchScript().Eval(*redis_, call.keys(), call.args());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  auto wm = redis_->Command({"GET", pk.Watermark(config_.ns)});
  EXPECT_TRUE(wm->is_nil());
}

TEST_F(IngestRedisTest, InvalidEntriesGoToTheDeadLetterStreamWithTheirReason) {
  const PartitionKeys pk(config_.queue.prefix, PartitionOf("201", config_.queue.partitions));
  v1::CaseEvent bad_date = Referral("r1", "C1", "2024-02-30");
  v1::CaseEvent no_child = Referral("r2", "", "2024-02-01");
  v1::CaseEvent good = Referral("r3", "C1", "2024-02-01");
  for (const auto& e : {bad_date, no_child, good}) {
    ASSERT_TRUE(
        redis_->Command({"XADD", pk.Stream(), "*", kEventField, e.SerializeAsString()}).ok());
  }
  ASSERT_TRUE(redis_->Command({"XADD", pk.Stream(), "*", kEventField, "\xff\xfe not proto"}).ok());
  ASSERT_TRUE(redis_->Command({"XADD", pk.Stream(), "*", "other", "x"}).ok());

  auto worker = Worker("201");
  auto stats = worker->Drain();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->applied, 1);
  EXPECT_EQ(stats->rejected, 4);
  auto dead = redis_->Command({"XRANGE", pk.DeadLetters(), "-", "+"});
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 4u);
  std::vector<std::pair<std::string, std::string>> reasons;  // (code, field)
  for (size_t i = 0; i < dead->size(); ++i) {
    const auto fields = (*dead)[i][1];
    std::map<std::string, std::string> m;
    for (size_t f = 0; f + 1 < fields.size(); f += 2) {
      m[std::string(fields[f].str())] = std::string(fields[f + 1].str());
    }
    EXPECT_FALSE(m["stream_id"].empty());
    EXPECT_FALSE(m["message"].empty());
    reasons.emplace_back(m["code"], m["field"]);
  }
  EXPECT_EQ(reasons[0], (std::pair<std::string, std::string>{"invalid_date", "referral.date"}));
  EXPECT_EQ(reasons[1], (std::pair<std::string, std::string>{"missing_field", "child_id"}));
  EXPECT_EQ(reasons[2].first, "undecodable");
  EXPECT_EQ(reasons[3].first, "undecodable");
  auto pending = redis_->Command({"XPENDING", pk.Stream(), config_.group});
  EXPECT_EQ((*pending)[0].integer(), 0);
}

// A crash before the script ran (reply never sent) and a crash after it ran
// (reply lost) both end, after a restart under the same consumer name, in
// the state of the batch recomputation: nothing lost, nothing twice.
TEST_F(IngestRedisTest, RecoversFromAFailureBeforeOrAfterTheCommit) {
  const auto events = History(7);
  Publish(events);
  for (FaultPoint point : {FaultPoint::kBeforeForwarding, FaultPoint::kAfterForwarding}) {
    auto conn = RedisConnection::Connect(server_->options());
    ASSERT_TRUE(conn.ok());
    FaultInjectingRedisClient faulty(conn->get());
    auto worker = Worker("201", &faulty);
    // Finish the pending phase (entries left by the previous round), then a
    // batch of new entries makes four calls: read, directory load, subject
    // load, apply script. Fail the script call.
    while (true) {
      auto r = worker->ProcessBatch(0);
      ASSERT_TRUE(r.ok()) << r.status();
      if (r->entries == 0) break;
    }
    faulty.FailNthCall(4, point);
    auto failed = worker->ProcessBatch(0);
    ASSERT_EQ(failed.status().code(), absl::StatusCode::kUnavailable) << failed.status();
    EXPECT_EQ(faulty.injected_failures(), 1u);
  }
  // "Restart": a fresh worker under the same consumer name drains everything.
  auto worker = Worker("201");
  auto stats = worker->Drain();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(RedisAggregates("201"), OracleAggregates(events, "201"));
}

}  // namespace
}  // namespace scorecard
