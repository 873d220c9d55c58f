// End to end: real redis-server, the real scorecard-ingest and scorecard-query
// binaries, events published to the queue, scorecards fetched over gRPC.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "engine/recompute.h"
#include "engine/scorecard.h"
#include "events/partitioning.h"
#include "queue/publisher.h"
#include "redis/redis_connection.h"
#include "scorecard/v1/scorecard_service.grpc.pb.h"
#include "support/redis_server.h"
#include "support/subprocess.h"

namespace scorecard {
namespace {

constexpr int kPartitions = 4;
const std::string kSource = SCORECARD_SOURCE_DIR;
const std::string kCatalogue = kSource + "/data/catalogue.yaml";

class EndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    redis_server_ = std::move(*server);
    auto conn = RedisConnection::Connect(redis_server_->options());
    ASSERT_TRUE(conn.ok());
    redis_ = std::move(*conn);
    registry_.emplace();
    RegisterBuiltinMeasures(*registry_);
    auto cat = Catalogue::LoadFile(kSource + "/data/catalogue.yaml", *registry_);
    ASSERT_TRUE(cat.ok());
    catalogue_ = *cat;
    auto cal = WorkingDayCalendar::LoadFile(kSource +
                                            "/data/calendar/england-and-wales-bank-holidays.csv");
    ASSERT_TRUE(cal.ok());
    calendar_.emplace(*cal);
    log_dir_ = redis_server_->dir();
  }

  std::string RedisAddr() const { return "127.0.0.1:" + std::to_string(redis_server_->port()); }

  Subprocess StartIngest(int batch, const std::string& catalogue = kCatalogue) {
    auto p = Subprocess::Start(
        {SCORECARD_INGEST_BIN, "--redis", RedisAddr(), "--partitions", std::to_string(kPartitions),
         "--catalogue", catalogue, "--calendar",
         kSource + "/data/calendar/england-and-wales-bank-holidays.csv", "--metrics-listen",
         "127.0.0.1:" + std::to_string(FreeLoopbackPort()), "--batch", std::to_string(batch),
         "--block-ms", "100", "--consumer", "e2e-ingest"},
        log_dir_ + "/ingest.log");
    EXPECT_TRUE(p.ok()) << p.status();
    return std::move(*p);
  }

  Subprocess StartQuery(int port, const std::string& catalogue = kCatalogue) {
    auto p =
        Subprocess::Start({SCORECARD_QUERY_BIN, "--redis", RedisAddr(), "--partitions",
                           std::to_string(kPartitions), "--catalogue", catalogue, "--calendar",
                           kSource + "/data/calendar/england-and-wales-bank-holidays.csv",
                           "--population", kSource + "/data/reference/population.csv",
                           "--comparators", kSource + "/data/reference/comparators.csv",
                           "--neighbours", kSource + "/data/reference/statistical_neighbours.csv",
                           "--listen", "127.0.0.1:" + std::to_string(port), "--metrics-listen",
                           "127.0.0.1:" + std::to_string(FreeLoopbackPort())},
                          log_dir_ + "/query.log");
    EXPECT_TRUE(p.ok()) << p.status();
    return std::move(*p);
  }

  void Publish(const std::vector<v1::CaseEvent>& events) {
    QueueConfig q;
    q.partitions = kPartitions;
    Publisher pub(*redis_, q);
    auto out = pub.Publish(events);
    ASSERT_TRUE(out.ok()) << out.status();
    for (const auto& o : *out) ASSERT_TRUE(o.accepted) << o.code << ": " << o.reason;
  }

  // True once every queue entry of the council's partition is applied.
  bool Consumed(const std::string& la) {
    const PartitionKeys pk("ssc", PartitionOf(la, kPartitions));
    auto groups = redis_->Command({"XINFO", "GROUPS", pk.Stream()});
    if (!groups.ok() || !groups->is_array() || groups->size() == 0) return false;
    const RedisReplyView g = (*groups)[0];
    int64_t pending = -1, lag = -1;
    for (size_t f = 0; f + 1 < g.size(); f += 2) {
      if (g[f].str() == "pending") pending = g[f + 1].integer();
      if (g[f].str() == "lag" && g[f + 1].is_integer()) lag = g[f + 1].integer();
    }
    return pending == 0 && lag == 0;
  }

