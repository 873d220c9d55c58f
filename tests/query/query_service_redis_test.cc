// ScorecardService and EventService end to end: aggregates written the way
// the ingest service writes them into a real redis-server, read back over a
// real gRPC channel.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/aggregate.h"
#include "engine/catalogue.h"
#include "engine/contribution.h"
#include "engine/date.h"
#include "engine/measure.h"
#include "engine/scorecard.h"
#include "events/partitioning.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/client_unary_call.h"
#include "grpcpp/impl/codegen/rpc_method.h"
#include "grpcpp/impl/codegen/sync_stream.h"
#include "prometheus/registry.h"
#include "query/grpc_services.h"
#include "query/metrics_refresher.h"
#include "query/query_metrics.h"
#include "query/redis_aggregate_reader.h"
#include "query/redis_pool.h"
#include "query/scorecard_queries.h"
#include "redis/redis_connection.h"
#include "support/redis_server.h"

namespace scorecard {
namespace {

constexpr char kCatalogue[] = R"(
catalogue:
  name: test
  version: "1"
sections:
  - id: front_door
    name: Front door
  - id: cp
    name: Child protection
indicators:
  - id: referrals
    name: Referrals
    section: front_door
    definition: Referrals dated in the period.
    kind: flow
    value: {measure: dated_records, params: {kind: referral, date_field: date}}
    rate_per_10k: true
    comparator: {measure: referral_count}
    rag: {direction: context}
  - id: rereferrals_12m
    name: Re-referrals within 12 months
    section: front_door
    definition: Re-referrals as a share of referrals.
    kind: ratio
    numerator: {measure: rereferrals, params: {months: 12}}
    denominator: {measure: dated_records, params: {kind: referral, date_field: date}}
    rag: {direction: lower_is_better, target: 22}
    rag_from:
      - {from: 2024-04-01, target: 30}
  - id: cp_plans_open
    name: Children subject of a CP plan
    section: cp
    definition: Children with a CP plan open at the date.
    kind: snapshot
    value:
      measure: open_children
      params: {kind: cp_plan, start_field: start_date, end_field: end_date}
    rag: {direction: context}
  - id: cla_open
    name: Children looked after
    section: cp
    definition: Children with an episode of care open at the date.
    kind: snapshot
    value:
      measure: open_children
      params: {kind: cla_episode, start_field: decom, end_field: dec}
    rag: {direction: context}
  - id: cp_duration_bands
    name: Open CP plans by duration
    section: cp
    definition: Open CP plans by months open.
    kind: breakdown
    value:
      measure: open_records
      params: {kind: cp_plan, start_field: start_date, end_field: end_date}
    categories:
      - id: under_3m
        name: Under 3 months
        value: {measure: cp_plans_open_for, params: {to_months: 3}}
      - id: 3m_plus
        name: 3 months or more
        value: {measure: cp_plans_open_for, params: {from_months: 3}}
    rag: {direction: context}
)";

constexpr char kLa[] = "201";
const StateLocation kLocation{"ssc", 8, "live"};

Day D(const char* iso) { return *ParseIsoDate(iso); }

std::string ByteBufferString(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(buffer.Dump(&slices).ok());
  std::string out;
  for (const grpc::Slice& s : slices) {
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return out;
}

grpc::ByteBuffer StringByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

class QueryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    redis_server_ = std::move(*server);
    auto conn = RedisConnection::Connect(redis_server_->options());
    ASSERT_TRUE(conn.ok()) << conn.status();
    redis_ = std::move(*conn);

    RegisterBuiltinMeasures(measures_);
    auto cat = Catalogue::Parse(kCatalogue, "test.yaml", measures_);
    ASSERT_TRUE(cat.ok()) << cat.status();
    catalogue_ = *cat;

    // City of London's shipped figures: 918 children at mid-2023; c1 2025
    // referrals England 632,830, 201 57, neighbour 207 1,511.
    auto reference = ReferenceData::Parse(
        "la_code,mid_year,population\n201,2023,918\n", "population.csv",
        "measure,release,year,la_code,value\n"
        "referral_count,c1 2025,2025,england,632830\n"
        "referral_count,c1 2025,2025,201,57\n"
        "referral_count,c1 2025,2025,207,1511\n",
        "comparators.csv", "la_code,neighbours\n201,207 213\n", "neighbours.csv");
    ASSERT_TRUE(reference.ok()) << reference.status();

    pool_ = RedisPool::ForServer(redis_server_->options(), 4);
    queries_ = std::make_unique<ScorecardQueries>(
        catalogue_, *pool_, kLocation, [this] { return today_; }, *reference);
    scorecard_service_ = std::make_unique<ScorecardServiceImpl>(*queries_, &request_metrics_);
    event_service_ = std::make_unique<EventServiceImpl>(
        *pool_, QueueConfig{kLocation.prefix, kLocation.partitions}, &request_metrics_);
    GrpcServerOptions options;
    options.listen = "127.0.0.1:" + std::to_string(FreeLoopbackPort());
    auto running = StartGrpcServer(options, {scorecard_service_.get(), event_service_.get()});
    ASSERT_TRUE(running.ok()) << running.status();
    server_ = std::move(*running);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_.port),
                                   grpc::InsecureChannelCredentials());
    scorecards_ = v1::ScorecardService::NewStub(channel_);
    events_ = v1::EventService::NewStub(channel_);
  }

  void TearDown() override {
    if (server_.server) server_.server->Shutdown();
  }

  uint32_t SeriesOf(const std::string& indicator, bool numerator = false) {
    const IndicatorDef* ind = catalogue_->FindIndicator(indicator);
    const int s = ind->kind == IndicatorKind::kRatio
                      ? (numerator ? ind->numerator : ind->denominator)
                      : ind->value_series;
    return catalogue_->series()[static_cast<size_t>(s)].index;
  }

  // Writes one cell the way ingest does: HINCRBY of its day, month, year and
  // decade fields; mirrored into `cells_` for the in-memory oracle.
  void AddCell(uint32_t series, const std::string& team, const char* day, int64_t delta) {
    const PartitionKeys keys(kLocation.prefix, PartitionOf(kLa, kLocation.partitions));
    const std::string key =
        keys.Aggregate(kLocation.ns, kLa, catalogue_->series()[series].key, team);
    const BucketFields f = FieldsFor(D(day));
    const std::string n = std::to_string(delta);
    std::vector<std::vector<std::string>> cmds;
    for (const std::string* field : {&f.day, &f.month, &f.year, &f.decade}) {
      cmds.push_back({"HINCRBY", key, *field, n});
    }
    ASSERT_TRUE(redis_->Pipeline(cmds).ok());
    cells_.Add(kLa, ContributionItem{series, team, D(day), delta});
  }

  void MarkSeen(const std::string& kind) {
    const PartitionKeys keys(kLocation.prefix, PartitionOf(kLa, kLocation.partitions));
    ASSERT_TRUE(redis_->Command({"HSET", keys.Seen(kLocation.ns, kLa), kind, "1"}).ok());
    ASSERT_TRUE(redis_->Command({"SADD", keys.Councils(kLocation.ns), kLa}).ok());
    ASSERT_TRUE(redis_->Command({"SADD", keys.Teams(kLocation.ns, kLa), "T1"}).ok());
    seen_.insert({kLa, kind});
  }

  // Referrals in March 2024: 5th (T1), 20th, 28th, 29th, plus one in
  // February; one re-referral on the 20th. CP plans: opened 15 Jan and
  // 1 Feb, the first closed 10 Mar, one more opened 31 Mar. No CLA data.
  void WriteScenario() {
    const uint32_t ref = SeriesOf("referrals");
    const uint32_t reref = SeriesOf("rereferrals_12m", true);
    const uint32_t cp = SeriesOf("cp_plans_open");
    for (const char* d : {"2024-02-10", "2024-03-05", "2024-03-20", "2024-03-28", "2024-03-29"}) {
      AddCell(ref, "*", d, 1);
    }
    AddCell(ref, "T1", "2024-03-05", 1);
    AddCell(reref, "*", "2024-03-20", 1);
    AddCell(cp, "*", "2024-01-15", 1);
    AddCell(cp, "*", "2024-02-01", 1);
    AddCell(cp, "*", "2024-03-10", -1);
    AddCell(cp, "*", "2024-03-31", 1);
    MarkSeen("referral");
    MarkSeen("cp_plan");
  }

  grpc::Status GetScorecard(const std::string& la, const v1::Period& period, v1::Scorecard* out,
                            const std::string& team = "") {
    grpc::ClientContext ctx;
    v1::GetScorecardRequest req;
    req.set_la_code(la);
    req.set_team_id(team);
    *req.mutable_period() = period;
    return scorecards_->GetScorecard(&ctx, req, out);
  }

  static v1::Period Month(const std::string& m, v1::PeriodKind kind = v1::PERIOD_KIND_MONTH) {
    v1::Period p;
    p.set_kind(kind);
    p.set_month(m);
    return p;
  }

  static const v1::IndicatorValue& Find(const v1::Scorecard& card, const std::string& id) {
    for (const auto& v : card.indicators()) {
      if (v.id() == id) return v;
    }
    ADD_FAILURE() << "no indicator " << id;
    return card.indicators(0);
  }

  std::unique_ptr<RedisServer> redis_server_;
  std::unique_ptr<RedisConnection> redis_;
  MeasureRegistry measures_;
  std::shared_ptr<const Catalogue> catalogue_;
  std::unique_ptr<RedisPool> pool_;
  Day today_ = D("2024-03-15");
  prometheus::Registry registry_;
  RequestMetrics request_metrics_{registry_};
  std::unique_ptr<ScorecardQueries> queries_;
  std::unique_ptr<ScorecardServiceImpl> scorecard_service_;
  std::unique_ptr<EventServiceImpl> event_service_;
  RunningServer server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ScorecardService::Stub> scorecards_;
  std::unique_ptr<v1::EventService::Stub> events_;
  AggregateCells cells_;
  std::set<std::pair<std::string, std::string>> seen_;
};

