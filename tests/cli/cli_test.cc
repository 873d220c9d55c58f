// scorecardctl: the shared table printer, period flags, `publish` (against a
// real redis-server) and `batch` (in memory).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "cli/catalogue_doc.h"
#include "cli/command_support.h"
#include "cli/commands.h"
#include "cli/publish_command.h"
#include "cli/scorecard_table.h"
#include "events/partitioning.h"
#include "redis/redis_connection.h"
#include "support/redis_server.h"

namespace scorecard::cli {
namespace {

v1::Scorecard HandBuiltScorecard() {
  v1::Scorecard card;
  card.set_la_code("201");
  card.mutable_period()->set_kind(v1::PERIOD_KIND_MONTH);
  card.mutable_period()->set_month("2024-03");
  card.set_period_start("2024-03-01");
  card.set_period_end("2024-03-31");
  card.set_catalogue_version("test@1+abc");

  v1::IndicatorValue* referrals = card.add_indicators();
  referrals->set_id("referrals");
  referrals->set_name("Referrals");
  referrals->set_section("Front door");
  referrals->set_unit("count");
  referrals->set_kind(v1::MEASURE_KIND_FLOW);
  referrals->set_status(v1::VALUE_STATUS_OK);
  referrals->set_value(42);
  referrals->mutable_target()->set_direction(v1::DIRECTION_CONTEXT);
  referrals->set_rag(v1::RAG_NONE);

  v1::IndicatorValue* assess = card.add_indicators();
  assess->set_id("assessments_45wd");
  assess->set_name("Assessments within 45 working days");
  assess->set_section("Assessment");
  assess->set_unit("percent");
  assess->set_kind(v1::MEASURE_KIND_RATIO);
  assess->set_status(v1::VALUE_STATUS_OK);
  assess->set_numerator(17);
  assess->set_denominator(20);
  assess->set_value(85.0);
  assess->mutable_target()->set_direction(v1::DIRECTION_HIGHER_IS_BETTER);
  assess->mutable_target()->set_has_target(true);
  assess->mutable_target()->set_target(85);
  assess->mutable_target()->set_amber_margin(5);
  assess->set_rag(v1::RAG_GREEN);

  v1::IndicatorValue* second = card.add_indicators();
  second->set_id("cp_second_plus");
  second->set_name("Second or subsequent CP plans");
  second->set_section("Front door");  // interleaved: printed under its section
  second->set_unit("percent");
  second->set_kind(v1::MEASURE_KIND_RATIO);
  second->set_status(v1::VALUE_STATUS_OK);
  second->set_numerator(1);
  second->set_denominator(3);
  second->set_value(100.0 / 3);
  second->mutable_target()->set_direction(v1::DIRECTION_BAND);
  second->mutable_target()->set_band_low(12);
  second->mutable_target()->set_band_high(18);
  second->set_rag(v1::RAG_RED);

  v1::IndicatorValue* cla = card.add_indicators();
  cla->set_id("cla_open");
  cla->set_name("Children looked after");
  cla->set_section("Assessment");
  cla->set_unit("count");
  cla->set_status(v1::VALUE_STATUS_NOT_AVAILABLE);
  cla->set_reason("not captured: no cla_episode events");
  return card;
}

// The line of `text` that contains `needle`.
std::string LineWith(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find(needle) != std::string::npos) return line;
  }
  return "";
}

TEST(ScorecardTableTest, PrintsHeaderSectionsValuesTargetsAndRag) {
  std::ostringstream out;
  PrintScorecardTable(HandBuiltScorecard(), out);
  const std::string text = out.str();
  EXPECT_NE(text.find("Council 201, whole council"), std::string::npos) << text;
  EXPECT_NE(text.find("month 2024-03 (2024-03-01 to 2024-03-31)"), std::string::npos) << text;
  EXPECT_NE(text.find("Catalogue: test@1+abc"), std::string::npos);

  const std::string referrals = LineWith(text, "Referrals");
  EXPECT_NE(referrals.find(" 42 "), std::string::npos) << referrals;
  EXPECT_EQ(referrals.find("42.0"), std::string::npos) << referrals;  // counts are integers

  const std::string assess = LineWith(text, "Assessments within 45");
  EXPECT_NE(assess.find("85.0%"), std::string::npos) << assess;
  EXPECT_NE(assess.find("17/20"), std::string::npos) << assess;
  EXPECT_NE(assess.find(">= 85% (amber 5)"), std::string::npos) << assess;
  EXPECT_NE(assess.find("GREEN"), std::string::npos) << assess;

  const std::string second = LineWith(text, "Second or subsequent");
  EXPECT_NE(second.find("33.3%"), std::string::npos) << second;
  EXPECT_NE(second.find("band 12-18%"), std::string::npos) << second;
  EXPECT_NE(second.find("RED"), std::string::npos) << second;

  EXPECT_NE(LineWith(text, "Children looked after").find("n/a: not captured: no cla_episode"),
            std::string::npos);

  // Grouped by section: both Front door indicators come before "Assessment".
  const size_t front = text.find("\nFront door\n"), assessment = text.find("\nAssessment\n");
  ASSERT_NE(front, std::string::npos);
  ASSERT_NE(assessment, std::string::npos);
  EXPECT_LT(text.find("Second or subsequent"), assessment);
  EXPECT_GT(text.find("Children looked after"), assessment);
}