  absl::StatusOr<v1::Scorecard> BatchScorecard(const std::vector<v1::CaseEvent>& events,
                                               const v1::Period& period,
                                               const Catalogue* catalogue = nullptr) {
    if (catalogue == nullptr) catalogue = catalogue_.get();
    const Recomputed r = Recompute(*catalogue, MeasureContext{&*calendar_}, events);
    MemoryAggregateReader reader(r.aggregates, r.seen_kinds);
    // The same shipped reference data the query service loads.
    auto reference = ReferenceData::LoadFiles(
        kSource + "/data/reference/population.csv", kSource + "/data/reference/comparators.csv",
        kSource + "/data/reference/statistical_neighbours.csv");
    if (!reference.ok()) return reference.status();
    return BuildScorecard(*catalogue, reader, "201", "", period, DayFromCivil(2024, 6, 1),
                          reference->get());
  }

  std::unique_ptr<RedisServer> redis_server_;
  std::unique_ptr<RedisConnection> redis_;
  std::optional<MeasureRegistry> registry_;
  std::shared_ptr<const Catalogue> catalogue_;
  std::optional<WorkingDayCalendar> calendar_;
  std::string log_dir_;
};

// ------------------------------------------------------------ event helpers

struct EventBuilder {
  int counter = 0;
  v1::CaseEvent Base(const std::string& child, const std::string& record, int64_t version = 1) {
    v1::CaseEvent e;
    e.set_event_id("e2e-" + record + "-v" + std::to_string(version));
    e.set_la_code("201");
    e.set_child_id(child);
    e.set_team_id("T1");
    e.set_record_id(record);
    e.set_record_version(version);
    e.set_op(v1::OP_UPSERT);
    return e;
  }
  v1::CaseEvent Contact(const std::string& c, const std::string& r, const std::string& date,
                        int64_t v = 1) {
    auto e = Base(c, r, v);
    e.mutable_contact()->set_date(date);
    return e;
  }
  v1::CaseEvent Referral(const std::string& c, const std::string& r, const std::string& date,
                         int64_t v = 1) {
    auto e = Base(c, r, v);
    e.mutable_referral()->set_date(date);
    return e;
  }
  v1::CaseEvent Assessment(const std::string& c, const std::string& r, const std::string& ref,
                           const std::string& start, const std::string& done) {
    auto e = Base(c, r);
    e.mutable_assessment()->set_referral_id(ref);
    e.mutable_assessment()->set_start_date(start);
    e.mutable_assessment()->set_authorised_date(done);
    return e;
  }
  v1::CaseEvent CpPlan(const std::string& c, const std::string& r, const std::string& start,
                       const std::string& end) {
    auto e = Base(c, r);
    e.mutable_cp_plan()->set_start_date(start);
    e.mutable_cp_plan()->set_end_date(end);
    return e;
  }
  v1::CaseEvent Episode(const std::string& c, const std::string& r, const std::string& decom,
                        const std::string& dec, const std::string& rec, const std::string& ls) {
    auto e = Base(c, r);
    auto* p = e.mutable_cla_episode();
    p->set_decom(decom);
    p->set_dec(dec);
    p->set_rec(rec);
    p->set_rne("S");
    p->set_ls(ls);
    p->set_place("U1");
    return e;
  }
};

