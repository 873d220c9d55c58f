// Rebuild into a fresh namespace and the atomic switch, against a real
// redis-server: the rebuilt namespace equals the batch recomputation and the
// live namespace; a changed catalogue parameter recomputes history; events
// published during the rebuild and applied by a live ingest worker are
// neither lost nor counted twice; queries answer from the old namespace
// until the switch; a killed rebuild rerun converges.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>

#include "absl/strings/str_replace.h"
#include "engine/recompute.h"
#include "engine/scorecard.h"
#include "events/catalogue_stamp.h"
#include "events/partitioning.h"
#include "ingest/partition_worker.h"
#include "ingest/rebuilder.h"
#include "query/redis_pool.h"
#include "query/scorecard_queries.h"
#include "queue/publisher.h"
#include "redis/redis_connection.h"
#include "support/redis_server.h"

namespace scorecard {
namespace {

constexpr int kPartitions = 4;
const std::string kSource = SCORECARD_SOURCE_DIR;

// Every key of namespace `ns` in partition `pk`, with the namespace taken
// out of the key and the value rendered by type: two namespaces are equal
// when these maps are.
using NamespaceDump = std::map<std::string, std::string>;

class RebuildRedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto conn = RedisConnection::Connect(server_->options());
    ASSERT_TRUE(conn.ok()) << conn.status();
    redis_ = std::move(*conn);
    RegisterBuiltinMeasures(registry_);
    std::ifstream in(kSource + "/data/catalogue.yaml");
    catalogue_text_.assign(std::istreambuf_iterator<char>(in), {});
    auto cat = Catalogue::Parse(catalogue_text_, "catalogue.yaml", registry_);
    ASSERT_TRUE(cat.ok()) << cat.status();
    catalogue_ = *cat;
    auto cal = WorkingDayCalendar::LoadFile(kSource +
                                            "/data/calendar/england-and-wales-bank-holidays.csv");
    ASSERT_TRUE(cal.ok());
    calendar_.emplace(*cal);
    config_.redis = server_->options();
    config_.queue.partitions = kPartitions;
    config_.batch_size = 7;  // small batches: many script calls
    rebuild_.queue = config_.queue;
    rebuild_.target = "r1";
    rebuild_.token = "rebuild-test";
    rebuild_.batch_size = 5;
  }

  MeasureContext Ctx() const { return MeasureContext{&*calendar_}; }

  // The shipped catalogue with assessments_45wd's limit changed from 45 to
  // 20 working days (assessments_overdue keeps 45).
  std::shared_ptr<const Catalogue> Catalogue20() {
    const std::string from =
        "numerator: {measure: assessments_within, params: {anchor: referral, "
        "limit: 45}}";
    EXPECT_NE(catalogue_text_.find(from), std::string::npos);
    const std::string text = absl::StrReplaceAll(
        catalogue_text_,
        {{from,
          "numerator: {measure: assessments_within, params: {anchor: referral, limit: "
          "20}}"}});
    auto cat = Catalogue::Parse(text, "catalogue-20.yaml", registry_);
    EXPECT_TRUE(cat.ok()) << cat.status();
    return *cat;
  }

  void Publish(const std::vector<v1::CaseEvent>& events) {
    Publisher pub(*redis_, config_.queue);
    auto out = pub.Publish(events);
    ASSERT_TRUE(out.ok()) << out.status();
    for (const auto& o : *out) ASSERT_TRUE(o.accepted) << o.code << " " << o.reason;
  }

  // An entry the publisher would refuse, put on the stream directly (as a
  // producer bypassing validation would): the ingest dead-letters it.
  void PublishInvalid(const std::string& la, const std::string& tag) {
    v1::CaseEvent bad;
    bad.set_event_id("bad-" + tag);
    bad.set_la_code(la);
    bad.set_child_id("C1");
    bad.set_record_id("bad" + tag);
    bad.set_record_version(1);
    bad.set_op(v1::OP_UPSERT);
    bad.mutable_referral()->set_date("2024-02-30");
    const PartitionKeys pk("ssc", PartitionOf(la, kPartitions));
    ASSERT_TRUE(
        redis_->Command({"XADD", pk.Stream(), "*", kEventField, bad.SerializeAsString()}).ok());
  }