TEST(ScorecardTableTest, FormatsValuesAndJson) {
  v1::IndicatorValue v;
  v.set_status(v1::VALUE_STATUS_NO_DENOMINATOR);
  EXPECT_EQ(FormatIndicatorValue(v).substr(0, 1), "-");
  EXPECT_EQ(FormatRag(v1::RAG_AMBER), "AMBER");
  EXPECT_EQ(FormatRag(v1::RAG_NONE), "-");
  v1::Target lower;
  lower.set_direction(v1::DIRECTION_LOWER_IS_BETTER);
  lower.set_has_target(true);
  lower.set_target(22);
  EXPECT_EQ(FormatTarget(lower, "percent"), "<= 22%");

  std::ostringstream json;
  PrintScorecardJson(HandBuiltScorecard(), json);
  EXPECT_NE(json.str().find("\"la_code\": \"201\""), std::string::npos) << json.str();
  EXPECT_NE(json.str().find("\"RAG_GREEN\""), std::string::npos);
}

TEST(PeriodFlagsTest, ParsesAndRejects) {
  auto month = PeriodFromFlags("2024-03", "ytd", "");
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(month->kind(), v1::PERIOD_KIND_YTD);
  auto as_of = PeriodFromFlags("", "", "2024-03-15");
  ASSERT_TRUE(as_of.ok());
  EXPECT_EQ(as_of->kind(), v1::PERIOD_KIND_AS_OF);
  EXPECT_EQ(PeriodFromFlags("", "", "")->kind(), v1::PERIOD_KIND_AS_OF);
  EXPECT_FALSE(PeriodFromFlags("2024-03", "", "2024-03-15").ok());
  EXPECT_FALSE(PeriodFromFlags("2024-13", "", "").ok());
  EXPECT_FALSE(PeriodFromFlags("2024-03", "weekly", "").ok());
}

constexpr char kEvents[] =
    R"({"event_id":"e1","la_code":"201","child_id":"c1","record_id":"r1","record_version":1,"op":"OP_UPSERT","referral":{"date":"2024-03-05"}}
this is not json
{"event_id":"e3","la_code":"201","child_id":"c1","record_id":"r3","record_version":1,"op":"OP_UPSERT","referral":{"date":"2024-02-30"}}

{"event_id":"e5","la_code":"201","child_id":"c2","record_id":"r5","record_version":1,"op":"OP_UPSERT","referral":{"date":"2024-03-20"}}
)";

TEST(PublishCommandTest, ReportsBadLinesWithFileAndLineAndPublishesTheRest) {
  auto server = RedisServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  auto redis = RedisConnection::Connect((*server)->options());
  ASSERT_TRUE(redis.ok());
  Publisher publisher(**redis, QueueConfig{"ssc", 8});

  std::istringstream in(kEvents);
  std::ostringstream err;
  auto summary = PublishNdjson(in, "events.ndjson", publisher, /*batch=*/2, err);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->lines, 5);
  EXPECT_EQ(summary->published, 2);
  EXPECT_EQ(summary->rejected, 2);
  EXPECT_NE(err.str().find("events.ndjson:2: invalid_json: event: "), std::string::npos)
      << err.str();
  const std::string reports = err.str();
  EXPECT_EQ(std::count(reports.begin(), reports.end(), '\n'), 2) << reports;  // one per line
  EXPECT_NE(err.str().find("events.ndjson:3: invalid_date: referral.date: "), std::string::npos)
      << err.str();

  auto len = (*redis)->Command({"XLEN", PartitionKeys("ssc", PartitionOf("201", 8)).Stream()});
  ASSERT_TRUE(len.ok());
  EXPECT_EQ(len->integer(), 2);
}