// The hand-built scenario for March 2024 (expected values in the test).
std::vector<v1::CaseEvent> Scenario() {
  EventBuilder b;
  std::vector<v1::CaseEvent> ev = {
      // Contacts: C1 on 1 March and C3 on 31 March are in March; C2's contact
      // was recorded on 15 March and then corrected (v2) to 2 April; one on 29
      // February is not in March. => contacts = 2.
      b.Contact("C1", "ct1", "2024-03-01"),
      b.Contact("C2", "ct2", "2024-04-02", 2),
      b.Contact("C2", "ct2", "2024-03-15", 1),
      b.Contact("C3", "ct3", "2024-03-31"),
      b.Contact("C3", "ct4", "2024-02-29"),
      // Referrals in March: C1 (4th), C2 (11th), C3 (20th) => 3. C9's referral
      // on 5 March was deleted (v2) => not counted.
      // Re-referrals: C1 was referred on 2023-06-01 and 2024-01-08, both in
      // [2023-03-04, 2024-03-04) => re-referral. C3's earlier referral is
      // 2023-03-19, before 2024-03-20 - 12 months = 2023-03-20 => not.
      // C2 has no earlier referral. => 1 of 3 = 33.3%, lower_is_better 22: red.
      b.Referral("C1", "rf1", "2023-06-01"),
      b.Referral("C1", "rf2", "2024-01-08"),
      b.Referral("C1", "rf3", "2024-03-04"),
      b.Referral("C2", "rf4", "2024-03-11"),
      b.Referral("C3", "rf5", "2023-03-19"),
      b.Referral("C3", "rf6", "2024-03-20"),
      b.Referral("C9", "rf7", "2024-03-05"),
      // Assessments authorised in March: A1 (referral Mon 2024-01-08,
      // authorised 2024-03-11: the 45th working day, within) and A2 (C4's
      // referral on the same Monday, authorised 2024-03-12: the 46th, not).
      // => completed 2, within 45 wd 1 of 2 = 50%: red (target 85, margin 5).
      // A3 started 1 March, not authorised => open on 31 March: 1.
      b.Assessment("C1", "as1", "rf2", "2024-01-10", "2024-03-11"),
      b.Referral("C4", "rf8", "2024-01-08"),
      b.Assessment("C4", "as2", "rf8", "2024-01-10", "2024-03-12"),
      b.Assessment("C2", "as3", "rf4", "2024-03-01", ""),
      // CP plans open on 31 March: C1 (open since 1 Feb); C2's plan ends on 31
      // March so is not open that day; C3 has two overlapping open plans and
      // counts once. => 2 children.
      b.CpPlan("C1", "cp1", "2024-02-01", ""),
      b.CpPlan("C2", "cp2", "2024-01-01", "2024-03-31"),
      b.CpPlan("C3", "cp3", "2024-03-01", ""),
      b.CpPlan("C3", "cp4", "2024-03-15", ""),
      // Looked after on 31 March: C5 (open, C2); C6 is on short breaks (V3,
      // excluded); C7's episode ended on 31 March; C8 has two consecutive
      // episodes and counts once. => 2.
      b.Episode("C5", "ep1", "2023-05-01", "", "", "C2"),
      b.Episode("C6", "ep2", "2023-05-01", "", "", "V3"),
      b.Episode("C7", "ep3", "2023-01-01", "2024-03-31", "E11", "C2"),
      b.Episode("C8", "ep4", "2023-01-01", "2023-08-01", "X1", "C2"),
      b.Episode("C8", "ep5", "2023-08-01", "", "", "C2"),
  };
  v1::CaseEvent del = b.Referral("C9", "rf7", "2024-03-05", 2);
  del.set_op(v1::OP_DELETE);
  ev.push_back(del);
  // Every event is sent twice (at-least-once producers).
  const size_t n = ev.size();
  for (size_t i = 0; i < n; ++i) ev.push_back(ev[i]);
  return ev;
}

const v1::IndicatorValue* Find(const v1::Scorecard& card, const std::string& id) {
  for (const auto& v : card.indicators()) {
    if (v.id() == id) return &v;
  }
  return nullptr;
}

v1::GetScorecardRequest March2024() {
  v1::GetScorecardRequest req;
  req.set_la_code("201");
  req.mutable_period()->set_kind(v1::PERIOD_KIND_MONTH);
  req.mutable_period()->set_month("2024-03");
  return req;
}