  std::unique_ptr<PartitionWorker> Worker(const std::string& la,
                                          std::shared_ptr<const Catalogue> catalogue = nullptr) {
    auto w = std::make_unique<PartitionWorker>(config_, PartitionOf(la, kPartitions),
                                               catalogue ? catalogue : catalogue_, Ctx(), nullptr);
    auto s = w->Setup(std::chrono::steady_clock::now() + std::chrono::seconds(5));
    EXPECT_TRUE(s.ok()) << s;
    return w;
  }

  std::string Get(const std::string& key) {
    auto r = redis_->Command({"GET", key});
    EXPECT_TRUE(r.ok()) << r.status();
    return r->is_nil() ? "<nil>" : std::string(r->str());
  }

  NamespaceDump Dump(int partition, const std::string& ns) {
    const PartitionKeys pk("ssc", partition);
    const std::string prefix = pk.tag() + ":" + ns + ":";
    NamespaceDump out;
    std::string cursor = "0";
    do {
      auto r = redis_->Command({"SCAN", cursor, "MATCH", pk.NamespacePattern(ns), "COUNT", "1000"});
      EXPECT_TRUE(r.ok()) << r.status();
      cursor = std::string((*r)[0].str());
      for (size_t i = 0; i < (*r)[1].size(); ++i) {
        const std::string key((*r)[1][i].str());
        auto type = redis_->Command({"TYPE", key});
        std::string value;
        if (type->str() == "string") {
          value = Get(key);
        } else {
          const bool hash = type->str() == "hash";
          auto all = redis_->Command({hash ? "HGETALL" : "SMEMBERS", key});
          std::vector<std::string> items;
          for (size_t j = 0; j < all->size(); j += hash ? 2 : 1) {
            items.push_back(std::string((*all)[j].str()) +
                            (hash ? "=" + std::string((*all)[j + 1].str()) : ""));
          }
          std::sort(items.begin(), items.end());
          for (const auto& item : items) value += item + ";";
        }
        out[key.substr(prefix.size())] = value;
      }
    } while (cursor != "0");
    return out;
  }

  // The council's aggregate hashes in namespace `ns`, keyed by hash key
  // without the namespace, for comparison with the oracle.
  std::map<std::string, std::map<std::string, int64_t>> Aggregates(const std::string& la,
                                                                   const std::string& ns,
                                                                   const Catalogue& catalogue) {
    std::map<std::string, std::map<std::string, int64_t>> out;
    const PartitionKeys pk("ssc", PartitionOf(la, kPartitions));
    for (const SeriesDef& s : catalogue.series()) {
      for (const std::string team : {"*", "T1", "T2"}) {
        auto r = redis_->Command({"HGETALL", pk.Aggregate(ns, la, s.key, team)});
        EXPECT_TRUE(r.ok());
        for (size_t i = 0; i + 1 < r->size(); i += 2) {
          out[s.key + "/" + team][std::string((*r)[i].str())] =
              std::stoll(std::string((*r)[i + 1].str()));
        }
      }
    }
    return out;
  }

  std::map<std::string, std::map<std::string, int64_t>> Oracle(
      const std::vector<v1::CaseEvent>& events, const std::string& la, const Catalogue& catalogue) {
    std::map<std::string, std::map<std::string, int64_t>> out;
    const Recomputed r = Recompute(catalogue, Ctx(), events);
    for (const auto& [hk, fields] : r.aggregates.ToHashes()) {
      const auto& [l, series, team] = hk;
      if (l == la) out[catalogue.series()[series].key + "/" + team] = fields;
    }
    return out;
  }

  int64_t DeadLetters(const std::string& la) {
    auto r =
        redis_->Command({"XLEN", PartitionKeys("ssc", PartitionOf(la, kPartitions)).DeadLetters()});
    EXPECT_TRUE(r.ok());
    return r->integer();
  }

  std::unique_ptr<RedisServer> server_;
  std::unique_ptr<RedisConnection> redis_;
  MeasureRegistry registry_;
  std::string catalogue_text_;
  std::shared_ptr<const Catalogue> catalogue_;
  std::optional<WorkingDayCalendar> calendar_;
  IngestConfig config_;
  RebuildConfig rebuild_;
};

// ---------------------------------------------------------------- events