TEST(PublishCommandTest, RunPublishExitCodes) {
  auto server = RedisServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string path = (*server)->dir() + "/events.ndjson";
  std::ofstream(path) << kEvents;
  const std::string addr = "127.0.0.1:" + std::to_string((*server)->port());
  EXPECT_EQ(RunPublish({path, "--redis", addr}), 1);  // rejected lines
  EXPECT_EQ(RunPublish({}), 2);                       // usage
  EXPECT_EQ(RunPublish({path, "--batch", "0"}), 2);
  const std::string good = (*server)->dir() + "/good.ndjson";
  std::ofstream(good) << std::string(kEvents).substr(0, std::string(kEvents).find('\n') + 1);
  EXPECT_EQ(RunPublish({good, "--redis", addr}), 0);
}

TEST(BatchCommandTest, PrintsScorecardComputedInMemory) {
  const std::string path = ::testing::TempDir() + "/batch_events.ndjson";
  std::ofstream(path) << kEvents;
  const std::string src = SCORECARD_SOURCE_DIR;
  ::testing::internal::CaptureStdout();
  const int rc = RunBatch({"--events", path, "--la", "201", "--month", "2024-03", "--catalogue",
                           src + "/data/catalogue.yaml", "--calendar",
                           src + "/data/calendar/england-and-wales-bank-holidays.csv",
                           "--population", src + "/data/reference/population.csv", "--comparators",
                           src + "/data/reference/comparators.csv", "--neighbours",
                           src + "/data/reference/statistical_neighbours.csv"});
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(rc, 1);  // two bad lines
  EXPECT_NE(out.find("Council 201"), std::string::npos) << out;
  const std::string referrals = LineWith(out, "Referrals ");
  EXPECT_NE(referrals.find(" 2 "), std::string::npos) << out;
  EXPECT_NE(LineWith(out, "  Children looked after").find("n/a: "), std::string::npos) << out;
  // 2 referrals in March 2024 (reporting year 2024) over City of London's
  // 918 children at mid-2023 = 21.8 per 10,000; comparators from c1 2025.
  EXPECT_NE(referrals.find(" 21.8 "), std::string::npos) << out;
  EXPECT_NE(referrals.find("Eng "), std::string::npos) << out;
  EXPECT_NE(out.find("DfE children in need (c1 referrals and re-referrals) 2025"),
            std::string::npos)
      << out;
  EXPECT_EQ(RunBatch({"--la", "201"}), 2);  // --events missing
  // A reference file that does not exist fails the command.
  EXPECT_EQ(RunBatch({"--events", path, "--la", "201", "--month", "2024-03", "--catalogue",
                      src + "/data/catalogue.yaml", "--population", "/nonexistent.csv"}),
            1);
}

}  // namespace
}  // namespace scorecard::cli

