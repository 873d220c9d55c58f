#include "importers/event_output.h"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "generator/synthetic_council.h"
#include "importers/cin_census_importer.h"
#include "importers/ssda903_importer.h"

namespace scorecard::importers {
namespace {

const std::string kFixtures = SCORECARD_FIXTURES_DIR;
// Pinned when the scheme was written: ids must never change between releases.
const std::string kPinnedId = "s-49344e6826a126f872b45681d096b278";

std::string Reference(const v1::CaseEvent& e) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(e, &json, options).ok());
  return json;
}

void ExpectSameJson(const v1::CaseEvent& e) {
  std::string fast;
  AppendEventJson(e, fast);
  ASSERT_EQ(fast, Reference(e));
}

// The fast writer must give exactly the bytes of MessageToJsonString.
TEST(EventJsonTest, MatchesMessageToJsonStringOnImportedAndGeneratedEvents) {
  CollectingSink sink;
  Ssda903Options o903;
  o903.la_code = "201";
  ImportSsda903Directory(kFixtures + "/903_small", o903, sink);
  ImportCinCensus(kFixtures + "/cin_small.xml", {}, sink);
  generator::SyntheticCouncilOptions gen;
  gen.scale = 0.05;
  gen.correction_rate = 0.05;
  gen.delete_rate = 0.05;  // deletes have empty payloads: {"referral":{}}
  ASSERT_TRUE(generator::GenerateSyntheticCouncil(gen, sink).ok());
  ASSERT_GT(sink.events.size(), 1000u);
  for (const auto& e : sink.events) ExpectSameJson(e);
}

TEST(EventJsonTest, MatchesOnUnusualValues) {
  v1::CaseEvent e;
  e.set_event_id("x");
  e.set_record_version(-5);
  e.set_op(v1::OP_DELETE);
  e.mutable_recorded_at()->set_seconds(1700000000);
  e.mutable_recorded_at()->set_nanos(500);  // falls back
  ExpectSameJson(e);
  e.clear_recorded_at();
  e.mutable_cla_episode()->set_urn("SC<1> & \"q\" \\ \n \xc3\xa9");  // falls back
  ExpectSameJson(e);
  e.mutable_cla_episode()->set_urn("a/b (c), d");
  e.mutable_cla_episode()->set_intended_until_18(true);
  ExpectSameJson(e);
  e.mutable_worker()->set_fte(0.1 + 0.2);
  e.mutable_worker()->add_team_tags("child_protection");
  e.mutable_worker()->add_team_tags("looked_after");
  ExpectSameJson(e);
  e.mutable_population_estimate()->set_population(1234567890123LL);
  e.mutable_population_estimate()->set_mid_year(-3);
  ExpectSameJson(e);
  e.mutable_visit()->set_kind(v1::VISIT_KIND_CLA);
  ExpectSameJson(e);
  e.mutable_assessment();  // empty payload
  ExpectSameJson(e);
}

TEST(EventJsonTest, NdjsonWriterWritesOneLinePerEvent) {
  std::ostringstream out;
  NdjsonWriter writer(out);
  v1::CaseEvent e;
  e.set_event_id("a");
  e.mutable_referral();
  writer.Write(e);
  writer.Write(e);
  EXPECT_EQ(out.str(),
            "{\"event_id\":\"a\",\"referral\":{}}\n{\"event_id\":\"a\",\"referral\":{}}\n");
  EXPECT_EQ(writer.written(), 2);
}

TEST(EventIdTest, StableAndDistinct) {
  const std::string a =
      StableEventId("cin_census", "201", "referral", "K1:2022-06-01", 7, v1::OP_UPSERT);
  EXPECT_EQ(a, StableEventId("cin_census", "201", "referral", "K1:2022-06-01", 7, v1::OP_UPSERT));
  EXPECT_NE(a, StableEventId("cin_census", "201", "referral", "K1:2022-06-01", 8, v1::OP_UPSERT));
  EXPECT_NE(a,
            StableEventId("cin_census", "201", "cin_closure", "K1:2022-06-01", 7, v1::OP_UPSERT));
  EXPECT_NE(a, StableEventId("cin_census", "201", "referral", "K1:2022-06-01", 7, v1::OP_DELETE));
  EXPECT_TRUE(IsValidId(a));
  EXPECT_EQ(a.size(), std::string("cin_census-").size() + 32);
  // Pinned: ids must not change between releases (re-imports stay no-ops).
  EXPECT_EQ(StableEventId("s", "201", "k", "r", 1, v1::OP_UPSERT), kPinnedId);
}

}  // namespace
}  // namespace scorecard::importers