v1::CaseEvent Base(const std::string& la, const std::string& kind_id, const std::string& child,
                   int64_t version, const std::string& team) {
  v1::CaseEvent e;
  e.set_event_id(la + "-" + kind_id + "-" + std::to_string(version));
  e.set_la_code(la);
  e.set_child_id(child);
  e.set_team_id(team);
  e.set_record_id(kind_id);
  e.set_record_version(version);
  e.set_op(v1::OP_UPSERT);
  return e;
}

v1::CaseEvent Referral(const std::string& la, const std::string& id, const std::string& child,
                       const std::string& date, int64_t version = 1,
                       const std::string& team = "T1") {
  v1::CaseEvent e = Base(la, id, child, version, team);
  e.mutable_referral()->set_date(date);
  return e;
}

v1::CaseEvent CpPlan(const std::string& la, const std::string& id, const std::string& child,
                     const std::string& start, const std::string& end, int64_t version = 1) {
  v1::CaseEvent e = Base(la, id, child, version, version % 2 == 0 ? "T2" : "T1");
  e.mutable_cp_plan()->set_start_date(start);
  e.mutable_cp_plan()->set_end_date(end);
  return e;
}

v1::CaseEvent Assessment(const std::string& la, const std::string& id, const std::string& child,
                         const std::string& referral, const std::string& start,
                         const std::string& authorised) {
  v1::CaseEvent e = Base(la, id, child, 1, "T1");
  e.mutable_assessment()->set_referral_id(referral);
  e.mutable_assessment()->set_start_date(start);
  e.mutable_assessment()->set_authorised_date(authorised);
  return e;
}

// A council's history with corrections, a move to another child, a delete
// and a revival, resent in a shuffled order with duplicates.
std::vector<v1::CaseEvent> History(const std::string& la, uint64_t seed, int n = 40) {
  std::vector<v1::CaseEvent> events;
  for (int i = 0; i < n; ++i) {
    const std::string child = "C" + std::to_string(i % 9);
    const std::string ref = "ref" + std::to_string(i);
    events.push_back(Referral(la, ref, child, FormatIsoDate(DayFromCivil(2023, 1, 1) + i * 17)));
    if (i % 3 == 0) {
      const Day start = DayFromCivil(2023, 2, 1) + i * 11;
      const std::string cp = "cp" + std::to_string(i);
      events.push_back(
          CpPlan(la, cp, child, FormatIsoDate(start), i % 2 ? FormatIsoDate(start + 100 + i) : ""));
      events.push_back(CpPlan(la, cp, child, FormatIsoDate(start), FormatIsoDate(start + 200), 2));
    }
    if (i % 4 == 1) {
      const Day start = DayFromCivil(2023, 1, 1) + i * 17 + 2;
      events.push_back(Assessment(la, "as" + std::to_string(i), child, ref, FormatIsoDate(start),
                                  FormatIsoDate(start + 10 + i * 2)));
    }
  }
  events.push_back(Referral(la, "ref5", "C7", "2023-03-03", 2));  // moved to another child
  v1::CaseEvent del = Referral(la, "ref6", "C6", "2023-04-01", 2);
  del.set_op(v1::OP_DELETE);
  events.push_back(del);
  events.push_back(Referral(la, "ref6", "C6", "2023-04-02", 3));  // revived
  std::mt19937_64 rng(seed);
  const size_t size = events.size();
  for (size_t i = 0; i < size; i += 3) events.push_back(events[i]);
  std::shuffle(events.begin(), events.end(), rng);
  return events;
}