namespace scorecard::cli {
namespace {

std::string TempPath(const std::string& name) { return ::testing::TempDir() + "/" + name; }

int64_t CountLines(const std::string& path) {
  std::ifstream in(path);
  return std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n');
}

TEST(GenerateCommandTest, WritesTheSameEventsForTheSameSeedAndRejectsBadFlags) {
  const std::string a = TempPath("gen_a.ndjson"), b = TempPath("gen_b.ndjson");
  const Args common = {"--seed", "7", "--years", "1", "--scale", "0.05", "--la", "201"};
  Args args_a = common, args_b = common;
  args_a.insert(args_a.end(), {"--out", a});
  args_b.insert(args_b.end(), {"--out", b});
  ASSERT_EQ(RunGenerate(args_a), 0);
  ASSERT_EQ(RunGenerate(args_b), 0);
  std::ifstream fa(a), fb(b);
  const std::string ta((std::istreambuf_iterator<char>(fa)), std::istreambuf_iterator<char>());
  const std::string tb((std::istreambuf_iterator<char>(fb)), std::istreambuf_iterator<char>());
  EXPECT_GT(CountLines(a), 100);
  EXPECT_EQ(ta, tb);
  EXPECT_NE(ta.find("\"la_code\":\"201\""), std::string::npos);

  EXPECT_EQ(RunGenerate({"--scale", "big"}), 2);
  EXPECT_EQ(RunGenerate({"--start", "2021-02-30"}), 2);
  EXPECT_EQ(RunGenerate({"--no-such-flag", "1"}), 2);
  EXPECT_EQ(RunGenerate({"--years"}), 2);  // a value is required
}

TEST(ImportCommandTest, ImportsAFixtureAndRejectsUsageErrors) {
  const std::string dir = std::string(SCORECARD_SOURCE_DIR) + "/tests/importers/fixtures/903_small";
  const std::string out = TempPath("import903.ndjson");
  // The fixture has 10 deliberately bad rows (ssda903_importer_test), so the
  // import reports them and exits 1, but still writes the good rows' events.
  EXPECT_EQ(RunImport903({"--la", "201", "--dir", dir, "--out", out, "--quiet", "1"}), 1);
  EXPECT_GT(CountLines(out), 0);

  EXPECT_EQ(RunImport903({"--dir", dir}), 2);                  // no --la
  EXPECT_EQ(RunImport903({"--la", "201"}), 2);                 // no --dir or --file
  EXPECT_EQ(RunImport903({"--la", "2 01", "--dir", dir}), 2);  // bad council code
  EXPECT_EQ(RunImport903({"--la", "201", "--dir", dir, "--version", "x"}), 2);
  EXPECT_EQ(RunImportCin({"--la", "201"}), 2);  // no --file
}

// --publish puts exactly the events the NDJSON output would hold onto the
// council's partition stream of a real Redis.
TEST(PublishOptionTest, GenerateAndImportPublishStraightToTheQueue) {
  auto server = RedisServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string addr = "127.0.0.1:" + std::to_string((*server)->port());
  auto redis = RedisConnection::Connect((*server)->options());
  ASSERT_TRUE(redis.ok());
  auto stream_length = [&](const std::string& la) {
    auto len = (*redis)->Command({"XLEN", PartitionKeys("ssc", PartitionOf(la, 8)).Stream()});
    EXPECT_TRUE(len.ok());
    return len->integer();
  };

  const Args gen = {"--seed", "3", "--years", "1", "--scale", "0.05", "--la", "202"};
  const std::string file = TempPath("gen_for_publish.ndjson");
  Args to_file = gen, to_queue = gen;
  to_file.insert(to_file.end(), {"--out", file});
  to_queue.insert(to_queue.end(), {"--publish", addr});
  ASSERT_EQ(RunGenerate(to_file), 0);
  ASSERT_EQ(RunGenerate(to_queue), 0);
  EXPECT_EQ(stream_length("202"), CountLines(file));

  // The 903 fixture: the rows that pass the importer are published; the
  // importer's own rejects make the exit code 1.
  const std::string dir = std::string(SCORECARD_SOURCE_DIR) + "/tests/importers/fixtures/903_small";
  const std::string out = TempPath("import903_for_publish.ndjson");
  EXPECT_EQ(RunImport903({"--la", "203", "--dir", dir, "--out", out, "--quiet", "1"}), 1);
  EXPECT_EQ(RunImport903({"--la", "203", "--dir", dir, "--publish", addr, "--quiet", "1"}), 1);
  EXPECT_EQ(stream_length("203"), CountLines(out));
  EXPECT_GT(CountLines(out), 0);

  // A bad address is a usage error; an unreachable queue is a failure.
  EXPECT_EQ(RunGenerate({"--years", "1", "--scale", "0.01", "--publish", "no-port:x"}), 2);
  ASSERT_TRUE((*server)->Kill().ok());
  EXPECT_EQ(RunGenerate({"--years", "1", "--scale", "0.01", "--publish", addr}), 1);
}

TEST(ScorecardTableTest, DataQualitySectionOnlyWhenACountIsNotZero) {
  v1::Scorecard card = HandBuiltScorecard();
  v1::DataQualityCount* dq = card.add_data_quality();
  dq->set_rule("cp_plan_same_day");
  dq->set_description("CP plans that start and end on the same day");
  std::ostringstream clean;
  PrintScorecardTable(card, clean);
  EXPECT_EQ(clean.str().find("Data quality"), std::string::npos) << clean.str();
  dq->set_count(3);
  std::ostringstream flagged;
  PrintScorecardTable(card, flagged);
  EXPECT_NE(flagged.str().find("\nData quality"), std::string::npos) << flagged.str();
  EXPECT_NE(LineWith(flagged.str(), "start and end on the same day").find(" 3"), std::string::npos);
}

// Breakdown categories print as indented rows right under their indicator:
// count in the value column, share of the total after it.
TEST(ScorecardTableTest, BreakdownCategoriesAreIndentedRowsUnderTheIndicator) {
  v1::Scorecard card = HandBuiltScorecard();
  v1::IndicatorValue* bands = card.add_indicators();
  bands->set_id("cp_duration_bands");
  bands->set_name("Open CP plans by duration");
  bands->set_section("Assessment");
  bands->set_unit("count");
  bands->set_kind(v1::MEASURE_KIND_BREAKDOWN);
  bands->set_status(v1::VALUE_STATUS_OK);
  bands->set_value(8);
  for (const auto& [name, count] : {std::pair<const char*, int>{"Under 3 months", 6},
                                    std::pair<const char*, int>{"2 years or more", 2}}) {
    v1::BreakdownCategory* c = bands->add_breakdown();
    c->set_name(name);
    c->set_count(count);
    c->set_has_share(true);
    c->set_share(100.0 * count / 8);
  }
  std::ostringstream out;
  PrintScorecardTable(card, out);
  const std::string text = out.str();
  const std::string under = LineWith(text, "Under 3 months");
  EXPECT_EQ(under.rfind("    Under 3 months ", 0), 0u) << under;  // 4 spaces: indented
  EXPECT_NE(under.find(" 6 "), std::string::npos) << under;
  EXPECT_NE(under.find("75.0% of total"), std::string::npos) << under;
  EXPECT_NE(LineWith(text, "2 years or more").find("25.0% of total"), std::string::npos);
  // Directly after the indicator's own row.
  const size_t row = text.find("  Open CP plans by duration");
  ASSERT_NE(row, std::string::npos);
  EXPECT_EQ(text.compare(text.find('\n', row) + 1, 18, "    Under 3 months"), 0) << text;
  // A breakdown that is not available prints its reason and no rows.
  bands->set_status(v1::VALUE_STATUS_NOT_AVAILABLE);
  bands->set_reason("not captured: no cp_plan events");
  bands->clear_breakdown();
  std::ostringstream na;
  PrintScorecardTable(card, na);
  EXPECT_NE(LineWith(na.str(), "Open CP plans").find("n/a: not captured"), std::string::npos);
  EXPECT_EQ(na.str().find("Under 3 months"), std::string::npos);
}

TEST(CatalogueDocTest, ListsTheRagScheduleAndBreakdownCategories) {
  MeasureRegistry registry;
  RegisterBuiltinMeasures(registry);
  auto cat = Catalogue::Parse(R"(catalogue: {name: t, version: "1"}
sections: [{id: s, name: S}]
indicators:
  - id: share
    name: Share
    section: s
    kind: ratio
    numerator: {measure: dated_records, params: {kind: referral, date_field: date, filter: [nfa=true]}}
    denominator: {measure: dated_records, params: {kind: referral, date_field: date}}
    rag: {direction: band, band: [12, 18], amber_margin: 1}
    rag_from: [{from: 2026-04-01, band: [10, 16], amber_margin: 1}]
  - id: bands
    name: Bands
    section: s
    kind: breakdown
    value: {measure: open_records, params: {kind: cp_plan, start_field: start_date, end_field: end_date}}
    categories:
      - {id: young, name: Young, value: {measure: cp_plans_open_for, params: {to_months: 3}}}
      - {id: old, name: Old, value: {measure: cp_plans_open_for, params: {from_months: 3}}}
)",
                              "t.yaml", registry);
  ASSERT_TRUE(cat.ok()) << cat.status();
  std::ostringstream out;
  WriteCatalogueMarkdown(**cat, out);
  const std::string share = LineWith(out.str(), "`share`");
  EXPECT_NE(share.find("band 12-18% (amber 1)<br>from 2026-04-01: band 10-16% (amber 1)"),
            std::string::npos)
      << share;
  const std::string bands = LineWith(out.str(), "`bands`");
  EXPECT_NE(bands.find("| breakdown |"), std::string::npos) << bands;
  EXPECT_NE(bands.find("Old (`old`): `cp_plans_open_for(from_months=3,to_months=0)`"),
            std::string::npos)
      << bands;
}

TEST(CatalogueDocTest, ListsSectionsIndicatorsAndRules) {
  MeasureRegistry registry;
  RegisterBuiltinMeasures(registry);
  auto cat =
      Catalogue::LoadFile(std::string(SCORECARD_SOURCE_DIR) + "/data/catalogue.yaml", registry);
  ASSERT_TRUE(cat.ok()) << cat.status();
  std::ostringstream out;
  WriteCatalogueMarkdown(**cat, out);
  const std::string md = out.str();
  EXPECT_NE(md.find("\n## Education (external)\n"), std::string::npos);
  const std::string surplus = LineWith(md, "`reception_surplus_places`");
  EXPECT_NE(surplus.find("| external |"), std::string::npos) << surplus;
  EXPECT_NE(surplus.find("band 5-9%"), std::string::npos) << surplus;
  EXPECT_NE(LineWith(md, "`assessments_45wd`").find("assessments_within("), std::string::npos);
  EXPECT_NE(md.find("\n## Data quality rules\n"), std::string::npos);
  EXPECT_NE(LineWith(md, "`s47_after_icpc`").find("data_quality(rule=s47_after_icpc)"),
            std::string::npos);
}

}  // namespace