TEST_F(QueryServiceTest, MonthScorecardMatchesHandComputedValues) {
  WriteScenario();
  v1::Scorecard card;
  grpc::Status s = GetScorecard(kLa, Month("2024-03"), &card);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(card.period_start(), "2024-03-01");
  EXPECT_EQ(card.period_end(), "2024-03-31");
  EXPECT_EQ(card.catalogue_version(), catalogue_->version());
  ASSERT_EQ(card.indicators_size(), 5);

  const auto& referrals = Find(card, "referrals");
  EXPECT_EQ(referrals.status(), v1::VALUE_STATUS_OK);
  EXPECT_EQ(referrals.value(), 4);
  EXPECT_EQ(referrals.rag(), v1::RAG_NONE);
  // March 2024 is reporting year 2024: 4 / 918 (mid-2023) x 10,000 = 43.57.
  ASSERT_TRUE(referrals.has_rate_per_10k());
  EXPECT_NEAR(referrals.rate_per_10k(), 43.57, 0.005);
  EXPECT_EQ(referrals.comparator().year(), 2025);
  EXPECT_EQ(referrals.comparator().council(), 57);
  EXPECT_EQ(referrals.comparator().england(), 632830);
  EXPECT_EQ(referrals.comparator().neighbours_average(), 1511);
  EXPECT_EQ(referrals.comparator().neighbours_count(), 1);

  const auto& reref = Find(card, "rereferrals_12m");
  EXPECT_EQ(reref.status(), v1::VALUE_STATUS_OK);
  EXPECT_EQ(reref.numerator(), 1);
  EXPECT_EQ(reref.denominator(), 4);
  EXPECT_DOUBLE_EQ(reref.value(), 25.0);
  EXPECT_EQ(reref.rag(), v1::RAG_RED);  // lower is better, target 22, no margin

  // Snapshot at 31 March: 15 Jan and 1 Feb opened, 10 Mar closed one, 31 Mar opened one.
  EXPECT_EQ(Find(card, "cp_plans_open").value(), 2);

  const auto& cla = Find(card, "cla_open");
  EXPECT_EQ(cla.status(), v1::VALUE_STATUS_NOT_AVAILABLE);
  EXPECT_NE(cla.reason().find("cla_episode"), std::string::npos);
}