std::vector<v1::CaseEvent> Concat(std::initializer_list<std::vector<v1::CaseEvent>> parts) {
  std::vector<v1::CaseEvent> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Councils "201" and "202" must sit in different partitions for the
// multi-partition tests to mean anything.
TEST(RebuildPartitions, TheTwoTestCouncilsAreInDifferentPartitions) {
  EXPECT_NE(PartitionOf("201", kPartitions), PartitionOf("202", kPartitions));
}

// (a) A rebuild of a populated stream equals the batch recomputation and is
// key-for-key, byte-for-byte the namespace the live ingest built; the
// invalid entries are not dead-lettered a second time.
TEST_F(RebuildRedisTest, RebuildEqualsTheRecomputationAndTheLiveNamespace) {
  const auto a = History("201", 42);
  const auto b = History("202", 43);
  Publish(a);
  PublishInvalid("201", "1");
  Publish(b);
  for (const char* la : {"201", "202"}) {
    auto stats = Worker(la)->Drain();
    ASSERT_TRUE(stats.ok()) << stats.status();
  }
  ASSERT_EQ(DeadLetters("201"), 1);

  auto result = RebuildAll(rebuild_, server_->options(), catalogue_, Ctx(), 2, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->size(), static_cast<size_t>(kPartitions));
  int64_t entries = 0, skipped = 0;
  for (const PartitionProgress& p : *result) {
    EXPECT_TRUE(p.switched);
    EXPECT_EQ(p.previous, "live");
    entries += p.entries;
    skipped += p.skipped;
  }
  EXPECT_EQ(entries, static_cast<int64_t>(a.size() + b.size() + 1));
  EXPECT_EQ(skipped, 1);
  EXPECT_EQ(DeadLetters("201"), 1);  // the rebuild never dead-letters

  for (const char* la : {"201", "202"}) {
    const int p = PartitionOf(la, kPartitions);
    EXPECT_EQ(Get(PartitionKeys("ssc", p).NamespacePointer()), "r1");
    const auto& events = std::string(la) == "201" ? a : b;
    const auto oracle = Oracle(events, la, *catalogue_);
    ASSERT_FALSE(oracle.empty());
    EXPECT_EQ(Aggregates(la, "r1", *catalogue_), oracle) << la;
    // Subject states, directory, seen kinds, teams, councils, watermark and
    // catalogue version: all equal to what the live ingest wrote.
    const NamespaceDump live = Dump(p, "live");
    ASSERT_GT(live.size(), 20u);
    EXPECT_EQ(Dump(p, "r1"), live) << la;
    EXPECT_EQ(Get(PartitionKeys("ssc", p).CatalogueVersion("r1")), CatalogueStamp(*catalogue_));
  }
}

// (b) Changing a parameter and rebuilding recomputes all history with the
// new definition; the scorecard's catalogue version is the rebuilt
// namespace's; ingest and query with the old catalogue refuse the new
// namespace, and with the new one they serve and extend it.
TEST_F(RebuildRedisTest, AChangedParameterRecomputesHistoryAndChangesTheCatalogueVersion) {
  // Three assessments from referrals on Monday 8 January 2024, authorised
  // 10, 30 and 59 working days later (22 January; 19 February; 2 April,
  // after Good Friday and Easter Monday). Within 45: 2 of 3; within 20: 1.
  const std::vector<v1::CaseEvent> events = {
      Referral("201", "rf1", "C1", "2024-01-08"),
      Referral("201", "rf2", "C2", "2024-01-08"),
      Referral("201", "rf3", "C3", "2024-01-08"),
      Assessment("201", "as1", "C1", "rf1", "2024-01-09", "2024-01-22"),
      Assessment("201", "as2", "C2", "rf2", "2024-01-09", "2024-02-19"),
      Assessment("201", "as3", "C3", "rf3", "2024-01-09", "2024-04-02"),
  };
  Publish(events);
  ASSERT_TRUE(Worker("201")->Drain().ok());

  auto pool = RedisPool::ForServer(server_->options(), 2);
  const StateLocation location{"ssc", kPartitions, "live"};
  auto today = [] { return DayFromCivil(2024, 6, 1); };
  const auto catalogue20 = Catalogue20();
  ASSERT_NE(catalogue20->version(), catalogue_->version());
  ASSERT_NE(SeriesFingerprint(*catalogue20), SeriesFingerprint(*catalogue_));
  ScorecardQueries old_queries(catalogue_, *pool, location, today);
  ScorecardQueries new_queries(catalogue20, *pool, location, today);
  v1::GetScorecardRequest request;
  request.set_la_code("201");
  request.mutable_period()->set_kind(v1::PERIOD_KIND_ROLLING12);
  request.mutable_period()->set_month("2024-04");
  auto within = [](const v1::Scorecard& card) {
    for (const auto& v : card.indicators()) {
      if (v.id() == "assessments_45wd") return std::pair{v.numerator(), v.denominator()};
    }
    return std::pair{-1.0, -1.0};
  };

  auto before = old_queries.GetScorecard(request);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->catalogue_version(), catalogue_->version());
  EXPECT_EQ(within(*before), (std::pair{2.0, 3.0}));

  rebuild_.target = "r20";
  auto result = RebuildAll(rebuild_, server_->options(), catalogue20, Ctx(), 1, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();

  auto after = new_queries.GetScorecard(request);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->catalogue_version(), catalogue20->version());
  EXPECT_EQ(within(*after), (std::pair{1.0, 3.0}));
  // The whole scorecard is the batch recomputation's with the new catalogue.
  const Recomputed r = Recompute(*catalogue20, Ctx(), events);
  MemoryAggregateReader reader(r.aggregates, r.seen_kinds);
  auto batch = BuildScorecard(*catalogue20, reader, "201", "", request.period(), today());
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(after->SerializeAsString(), batch->SerializeAsString());

  // The old catalogue can no longer read or write this council's state.
  EXPECT_EQ(old_queries.GetScorecard(request).status().code(),
            absl::StatusCode::kFailedPrecondition);
  PartitionWorker old_worker(config_, PartitionOf("201", kPartitions), catalogue_, Ctx(), nullptr);
  EXPECT_EQ(old_worker.Setup(std::chrono::steady_clock::now() + std::chrono::seconds(5)).code(),
            absl::StatusCode::kFailedPrecondition);

  // Ingest restarted with the new catalogue extends the rebuilt namespace:
  // a fourth assessment, 5 working days: within 20, 2 of 4.
  const std::vector<v1::CaseEvent> more = {
      Referral("201", "rf4", "C4", "2024-03-04"),
      Assessment("201", "as4", "C4", "rf4", "2024-03-05", "2024-03-11")};
  Publish(more);
  auto worker = Worker("201", catalogue20);
  EXPECT_EQ(worker->current_namespace(), "r20");
  ASSERT_TRUE(worker->Drain().ok());
  auto extended = new_queries.GetScorecard(request);
  ASSERT_TRUE(extended.ok()) << extended.status();
  EXPECT_EQ(within(*extended), (std::pair{2.0, 4.0}));
  EXPECT_EQ(Aggregates("201", "r20", *catalogue20),
            Oracle(Concat({events, more}), "201", *catalogue20));
}