TEST_F(EndToEndTest, HandBuiltScenarioOverGrpcMatchesHandComputedValues) {
  const int port = FreeLoopbackPort();
  Subprocess ingest = StartIngest(1000);
  Subprocess query = StartQuery(port);
  Publish(Scenario());
  ASSERT_TRUE(WaitFor([&] { return Consumed("201"); }, std::chrono::seconds(20))) << ingest.Log();

  auto channel =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials());
  auto stub = v1::ScorecardService::NewStub(channel);
  v1::Scorecard card;
  grpc::Status status;
  ASSERT_TRUE(WaitFor(
      [&] {
        grpc::ClientContext ctx;
        status = stub->GetScorecard(&ctx, March2024(), &card);
        return status.ok();
      },
      std::chrono::seconds(20)))
      << status.error_message() << "\n"
      << query.Log();

  struct Expect {
    std::string id;
    double value;
    v1::Rag rag;
  };
  const std::vector<Expect> expected = {
      {"contacts", 2, v1::RAG_NONE},
      {"referrals", 3, v1::RAG_NONE},
      {"rereferrals_12m", 100.0 / 3.0, v1::RAG_RED},
      {"assessments_open", 1, v1::RAG_NONE},
      {"assessments_completed", 2, v1::RAG_NONE},
      {"assessments_45wd", 50, v1::RAG_RED},
      {"cp_plans_open", 2, v1::RAG_NONE},
      {"cla_open", 2, v1::RAG_NONE},
      // 3+ placements in (2023-03-31, 2024-03-31], window's first day
      // 2023-04-01: C5 holds nothing then and starts one placement (S, 1 May)
      // => 1; C8 holds ep4 (1) and starts ep5 (S, 1 August) => 2. Neither
      // reaches 3: 0 of 2 = 0%, below the 10-16% band => red.
      {"cla_3plus_placements", 0, v1::RAG_RED},
  };
  // Every catalogue indicator is on the card; the hand-computed ones follow.
  ASSERT_EQ(card.indicators_size(), static_cast<int>(catalogue_->indicators().size()));
  for (const auto& e : expected) {
    const v1::IndicatorValue* v = Find(card, e.id);
    ASSERT_NE(v, nullptr) << e.id;
    EXPECT_EQ(v->status(), v1::VALUE_STATUS_OK) << e.id << " " << v->reason();
    EXPECT_NEAR(v->value(), e.value, 1e-9) << e.id;
    EXPECT_EQ(v->rag(), e.rag) << e.id;
  }
  EXPECT_EQ(Find(card, "rereferrals_12m")->numerator(), 1);
  EXPECT_EQ(Find(card, "rereferrals_12m")->denominator(), 3);
  EXPECT_EQ(card.catalogue_version(), catalogue_->version());

  // SIGTERM: both services drain and exit cleanly.
  EXPECT_EQ(ingest.Signal(SIGTERM), 0) << ingest.Log();
  EXPECT_EQ(query.Signal(SIGTERM), 0) << query.Log();
}

// A larger random history with corrections, moves, deletes and duplicates.
std::vector<v1::CaseEvent> LargeHistory(int records, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  EventBuilder b;
  std::vector<v1::CaseEvent> ev;
  for (int r = 0; r < records; ++r) {
    const std::string child = "K" + std::to_string(uniform(0, records / 4));
    const std::string id = "x" + std::to_string(r);
    const Day start = DayFromCivil(2022, 1, 1) + uniform(0, 900);
    const std::string s = FormatIsoDate(start);
    const std::string end = uniform(0, 2) ? FormatIsoDate(start + uniform(1, 400)) : "";
    v1::CaseEvent e;
    switch (uniform(0, 4)) {
      case 0:
        e = b.Contact(child, id, s);
        break;
      case 1:
        e = b.Referral(child, id, s);
        break;
      case 2:
        e = b.Assessment(child, id, "x" + std::to_string(uniform(0, records)), s, end);
        break;
      case 3:
        e = b.CpPlan(child, id, s, end);
        break;
      default:
        e = b.Episode(child, id, s, end, end.empty() ? "" : "E11", uniform(0, 5) ? "C2" : "V3");
        break;
    }
    e.set_team_id(uniform(0, 1) ? "T1" : "T2");
    ev.push_back(e);
    if (uniform(0, 9) == 0) {  // correction, sometimes moving to another child
      v1::CaseEvent c = e;
      c.set_record_version(2);
      c.set_event_id(e.event_id() + "c");
      if (uniform(0, 1)) c.set_child_id("K" + std::to_string(uniform(0, records / 4)));
      if (uniform(0, 3) == 0) c.set_op(v1::OP_DELETE);
      ev.push_back(c);
    }
    if (uniform(0, 9) == 0) ev.push_back(e);  // duplicate
  }
  std::shuffle(ev.begin(), ev.end(), rng);
  return ev;
}