TEST_F(QueryServiceTest, RedisReaderAgreesWithInMemoryOracle) {
  WriteScenario();
  MemoryAggregateReader memory(cells_, seen_);
  auto lease = pool_->Acquire();
  ASSERT_TRUE(lease.ok());
  RedisAggregateReader redis(lease->client(), *catalogue_, kLocation);
  for (const v1::Period& p :
       {Month("2024-03"), Month("2024-02"), Month("2024-03", v1::PERIOD_KIND_YTD),
        Month("2024-03", v1::PERIOD_KIND_ROLLING12), Month("2030-01")}) {
    for (const std::string team : {"", "T1"}) {
      auto a = BuildScorecard(*catalogue_, redis, kLa, team, p, today_);
      auto b = BuildScorecard(*catalogue_, memory, kLa, team, p, today_);
      ASSERT_TRUE(a.ok() && b.ok());
      EXPECT_EQ(a->SerializeAsString(), b->SerializeAsString()) << p.DebugString() << team;
    }
  }
}

TEST_F(QueryServiceTest, AsOfTodayUsesInjectedClockAndTeams) {
  WriteScenario();
  v1::Period as_of;
  as_of.set_kind(v1::PERIOD_KIND_AS_OF);  // empty date: today (15 March)
  v1::Scorecard card;
  ASSERT_TRUE(GetScorecard(kLa, as_of, &card).ok());
  EXPECT_EQ(card.period_start(), "2024-03-01");
  EXPECT_EQ(card.period_end(), "2024-03-15");
  EXPECT_EQ(Find(card, "referrals").value(), 1);                  // month to date
  EXPECT_EQ(Find(card, "cp_plans_open").value(), 1);              // one closed on the 10th
  EXPECT_EQ(Find(card, "rereferrals_12m").rag(), v1::RAG_GREEN);  // 0/1

  v1::Scorecard team;
  ASSERT_TRUE(GetScorecard(kLa, Month("2024-03"), &team, "T1").ok());
  EXPECT_EQ(team.team_id(), "T1");
  EXPECT_EQ(Find(team, "referrals").value(), 1);
  EXPECT_EQ(Find(team, "rereferrals_12m").numerator(), 0);

  v1::Scorecard empty;  // a month without referrals: ratio has no denominator
  ASSERT_TRUE(GetScorecard(kLa, Month("2023-06"), &empty).ok());
  EXPECT_EQ(Find(empty, "rereferrals_12m").status(), v1::VALUE_STATUS_NO_DENOMINATOR);
  EXPECT_EQ(Find(empty, "rereferrals_12m").rag(), v1::RAG_NONE);
}