// (c) Events published between the rebuild's phases, some applied by the
// live ingest before the switch, some only after it, are in the rebuilt
// namespace exactly once; the worker's batch computed against the old
// namespace is refused at the switch and recomputed; an invalid entry the
// rebuild passed over before the ingest saw it is dead-lettered once.
TEST_F(RebuildRedisTest, EventsDuringTheRebuildAreNeitherLostNorCountedTwice) {
  const int partition = PartitionOf("201", kPartitions);
  const PartitionKeys pk("ssc", partition);
  const auto history = History("201", 11, 60);
  ASSERT_GT(history.size(), 80u);
  const std::vector<v1::CaseEvent> chunk_a(history.begin(), history.begin() + 30);
  const std::vector<v1::CaseEvent> chunk_b(history.begin() + 30, history.begin() + 50);
  const std::vector<v1::CaseEvent> chunk_c(history.begin() + 50, history.begin() + 70);
  const std::vector<v1::CaseEvent> chunk_d(history.begin() + 70, history.end());

  auto conn = RedisConnection::Connect(server_->options());
  ASSERT_TRUE(conn.ok());
  PartitionRebuilder rebuilder(rebuild_, partition, catalogue_, Ctx(), **conn);
  auto worker = Worker("201");

  // A: applied live; the rebuild starts and does one batch (5 entries).
  Publish(chunk_a);
  ASSERT_TRUE(worker->Drain().ok());
  ASSERT_TRUE(rebuilder.Start(std::chrono::steady_clock::now() + std::chrono::seconds(5)).ok());
  ASSERT_EQ(*rebuilder.Step(), 5);
  // Behind the live namespace's watermark: no switch.
  ASSERT_EQ(*rebuilder.TrySwitch(), false);
  ASSERT_TRUE(rebuilder.CatchUp(nullptr).ok());
  EXPECT_EQ(Get(pk.Watermark("r1")), Get(pk.Watermark("live")));

  // B: 20 valid entries and an invalid one at the end; the live ingest
  // applies only its first batch (7 entries).
  Publish(chunk_b);
  PublishInvalid("201", "b");
  auto first = worker->ProcessBatch(0);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->entries, 7);
  ASSERT_EQ(*rebuilder.TrySwitch(), false);  // the ingest is ahead again
  ASSERT_TRUE(rebuilder.CatchUp(nullptr).ok());

  // C: published, not yet read by anyone. The rebuild holds all of A and B
  // (ahead of the live namespace's watermark): the switch succeeds.
  Publish(chunk_c);
  ASSERT_EQ(*rebuilder.TrySwitch(), true);
  EXPECT_EQ(Get(pk.NamespacePointer()), "r1");
  EXPECT_EQ(rebuilder.progress().catch_ups, 2);
  const NamespaceDump live_at_switch = Dump(partition, "live");

  // D after the switch. The worker still believes "live": its first batch
  // (the rest of B) is refused, recomputed against r1 and found applied
  // already; B's invalid entry is dead-lettered now, once; C and D are
  // applied to r1.
  Publish(chunk_d);
  EXPECT_EQ(DeadLetters("201"), 0);
  auto stats = worker->Drain();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->namespace_moves, 1);
  EXPECT_EQ(stats->rejected, 1);  // counted though its batch was a watermark no-op
  EXPECT_EQ(worker->current_namespace(), "r1");
  EXPECT_EQ(DeadLetters("201"), 1);
  // A restart of the worker finds nothing pending and writes nothing again.
  auto again = Worker("201")->Drain();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->entries, 0);
  EXPECT_EQ(DeadLetters("201"), 1);

  EXPECT_EQ(Aggregates("201", "r1", *catalogue_), Oracle(history, "201", *catalogue_));
  EXPECT_EQ(Dump(partition, "live"), live_at_switch);  // nothing wrote the old namespace
  auto pending = redis_->Command({"XPENDING", pk.Stream(), config_.group});
  EXPECT_EQ((*pending)[0].integer(), 0);
}