// scorecardctl rebuild and drop-namespace: exit codes, the switch, a rerun
// that finds everything switched, and a drop that refuses the current
// namespace and deletes the old one.
TEST(RebuildCommandTest, RebuildsSwitchesAndDropsTheOldNamespace) {
  auto server = RedisServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string addr = "127.0.0.1:" + std::to_string((*server)->port());
  auto redis = RedisConnection::Connect((*server)->options());
  ASSERT_TRUE(redis.ok());
  ASSERT_EQ(RunGenerate({"--seed", "4", "--years", "1", "--scale", "0.02", "--la", "202",
                         "--publish", addr}),
            0);
  const std::string source = SCORECARD_SOURCE_DIR;
  const Args common = {
      "--redis",     addr,
      "--catalogue", source + "/data/catalogue.yaml",
      "--calendar",  source + "/data/calendar/england-and-wales-bank-holidays.csv"};
  auto with = [&](Args extra) {
    Args a = common;
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  const PartitionKeys pk("ssc", PartitionOf("202", 8));
  auto get = [&](const std::string& key) {
    auto r = (*redis)->Command({"GET", key});
    EXPECT_TRUE(r.ok());
    return r->is_nil() ? std::string("<nil>") : std::string(r->str());
  };

  EXPECT_EQ(RunRebuild(with({"--namespace", "bad:name"})), 2);
  EXPECT_EQ(RunRebuild(with({"--namespace", "events"})), 2);  // a partition key's name
  EXPECT_EQ(RunRebuild(with({"--batch", "0"})), 2);
  EXPECT_EQ(RunRebuild(with({"--namespace", "live"})), 1);  // the current namespace
  EXPECT_EQ(get(pk.NamespacePointer()), "<nil>");

  ASSERT_EQ(RunRebuild(with({"--namespace", "r1"})), 0);
  EXPECT_EQ(get(pk.NamespacePointer()), "r1");
  const std::string watermark = get(pk.Watermark("r1"));
  auto last = (*redis)->Command({"XREVRANGE", pk.Stream(), "+", "-", "COUNT", "1"});
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(watermark, std::string((*last)[0][0].str()));
  EXPECT_EQ(RunRebuild(with({"--namespace", "r1"})), 0);  // already current: nothing to do
  EXPECT_EQ(get(pk.Watermark("r1")), watermark);

  // A second rebuild; r1 is then the old namespace.
  ASSERT_EQ(RunRebuild(with({"--namespace", "r2"})), 0);
  EXPECT_EQ(get(pk.NamespacePointer()), "r2");
  EXPECT_EQ(RunDropNamespace({"--redis", addr, "--namespace", "r2"}), 1);  // current
  EXPECT_EQ(RunDropNamespace({"--redis", addr}), 2);                       // no name
  auto count = [&](const std::string& ns) {
    auto keys = (*redis)->Command({"KEYS", pk.NamespacePattern(ns)});
    EXPECT_TRUE(keys.ok());
    return keys->size();
  };
  EXPECT_GT(count("r1"), 10u);
  EXPECT_EQ(count("r1"), count("r2"));
  EXPECT_EQ(RunDropNamespace({"--redis", addr, "--namespace", "r1"}), 0);
  EXPECT_EQ(count("r1"), 0u);
  EXPECT_GT(count("r2"), 10u);
}

}  // namespace scorecard::cli