TEST_F(QueryServiceTest, InvalidArgumentAndNotFound) {
  WriteScenario();
  v1::Scorecard card;
  for (const std::string la : {"", "20-1", "12345678901234567", "2 1"}) {
    EXPECT_EQ(GetScorecard(la, Month("2024-03"), &card).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT)
        << la;
  }
  for (const std::string m : {"2024-13", "2024-3", "", "abcd-ef"}) {
    EXPECT_EQ(GetScorecard(kLa, Month(m), &card).error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << m;
  }
  v1::Period bad_date;
  bad_date.set_kind(v1::PERIOD_KIND_AS_OF);
  bad_date.set_date("2024-02-30");
  EXPECT_EQ(GetScorecard(kLa, bad_date, &card).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(GetScorecard("999", Month("2024-03"), &card).error_code(), grpc::StatusCode::NOT_FOUND);

  auto series = [&](const std::string& la, const std::string& id, const std::string& from,
                    const std::string& to) {
    grpc::ClientContext ctx;
    v1::GetSeriesRequest req;
    req.set_la_code(la);
    req.set_indicator_id(id);
    req.set_from_month(from);
    req.set_to_month(to);
    v1::Series out;
    return scorecards_->GetSeries(&ctx, req, &out).error_code();
  };
  EXPECT_EQ(series(kLa, "nope", "2024-01", "2024-03"), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(series("999", "referrals", "2024-01", "2024-03"), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(series(kLa, "referrals", "2024-03", "2024-01"), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(series(kLa, "referrals", "2000-01", "2020-01"), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(series(kLa, "referrals", "2024-1", "2024-03"), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(series(kLa, "referrals", "2000-01", "2019-12"), grpc::StatusCode::OK);  // 240
}

TEST_F(QueryServiceTest, SeriesAndCatalogue) {
  WriteScenario();
  grpc::ClientContext ctx;
  v1::GetSeriesRequest req;
  req.set_la_code(kLa);
  req.set_indicator_id("referrals");
  req.set_from_month("2024-01");
  req.set_to_month("2024-03");
  v1::Series series;
  ASSERT_TRUE(scorecards_->GetSeries(&ctx, req, &series).ok());
  ASSERT_EQ(series.points_size(), 3);
  EXPECT_EQ(series.points(0).month(), "2024-01");
  EXPECT_EQ(series.points(0).value().value(), 0);
  EXPECT_EQ(series.points(1).value().value(), 1);
  EXPECT_EQ(series.points(2).month(), "2024-03");
  EXPECT_EQ(series.points(2).value().value(), 4);

  grpc::ClientContext ctx2;
  v1::ListIndicatorsResponse list;
  ASSERT_TRUE(scorecards_->ListIndicators(&ctx2, {}, &list).ok());
  EXPECT_EQ(list.catalogue_version(), catalogue_->version());
  ASSERT_EQ(list.indicators_size(), 5);
  EXPECT_EQ(list.indicators(1).id(), "rereferrals_12m");
  EXPECT_EQ(list.indicators(1).kind(), v1::MEASURE_KIND_RATIO);
  EXPECT_EQ(list.indicators(1).target().direction(), v1::DIRECTION_LOWER_IS_BETTER);
  EXPECT_EQ(list.indicators(1).target().target(), 22);
  EXPECT_FALSE(list.indicators(1).definition().empty());
}

// GetSeries points are what the MONTH scorecard of their month shows:
// rate per 10,000 for the reporting year containing the month's end, the
// RAG rule in force on that day, published comparators and breakdowns.
TEST_F(QueryServiceTest, SeriesPointsCarryRatesRulesComparatorsAndBreakdowns) {
  WriteScenario();
  // April 2024: 4 referrals (3rd..6th), one a re-referral: 25%.
  const uint32_t ref = SeriesOf("referrals");
  for (const char* d : {"2024-04-03", "2024-04-04", "2024-04-05", "2024-04-06"}) {
    AddCell(ref, "*", d, 1);
  }
  AddCell(SeriesOf("rereferrals_12m", true), "*", "2024-04-05", 1);
  // CP plans (WriteScenario): open 15 Jan, 1 Feb, closed 10 Mar, open 31
  // Mar. Bands: the plan from 15 Jan is 3 months old from 15 April.
  const IndicatorDef* bands = catalogue_->FindIndicator("cp_duration_bands");
  const uint32_t under3 =
      catalogue_->series()[static_cast<size_t>(bands->categories[0].series)].index;
  const uint32_t over3 =
      catalogue_->series()[static_cast<size_t>(bands->categories[1].series)].index;
  const uint32_t total = catalogue_->series()[static_cast<size_t>(bands->value_series)].index;
  // Which plan closed on 10 March is not known to these cells; say the one
  // from 1 Feb. Then: 15 Jan plan under 3 until 15 Apr, 31 Mar plan under 3.
  AddCell(total, "*", "2024-01-15", 1);
  AddCell(total, "*", "2024-02-01", 1);
  AddCell(total, "*", "2024-03-10", -1);
  AddCell(total, "*", "2024-03-31", 1);
  AddCell(under3, "*", "2024-01-15", 1);
  AddCell(under3, "*", "2024-04-15", -1);
  AddCell(over3, "*", "2024-04-15", 1);
  AddCell(under3, "*", "2024-02-01", 1);
  AddCell(under3, "*", "2024-03-10", -1);
  AddCell(under3, "*", "2024-03-31", 1);

  auto get = [&](const std::string& id) {
    grpc::ClientContext ctx;
    v1::GetSeriesRequest req;
    req.set_la_code(kLa);
    req.set_indicator_id(id);
    req.set_from_month("2024-02");
    req.set_to_month("2024-04");
    v1::Series series;
    const grpc::Status s = scorecards_->GetSeries(&ctx, req, &series);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(series.points_size(), 3);
    return series;
  };

  // Referrals: February 1 and March 4 are reporting year 2024, divided by
  // mid-2023 (918): 1 / 918 x 10,000 = 10.893, 4 / 918 x 10,000 = 43.573.
  // April is reporting year 2025: mid-2024 is not in the data, so no rate
  // and a note naming the year.
  const v1::Series referrals = get("referrals");
  ASSERT_EQ(referrals.points_size(), 3);
  const v1::IndicatorValue& feb = referrals.points(0).value();
  ASSERT_TRUE(feb.has_rate_per_10k());
  EXPECT_NEAR(feb.rate_per_10k(), 10.893, 0.0005);
  EXPECT_TRUE(feb.rate_note().empty());
  EXPECT_NEAR(referrals.points(1).value().rate_per_10k(), 43.573, 0.0005);
  const v1::IndicatorValue& apr = referrals.points(2).value();
  EXPECT_EQ(apr.value(), 4);
  EXPECT_FALSE(apr.has_rate_per_10k());
  EXPECT_NE(apr.rate_note().find("mid-2024"), std::string::npos) << apr.rate_note();
  // Every point carries the latest published comparators (c1 2025).
  for (const v1::SeriesPoint& p : referrals.points()) {
    EXPECT_EQ(p.value().comparator().year(), 2025) << p.month();
    EXPECT_EQ(p.value().comparator().england(), 632830) << p.month();
    EXPECT_EQ(p.value().comparator().council(), 57) << p.month();
  }
  // And each point equals the month's scorecard entry, field for field.
  for (const v1::SeriesPoint& p : referrals.points()) {
    v1::Scorecard card;
    ASSERT_TRUE(GetScorecard(kLa, Month(p.month()), &card).ok());
    EXPECT_EQ(Find(card, "referrals").SerializeAsString(), p.value().SerializeAsString())
        << p.month();
  }

  // Re-referrals: February 0/1 = 0% under "<= 22" is GREEN; March 1/4 = 25%
  // is RED; from 1 April the target is 30, so April's 1/4 = 25% is GREEN.
  const v1::Series reref = get("rereferrals_12m");
  ASSERT_EQ(reref.points_size(), 3);
  EXPECT_EQ(reref.points(0).value().rag(), v1::RAG_GREEN);
  EXPECT_EQ(reref.points(1).value().rag(), v1::RAG_RED);
  EXPECT_EQ(reref.points(1).value().target().target(), 22);
  EXPECT_EQ(reref.points(1).value().target().effective_until(), "2024-04-01");
  EXPECT_DOUBLE_EQ(reref.points(2).value().value(), 25);
  EXPECT_EQ(reref.points(2).value().rag(), v1::RAG_GREEN);
  EXPECT_EQ(reref.points(2).value().target().target(), 30);
  EXPECT_EQ(reref.points(2).value().target().effective_from(), "2024-04-01");

  // Bands at each month's end: 29 Feb 2 plans under 3 months; 31 Mar 2
  // (15 Jan and 31 Mar) under 3; 30 Apr the 15 Jan plan is 3+ months.
  const v1::Series durations = get("cp_duration_bands");
  ASSERT_EQ(durations.points_size(), 3);
  const double expected[3][3] = {{2, 2, 0}, {2, 2, 0}, {2, 1, 1}};  // total, under 3, 3+
  for (int i = 0; i < 3; ++i) {
    const v1::IndicatorValue& v = durations.points(i).value();
    EXPECT_EQ(v.kind(), v1::MEASURE_KIND_BREAKDOWN);
    EXPECT_EQ(v.value(), expected[i][0]) << i;
    ASSERT_EQ(v.breakdown_size(), 2);
    EXPECT_EQ(v.breakdown(0).id(), "under_3m");
    EXPECT_EQ(v.breakdown(0).count(), expected[i][1]) << i;
    EXPECT_EQ(v.breakdown(1).count(), expected[i][2]) << i;
    EXPECT_DOUBLE_EQ(v.breakdown(0).share(), 100 * expected[i][1] / expected[i][0]) << i;
  }
}

// ListIndicators shows the rule in force today and the whole schedule.
TEST_F(QueryServiceTest, ListIndicatorsShowsTheRuleInForceTodayAndTheSchedule) {
  auto list = [&] {
    grpc::ClientContext ctx;
    v1::ListIndicatorsResponse out;
    EXPECT_TRUE(scorecards_->ListIndicators(&ctx, {}, &out).ok());
    return out;
  };
  today_ = D("2024-03-31");
  v1::ListIndicatorsResponse before = list();
  const v1::IndicatorDefinition& reref = before.indicators(1);
  EXPECT_EQ(reref.target().target(), 22);
  ASSERT_EQ(reref.target_schedule_size(), 2);
  EXPECT_EQ(reref.target_schedule(0).effective_from(), "");
  EXPECT_EQ(reref.target_schedule(0).effective_until(), "2024-04-01");
  EXPECT_EQ(reref.target_schedule(1).effective_from(), "2024-04-01");
  EXPECT_EQ(reref.target_schedule(1).target(), 30);
  today_ = D("2024-04-01");
  EXPECT_EQ(list().indicators(1).target().target(), 30);
  // The breakdown lists its categories with their measure parameters.
  const v1::IndicatorDefinition& bands = before.indicators(4);
  EXPECT_EQ(bands.kind(), v1::MEASURE_KIND_BREAKDOWN);
  ASSERT_EQ(bands.categories_size(), 2);
  EXPECT_EQ(bands.categories(1).id(), "3m_plus");
  EXPECT_EQ(bands.categories(1).parameters().at("cp_plans_open_for.from_months"), "3");
  EXPECT_EQ(before.indicators(0).target_schedule_size(), 1);  // nothing scheduled
}

TEST_F(QueryServiceTest, HealthIsServingAndReflectionListsServices) {
  // grpc.health.v1.Health/Check with an empty request (service "").
  grpc::ClientContext ctx;
  grpc::ByteBuffer response;
  grpc::Status s = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      channel_.get(),
      grpc::internal::RpcMethod("/grpc.health.v1.Health/Check",
                                grpc::internal::RpcMethod::NORMAL_RPC),
      &ctx, StringByteBuffer(""), &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(ByteBufferString(response), std::string("\x08\x01", 2));  // status: SERVING

  // ServerReflectionRequest{list_services: "*"} (field 7).
  grpc::ClientContext rctx;
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
          channel_.get(),
          grpc::internal::RpcMethod(
              "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
              grpc::internal::RpcMethod::BIDI_STREAMING),
          &rctx));
  ASSERT_TRUE(stream->Write(StringByteBuffer(std::string("\x3a\x01*", 3))));
  stream->WritesDone();
  grpc::ByteBuffer reply;
  ASSERT_TRUE(stream->Read(&reply));
  const std::string text = ByteBufferString(reply);
  EXPECT_NE(text.find("scorecard.v1.ScorecardService"), std::string::npos);
  EXPECT_NE(text.find("scorecard.v1.EventService"), std::string::npos);
  EXPECT_NE(text.find("grpc.health.v1.Health"), std::string::npos);
  while (stream->Read(&reply)) {
  }
  EXPECT_TRUE(stream->Finish().ok());
}

v1::CaseEvent Referral(const std::string& id, const std::string& date) {
  v1::CaseEvent e;
  e.set_event_id(id);
  e.set_la_code(kLa);
  e.set_source_system("test");
  e.set_child_id("c1");
  e.set_record_id("r-" + id);
  e.set_record_version(1);
  e.set_op(v1::OP_UPSERT);
  e.mutable_referral()->set_date(date);
  return e;
}

TEST_F(QueryServiceTest, PublishAcceptsValidAndRejectsInvalidEvents) {
  v1::PublishRequest req;
  *req.add_events() = Referral("e1", "2024-03-05");
  *req.add_events() = Referral("e2", "2024-02-30");  // not a date
  v1::CaseEvent no_version = Referral("e3", "2024-03-06");
  no_version.set_record_version(0);
  *req.add_events() = no_version;
  *req.add_events() = Referral("e4", "2024-03-07");
  grpc::ClientContext ctx;
  v1::PublishResponse resp;
  ASSERT_TRUE(events_->Publish(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.results_size(), 4);
  EXPECT_EQ(resp.accepted(), 2);
  EXPECT_EQ(resp.rejected(), 2);
  EXPECT_TRUE(resp.results(0).accepted());
  EXPECT_FALSE(resp.results(1).accepted());
  EXPECT_EQ(resp.results(1).event_id(), "e2");
  EXPECT_EQ(resp.results(1).reason_code(), "invalid_date");
  EXPECT_NE(resp.results(1).reason().find("referral.date"), std::string::npos);
  EXPECT_EQ(resp.results(2).reason_code(), "invalid_version");
  EXPECT_TRUE(resp.results(3).accepted());

  const std::string stream =
      PartitionKeys(kLocation.prefix, PartitionOf(kLa, kLocation.partitions)).Stream();
  auto len = redis_->Command({"XLEN", stream});
  ASSERT_TRUE(len.ok());
  EXPECT_EQ(len->integer(), 2);
  auto range = redis_->Command({"XRANGE", stream, "-", "+"});
  ASSERT_TRUE(range.ok());
  std::vector<std::string> ids;
  for (const RedisReplyView& entry : range->elements()) {
    v1::CaseEvent e;
    ASSERT_TRUE(e.ParseFromString(std::string(entry[1][1].str())));
    ids.push_back(e.event_id());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"e1", "e4"}));
}

TEST_F(QueryServiceTest, PublishRejectsOversizedRequest) {
  v1::PublishRequest req;
  const v1::CaseEvent e = Referral("e", "2024-03-05");
  for (int i = 0; i <= kMaxEventsPerPublish; ++i) *req.add_events() = e;
  grpc::ClientContext ctx;
  v1::PublishResponse resp;
  EXPECT_EQ(events_->Publish(&ctx, req, &resp).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(QueryServiceTest, UnavailableWhenRedisIsDown) {
  WriteScenario();
  v1::Scorecard card;
  ASSERT_TRUE(GetScorecard(kLa, Month("2024-03"), &card).ok());
  ASSERT_TRUE(redis_server_->Kill().ok());
  EXPECT_EQ(GetScorecard(kLa, Month("2024-03"), &card).error_code(), grpc::StatusCode::UNAVAILABLE);
  // Bad requests are still answered as such.
  EXPECT_EQ(GetScorecard("", Month("2024-03"), &card).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::PublishRequest req;
  *req.add_events() = Referral("e1", "2024-03-05");
  grpc::ClientContext ctx;
  v1::PublishResponse resp;
  EXPECT_EQ(events_->Publish(&ctx, req, &resp).error_code(), grpc::StatusCode::UNAVAILABLE);
}

const prometheus::ClientMetric* FindMetric(const std::vector<prometheus::MetricFamily>& families,
                                           const std::string& name,
                                           const std::map<std::string, std::string>& labels) {
  for (const auto& f : families) {
    if (f.name != name) continue;
    for (const auto& m : f.metric) {
      std::map<std::string, std::string> got;
      for (const auto& l : m.label) got[l.name] = l.value;
      bool match = true;
      for (const auto& [k, v] : labels) match = match && got[k] == v;
      if (match) return &m;
    }
  }
  return nullptr;
}

TEST_F(QueryServiceTest, RefresherPublishesIndicatorGaugesAndRequestsAreCounted) {
  WriteScenario();
  prometheus::Registry registry;
  IndicatorGauges gauges(registry);
  MetricsRefresher refresher(*queries_, gauges, std::chrono::seconds(3600));
  ASSERT_TRUE(refresher.RefreshOnce().ok());
  auto families = registry.Collect();
  auto gauge = [&](const std::string& name, const std::string& indicator) {
    const auto* m = FindMetric(families, name, {{"la_code", kLa}, {"indicator", indicator}});
    EXPECT_NE(m, nullptr) << name << " " << indicator;
    return m ? m->gauge.value : -1;
  };
  // As of today (15 March): 1 referral month to date, no re-referral.
  EXPECT_EQ(gauge("scorecard_indicator_value", "referrals"), 1);
  EXPECT_EQ(gauge("scorecard_indicator_value", "rereferrals_12m"), 0);
  EXPECT_EQ(gauge("scorecard_indicator_target", "rereferrals_12m"), 22);
  EXPECT_EQ(gauge("scorecard_indicator_rag", "rereferrals_12m"), 1);  // green
  EXPECT_EQ(gauge("scorecard_indicator_available", "rereferrals_12m"), 1);
  EXPECT_EQ(gauge("scorecard_indicator_available", "cla_open"), 0);
  EXPECT_EQ(gauge("scorecard_indicator_value", "cp_plans_open"), 1);

  // The background thread refreshes immediately on start.
  prometheus::Registry registry2;
  IndicatorGauges gauges2(registry2);
  MetricsRefresher background(*queries_, gauges2, std::chrono::seconds(3600));
  background.Start();
  EXPECT_TRUE(WaitFor(
      [&] {
        return FindMetric(registry2.Collect(), "scorecard_indicator_available",
                          {{"la_code", kLa}, {"indicator", "referrals"}}) != nullptr;
      },
      std::chrono::seconds(10)));
  background.Stop();

  v1::Scorecard card;
  EXPECT_EQ(GetScorecard("999", Month("2024-03"), &card).error_code(), grpc::StatusCode::NOT_FOUND);
  const auto* counted = FindMetric(registry_.Collect(), "scorecard_query_requests_total",
                                   {{"method", "GetScorecard"}, {"code", "NOT_FOUND"}});
  ASSERT_NE(counted, nullptr);
  EXPECT_EQ(counted->counter.value, 1);
}

}  // namespace
}  // namespace scorecard