TEST_F(EndToEndTest, KillNineMidStreamThenRestartEqualsBatchComputation) {
  const std::vector<v1::CaseEvent> events = LargeHistory(20000, 2024);
  Publish(events);
  const PartitionKeys pk("ssc", PartitionOf("201", kPartitions));
  {
    Subprocess ingest = StartIngest(100);
    // Wait until the ingest is part-way through, then crash it.
    ASSERT_TRUE(WaitFor(
        [&] {
          auto wm = redis_->Command({"GET", pk.Watermark("live")});
          return wm.ok() && wm->is_string();
        },
        std::chrono::seconds(20)))
        << ingest.Log();
    ingest.Signal(SIGKILL);
  }
  EXPECT_FALSE(Consumed("201")) << "the crash should come before the end of the stream";
  Subprocess ingest = StartIngest(100);
  ASSERT_TRUE(WaitFor([&] { return Consumed("201"); }, std::chrono::seconds(60))) << ingest.Log();

  const int port = FreeLoopbackPort();
  Subprocess query = StartQuery(port);
  auto stub = v1::ScorecardService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  for (const std::string month : {"2022-06", "2023-03", "2023-11", "2024-05"}) {
    for (auto kind : {v1::PERIOD_KIND_MONTH, v1::PERIOD_KIND_YTD, v1::PERIOD_KIND_ROLLING12}) {
      v1::GetScorecardRequest req;
      req.set_la_code("201");
      req.mutable_period()->set_kind(kind);
      req.mutable_period()->set_month(month);
      v1::Scorecard live;
      grpc::Status status;
      ASSERT_TRUE(WaitFor(
          [&] {
            grpc::ClientContext ctx;
            status = stub->GetScorecard(&ctx, req, &live);
            return status.ok();
          },
          std::chrono::seconds(20)))
          << status.error_message() << query.Log();
      auto batch = BatchScorecard(events, req.period());
      ASSERT_TRUE(batch.ok());
      ASSERT_EQ(live.indicators_size(), batch->indicators_size());
      for (int i = 0; i < live.indicators_size(); ++i) {
        const auto& a = live.indicators(i);
        const auto& b = batch->indicators(i);
        EXPECT_EQ(a.id(), b.id());
        EXPECT_EQ(a.status(), b.status()) << month << " " << a.id();
        EXPECT_EQ(a.numerator(), b.numerator()) << month << " " << a.id();
        EXPECT_EQ(a.denominator(), b.denominator()) << month << " " << a.id();
        EXPECT_EQ(a.value(), b.value()) << month << " " << a.id();
        EXPECT_EQ(a.has_rate_per_10k(), b.has_rate_per_10k()) << month << " " << a.id();
        EXPECT_EQ(a.rate_per_10k(), b.rate_per_10k()) << month << " " << a.id();
        EXPECT_EQ(a.comparator().SerializeAsString(), b.comparator().SerializeAsString())
            << month << " " << a.id();
      }
    }
  }
  // The history must exercise the indicators: some values are non-zero.
  auto sample = BatchScorecard(events, March2024().period());
  ASSERT_TRUE(sample.ok());
  EXPECT_GT(Find(*sample, "cp_plans_open")->value(), 0);
  EXPECT_GT(Find(*sample, "referrals")->value(), 0);
}