// (d) While a rebuild is half done the query answers from the old
// namespace (the full figures, not the half-built ones); after the switch
// it answers from the new one, even with the old namespace gone.
TEST_F(RebuildRedisTest, AQueryDuringTheRebuildAnswersFromTheOldNamespace) {
  // Referrals in January 2024: 6, one of them corrected into February.
  std::vector<v1::CaseEvent> events;
  for (int i = 0; i < 6; ++i) {
    events.push_back(Referral("201", "rf" + std::to_string(i), "C" + std::to_string(i),
                              "2024-01-1" + std::to_string(i)));
  }
  events.push_back(Referral("201", "rf5", "C5", "2024-02-01", 2));
  Publish(events);
  ASSERT_TRUE(Worker("201")->Drain().ok());

  auto pool = RedisPool::ForServer(server_->options(), 2);
  ScorecardQueries queries(catalogue_, *pool, StateLocation{"ssc", kPartitions, "live"},
                           [] { return DayFromCivil(2024, 6, 1); });
  v1::GetScorecardRequest request;
  request.set_la_code("201");
  request.mutable_period()->set_kind(v1::PERIOD_KIND_MONTH);
  request.mutable_period()->set_month("2024-01");
  auto referrals = [&]() -> double {
    auto card = queries.GetScorecard(request);
    EXPECT_TRUE(card.ok()) << card.status();
    if (!card.ok()) return -1;
    for (const auto& v : card->indicators()) {
      if (v.id() == "referrals") return v.value();
    }
    return -1;
  };
  ASSERT_EQ(referrals(), 5);  // rf5 moved to February

  rebuild_.batch_size = 2;
  auto conn = RedisConnection::Connect(server_->options());
  ASSERT_TRUE(conn.ok());
  PartitionRebuilder rebuilder(rebuild_, PartitionOf("201", kPartitions), catalogue_, Ctx(),
                               **conn);
  ASSERT_TRUE(rebuilder.Start(std::chrono::steady_clock::now() + std::chrono::seconds(5)).ok());
  ASSERT_EQ(*rebuilder.Step(), 2);  // r1 holds two January referrals
  EXPECT_EQ(referrals(), 5);
  ASSERT_TRUE(rebuilder.CatchUp(nullptr).ok());
  EXPECT_EQ(referrals(), 5);
  ASSERT_TRUE(*rebuilder.TrySwitch());
  EXPECT_EQ(referrals(), 5);  // from r1
  // "live" is still current in the other partitions: not dropped.
  EXPECT_EQ(DropNamespace(*redis_, config_.queue, "live", "live").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_GT(Dump(PartitionOf("201", kPartitions), "live").size(), 5u);
  ASSERT_TRUE(RebuildAll(rebuild_, server_->options(), catalogue_, Ctx(), 1, nullptr).ok());
  auto dropped = DropNamespace(*redis_, config_.queue, "live", "live");
  ASSERT_TRUE(dropped.ok()) << dropped.status();
  EXPECT_GT(*dropped, 5);
  EXPECT_EQ(Dump(PartitionOf("201", kPartitions), "live").size(), 0u);
  EXPECT_EQ(referrals(), 5);  // from r1
  // The current namespace cannot be dropped.
  EXPECT_EQ(DropNamespace(*redis_, config_.queue, "live", "r1").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// (e) A rebuild killed part way (its lease left behind, one partition
// already switched) and rerun by another process with the same target
// converges to the recomputation.
TEST_F(RebuildRedisTest, AKilledRebuildRerunConverges) {
  const auto a = History("201", 5);
  const auto b = History("202", 6);
  Publish(a);
  Publish(b);
  for (const char* la : {"201", "202"}) ASSERT_TRUE(Worker(la)->Drain().ok());

  {
    // The first run: 202's partition switched, 201's half done, then killed
    // (the rebuilder is dropped without releasing its lease).
    RebuildConfig first = rebuild_;
    first.token = "killed";
    first.lease_ttl_ms = 300;
    auto conn = RedisConnection::Connect(server_->options());
    ASSERT_TRUE(conn.ok());
    PartitionRebuilder done(first, PartitionOf("202", kPartitions), catalogue_, Ctx(), **conn);
    ASSERT_TRUE(done.Start(std::chrono::steady_clock::now() + std::chrono::seconds(5)).ok());
    ASSERT_TRUE(done.CatchUp(nullptr).ok());
    ASSERT_TRUE(*done.TrySwitch());
    PartitionRebuilder half(first, PartitionOf("201", kPartitions), catalogue_, Ctx(), **conn);
    ASSERT_TRUE(half.Start(std::chrono::steady_clock::now() + std::chrono::seconds(5)).ok());
    ASSERT_EQ(*half.Step(), 5);
    ASSERT_EQ(*half.Step(), 5);
  }
  // While the killed run's lease lives, another rebuild of that partition
  // is refused rather than interleaved.
  {
    auto conn = RedisConnection::Connect(server_->options());
    ASSERT_TRUE(conn.ok());
    PartitionRebuilder other(rebuild_, PartitionOf("201", kPartitions), catalogue_, Ctx(), **conn);
    EXPECT_EQ(other.Start(std::chrono::steady_clock::now()).code(),
              absl::StatusCode::kDeadlineExceeded);
  }
  // Events keep arriving and being applied live meanwhile.
  const auto more = History("201", 8, 10);
  Publish(more);
  ASSERT_TRUE(Worker("201")->Drain().ok());

  // The rerun waits out the dead lease (300 ms), resumes 201's partition
  // after its 10 rebuilt entries and leaves 202's as it is.
  auto result = RebuildAll(rebuild_, server_->options(), catalogue_, Ctx(), 2, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  for (const PartitionProgress& p : *result) {
    if (p.partition == PartitionOf("202", kPartitions)) {
      EXPECT_TRUE(p.already_current);
    }
    if (p.partition == PartitionOf("201", kPartitions)) {
      EXPECT_EQ(p.entries, static_cast<int64_t>(a.size() + more.size()) - 10);
    }
  }
  EXPECT_EQ(Aggregates("201", "r1", *catalogue_), Oracle(Concat({a, more}), "201", *catalogue_));
  EXPECT_EQ(Aggregates("202", "r1", *catalogue_), Oracle(b, "202", *catalogue_));
  for (int p = 0; p < kPartitions; ++p) {
    EXPECT_EQ(Get(PartitionKeys("ssc", p).NamespacePointer()), "r1");
  }
  for (const char* la : {"201", "202"}) {
    const int p = PartitionOf(la, kPartitions);
    EXPECT_EQ(Dump(p, "r1"), Dump(p, "live")) << la;
  }
}

// A change of target only (no series definition changes) needs no rebuild:
// ingest and query restarted with it keep using the namespace, and the
// scorecard names the catalogue that evaluated it.
TEST_F(RebuildRedisTest, ATargetOnlyChangeNeedsNoRebuild) {
  const std::string from = "rag: {direction: higher_is_better, target: 85, amber_margin: 5}";
  ASSERT_NE(catalogue_text_.find(from), std::string::npos);
  std::string text = catalogue_text_;
  text.replace(text.find(from), from.size(),
               "rag: {direction: higher_is_better, target: 90, amber_margin: 5}");
  auto cat = Catalogue::Parse(text, "catalogue-90.yaml", registry_);
  ASSERT_TRUE(cat.ok()) << cat.status();
  const std::shared_ptr<const Catalogue> target90 = *cat;
  ASSERT_NE(target90->version(), catalogue_->version());
  ASSERT_EQ(SeriesFingerprint(*target90), SeriesFingerprint(*catalogue_));

  const auto first = History("201", 21, 20);
  Publish(first);
  ASSERT_TRUE(Worker("201")->Drain().ok());
  const auto second = History("201", 22, 30);
  Publish(second);
  auto worker = Worker("201", target90);
  auto stats = worker->Drain();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_GT(stats->applied, 0);
  EXPECT_EQ(Aggregates("201", "live", *target90),
            Oracle(Concat({first, second}), "201", *target90));
  // The namespace still records the catalogue that built it.
  EXPECT_EQ(Get(PartitionKeys("ssc", PartitionOf("201", kPartitions)).CatalogueVersion("live")),
            CatalogueStamp(*catalogue_));

  auto pool = RedisPool::ForServer(server_->options(), 2);
  ScorecardQueries queries(target90, *pool, StateLocation{"ssc", kPartitions, "live"},
                           [] { return DayFromCivil(2024, 6, 1); });
  v1::GetScorecardRequest request;
  request.set_la_code("201");
  request.mutable_period()->set_kind(v1::PERIOD_KIND_ROLLING12);
  request.mutable_period()->set_month("2024-03");
  auto card = queries.GetScorecard(request);
  ASSERT_TRUE(card.ok()) << card.status();
  EXPECT_EQ(card->catalogue_version(), target90->version());
}

// A rebuild never writes the namespace queries read.
TEST_F(RebuildRedisTest, ARebuildIntoTheCurrentNamespaceIsRefused) {
  Publish(History("201", 3, 5));
  ASSERT_TRUE(Worker("201")->Drain().ok());
  auto before = Dump(PartitionOf("201", kPartitions), "live");
  rebuild_.target = "live";
  auto conn = RedisConnection::Connect(server_->options());
  ASSERT_TRUE(conn.ok());
  PartitionRebuilder rebuilder(rebuild_, PartitionOf("201", kPartitions), catalogue_, Ctx(),
                               **conn);
  EXPECT_EQ(rebuilder.Start(std::chrono::steady_clock::now() + std::chrono::seconds(5)).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Dump(PartitionOf("201", kPartitions), "live"), before);
  // The apply script itself refuses a rebuild batch for the current
  // namespace, whatever the caller believes.
  const PartitionKeys pk("ssc", PartitionOf("201", kPartitions));
  ASSERT_TRUE(redis_->Command({"SET", pk.RebuildLease(), "t"}).ok());
  ScriptCall call(
      pk, "live", "t", 1000, "",
      NamespaceGuard{NamespaceGuard::Role::kRebuild, "live", CatalogueStamp(*catalogue_)});
  call.Build(*catalogue_, BatchEffect{}, {}, {}, "99999999999999-0");
  auto r = ApplyBatchScript().Eval(*redis_, call.keys(), call.args());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(ApplyResultOf(*r)->outcome, ApplyOutcome::kNamespaceMoved);
  EXPECT_EQ(Dump(PartitionOf("201", kPartitions), "live"), before);
}

}  // namespace
}  // namespace scorecard