// Rebuild with the real binaries: `scorecardctl rebuild` runs while the
// ingest and query services run and events keep arriving; afterwards the
// services follow the new namespace and the scorecards equal the batch
// computation. Then a catalogue change: the rebuild switches to a namespace
// built with the new catalogue, the old-catalogue services refuse it, and
// restarted with the new catalogue they serve it with the new figures and
// version.
TEST_F(EndToEndTest, RebuildWhileServingThenACatalogueChange) {
  const std::vector<v1::CaseEvent> all = LargeHistory(6000, 99);
  const size_t quarter = all.size() / 4;
  const std::vector<v1::CaseEvent> first(all.begin(), all.begin() + 2 * quarter);
  const std::vector<v1::CaseEvent> during(all.begin() + 2 * quarter, all.begin() + 3 * quarter);
  const std::vector<v1::CaseEvent> after(all.begin() + 3 * quarter, all.end());
  const PartitionKeys pk("ssc", PartitionOf("201", kPartitions));
  const std::string calendar = kSource + "/data/calendar/england-and-wales-bank-holidays.csv";
  auto rebuild = [&](const std::string& ns, const std::string& catalogue) {
    auto p = Subprocess::Start({SCORECARDCTL_BIN, "rebuild", "--redis", RedisAddr(), "--partitions",
                                std::to_string(kPartitions), "--namespace", ns, "--catalogue",
                                catalogue, "--calendar", calendar, "--batch", "200"},
                               log_dir_ + "/rebuild-" + ns + ".log");
    EXPECT_TRUE(p.ok()) << p.status();
    const int status = p->Wait();
    EXPECT_EQ(status, 0) << p->Log();
    return p->Log();
  };
  auto scorecard = [&](v1::ScorecardService::Stub& stub, const v1::GetScorecardRequest& req,
                       v1::Scorecard& card) {
    grpc::ClientContext ctx;
    return stub.GetScorecard(&ctx, req, &card);
  };
  v1::GetScorecardRequest req;
  req.set_la_code("201");
  req.mutable_period()->set_kind(v1::PERIOD_KIND_ROLLING12);
  req.mutable_period()->set_month("2023-11");

  const int port = FreeLoopbackPort();
  {
    Publish(first);
    Subprocess ingest = StartIngest(100);
    Subprocess query = StartQuery(port);
    ASSERT_TRUE(WaitFor([&] { return Consumed("201"); }, std::chrono::seconds(60))) << ingest.Log();
    // Events published just before the rebuild starts reach the queue while
    // it runs; the ingest applies them to "live" or, after the switch, to r1.
    Publish(during);
    const std::string log = rebuild("r1", kCatalogue);
    EXPECT_NE(log.find("current namespace r1"), std::string::npos) << log;
    auto pointer = redis_->Command({"GET", pk.NamespacePointer()});
    ASSERT_TRUE(pointer.ok() && pointer->is_string());
    EXPECT_EQ(pointer->str(), "r1");
    Publish(after);
    ASSERT_TRUE(WaitFor([&] { return Consumed("201"); }, std::chrono::seconds(60))) << ingest.Log();

    auto stub = v1::ScorecardService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
    v1::Scorecard card;
    grpc::Status status;
    ASSERT_TRUE(WaitFor([&] { return (status = scorecard(*stub, req, card)).ok(); },
                        std::chrono::seconds(20)))
        << status.error_message() << query.Log();
    auto batch = BatchScorecard(all, req.period());
    ASSERT_TRUE(batch.ok());
    EXPECT_EQ(card.SerializeAsString(), batch->SerializeAsString());
    EXPECT_GT(Find(card, "referrals")->value(), 0);

    // The catalogue changes: assessments within 20 working days, not 45.
    std::ifstream in(kCatalogue);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    const std::string from = "params: {anchor: referral, limit: 45}}";
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(), "params: {anchor: referral, limit: 20}}");
    const std::string changed = log_dir_ + "/catalogue-20.yaml";
    std::ofstream(changed) << text;
    rebuild("r2", changed);

    // The running services have the old catalogue: query refuses, ingest
    // stands down (and says why) rather than write the new namespace.
    EXPECT_EQ(scorecard(*stub, req, card).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    ASSERT_TRUE(WaitFor(
        [&] {
          return ingest.Log().find("restart ingest with that catalogue") != std::string::npos;
        },
        std::chrono::seconds(20)))
        << ingest.Log();
    EXPECT_EQ(ingest.Signal(SIGTERM), 0) << ingest.Log();
    EXPECT_EQ(query.Signal(SIGTERM), 0) << query.Log();
  }
  // More events while nothing applies them; then the services restart with
  // the new catalogue and catch up into r2.
  std::vector<v1::CaseEvent> late = LargeHistory(200, 100);
  for (auto& e : late) e.set_event_id("late-" + e.event_id());
  Publish(late);
  MeasureRegistry registry;
  RegisterBuiltinMeasures(registry);
  auto changed = Catalogue::LoadFile(log_dir_ + "/catalogue-20.yaml", registry);
  ASSERT_TRUE(changed.ok()) << changed.status();
  ASSERT_NE((*changed)->version(), catalogue_->version());
  Subprocess ingest = StartIngest(100, log_dir_ + "/catalogue-20.yaml");
  Subprocess query = StartQuery(port, log_dir_ + "/catalogue-20.yaml");
  ASSERT_TRUE(WaitFor([&] { return Consumed("201"); }, std::chrono::seconds(60))) << ingest.Log();
  auto stub = v1::ScorecardService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  v1::Scorecard card;
  grpc::Status status;
  ASSERT_TRUE(WaitFor([&] { return (status = scorecard(*stub, req, card)).ok(); },
                      std::chrono::seconds(20)))
      << status.error_message() << query.Log();
  std::vector<v1::CaseEvent> everything = all;
  everything.insert(everything.end(), late.begin(), late.end());
  auto batch = BatchScorecard(everything, req.period(), changed->get());
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(card.catalogue_version(), (*changed)->version());
  EXPECT_EQ(card.SerializeAsString(), batch->SerializeAsString());
  // The new definition changed the figure (the history has assessments
  // authorised between 21 and 45 working days after their referral).
  auto old_definition = BatchScorecard(everything, req.period());
  ASSERT_TRUE(old_definition.ok());
  EXPECT_NE(Find(card, "assessments_45wd")->numerator(),
            Find(*old_definition, "assessments_45wd")->numerator());
}

}  // namespace
}  // namespace scorecard
