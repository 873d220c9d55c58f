// The catalogue: the shipped file loads, and schema errors are
// INVALID_ARGUMENT naming the line and the field.

#include "engine/catalogue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "engine/measure.h"

namespace scorecard {
namespace {

class CatalogueTest : public ::testing::Test {
 protected:
  CatalogueTest() { RegisterBuiltinMeasures(registry_); }
  MeasureRegistry registry_;
};

TEST_F(CatalogueTest, ShippedCatalogueLoads) {
  const auto cat = Catalogue::LoadFile(SCORECARD_SOURCE_DIR "/data/catalogue.yaml", registry_);
  ASSERT_TRUE(cat.ok()) << cat.status();
  const std::vector<std::string> expected = {"contacts",
                                             "referrals",
                                             "rereferrals_12m",
                                             "assessments_open",
                                             "assessments_completed",
                                             "assessments_45wd",
                                             "cp_plans_open",
                                             "cla_open",
                                             "cla_3plus_placements"};
  // The indicators of the first issues are all there (more are added later).
  std::vector<std::string> ids;
  for (const IndicatorDef& ind : (*cat)->indicators()) ids.push_back(ind.id);
  ASSERT_GE(ids.size(), expected.size());
  for (const std::string& id : expected) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
  EXPECT_GE((*cat)->sections().size(), 4u);
  EXPECT_EQ((*cat)->version().rfind("default@2026.11+", 0), 0u) << (*cat)->version();
}

TEST_F(CatalogueTest, ShippedIndicatorsHaveTheirKindsAndTargets) {
  const auto cat = Catalogue::LoadFile(SCORECARD_SOURCE_DIR "/data/catalogue.yaml", registry_);
  ASSERT_TRUE(cat.ok()) << cat.status();

  const IndicatorDef* a45 = (*cat)->FindIndicator("assessments_45wd");
  ASSERT_NE(a45, nullptr);
  EXPECT_EQ(a45->kind, IndicatorKind::kRatio);
  EXPECT_EQ(a45->unit, "percent");
  EXPECT_EQ(a45->target.direction(), v1::DIRECTION_HIGHER_IS_BETTER);
  EXPECT_TRUE(a45->target.has_target());
  EXPECT_EQ(a45->target.target(), 85);
  EXPECT_EQ(a45->target.amber_margin(), 5);
  EXPECT_EQ(a45->section, "Assessment");

  const IndicatorDef* rr = (*cat)->FindIndicator("rereferrals_12m");
  ASSERT_NE(rr, nullptr);
  EXPECT_EQ(rr->target.direction(), v1::DIRECTION_LOWER_IS_BETTER);
  EXPECT_EQ(rr->target.target(), 22);
  EXPECT_EQ(rr->target.amber_margin(), 0);  // no stated margin

  const IndicatorDef* referrals = (*cat)->FindIndicator("referrals");
  ASSERT_NE(referrals, nullptr);
  EXPECT_EQ(referrals->kind, IndicatorKind::kFlow);
  EXPECT_EQ(referrals->unit, "count");
  EXPECT_TRUE(referrals->rate_per_10k);
  EXPECT_EQ(referrals->target.direction(), v1::DIRECTION_CONTEXT);
  // The re-referral denominator is the same series as the referral count:
  // identical measure and parameters share one set of aggregates.
  EXPECT_EQ(referrals->value_series, rr->denominator);

  const IndicatorDef* cp = (*cat)->FindIndicator("cp_plans_open");
  ASSERT_NE(cp, nullptr);
  EXPECT_EQ(cp->kind, IndicatorKind::kSnapshot);

  EXPECT_EQ((*cat)->FindIndicator("no_such_indicator"), nullptr);
}

// A small valid catalogue; the error cases change one line. Line numbers
// (1-based) are in the comments because the tests assert them.
std::vector<std::string> BaseLines() {
  return {
      "catalogue:",                                                                       // 1
      "  name: test",                                                                     // 2
      "  version: \"1\"",                                                                 // 3
      "sections:",                                                                        // 4
      "  - id: s",                                                                        // 5
      "    name: S",                                                                      // 6
      "indicators:",                                                                      // 7
      "  - id: referrals",                                                                // 8
      "    name: Referrals",                                                              // 9
      "    section: s",                                                                   // 10
      "    kind: flow",                                                                   // 11
      "    value: {measure: dated_records, params: {kind: referral, date_field: date}}",  // 12
      "    rag: {direction: context}",                                                    // 13
      "  - id: share",                                                                    // 14
      "    name: Share",                                                                  // 15
      "    section: s",                                                                   // 16
      "    kind: ratio",                                                                  // 17
      "    numerator: {measure: rereferrals, params: {months: 12}}",                      // 18
      "    denominator: {measure: dated_records, params: {kind: referral, date_field: date}}",  // 19
      "    rag: {direction: band, band: [12, 18], amber_margin: 1}",  // 20
  };
}

std::string Text(const std::vector<std::string>& lines) {
  return absl::StrJoin(lines, "\n") + "\n";
}

class CatalogueErrorTest : public CatalogueTest {
 protected:
  // Parses `lines` and checks for INVALID_ARGUMENT whose message names
  // "test.yaml:<line>" and contains `field`.
  void ExpectError(const std::vector<std::string>& lines, int line, const std::string& field) {
    const auto cat = Catalogue::Parse(Text(lines), "test.yaml", registry_);
    ASSERT_FALSE(cat.ok()) << Text(lines);
    EXPECT_EQ(cat.status().code(), absl::StatusCode::kInvalidArgument);
    const std::string message(cat.status().message());
    EXPECT_NE(message.find("test.yaml:" + std::to_string(line) + ":"), std::string::npos)
        << message;
    EXPECT_NE(message.find(field), std::string::npos) << message;
  }
};

TEST_F(CatalogueErrorTest, BaseIsValid) {
  const auto cat = Catalogue::Parse(Text(BaseLines()), "test.yaml", registry_);
  ASSERT_TRUE(cat.ok()) << cat.status();
  ASSERT_EQ((*cat)->indicators().size(), 2u);
  const IndicatorDef& share = (*cat)->indicators()[1];
  EXPECT_EQ(share.target.direction(), v1::DIRECTION_BAND);
  EXPECT_EQ(share.target.band_low(), 12);
  EXPECT_EQ(share.target.band_high(), 18);
  EXPECT_EQ(share.target.amber_margin(), 1);
  // The referral count appears twice but is one series; plus re-referrals.
  EXPECT_EQ((*cat)->series().size(), 2u);
}

TEST_F(CatalogueErrorTest, UnknownTopLevelKey) {
  auto lines = BaseLines();
  lines.push_back("extras: 1");  // line 21
  ExpectError(lines, 21, "extras");
}

TEST_F(CatalogueErrorTest, UnknownMeasure) {
  auto lines = BaseLines();
  lines[11] = "    value: {measure: dated_recordz, params: {kind: referral, date_field: date}}";
  ExpectError(lines, 12, "indicators[0] (referrals).value.measure");
}

TEST_F(CatalogueErrorTest, BadIntegerParameter) {
  auto lines = BaseLines();
  lines[17] =
      "    numerator: {measure: assessments_within, params: {anchor: referral, limit: abc}}";
  // The numerator is then a flow of assessments, still valid against the
  // referral-flow denominator, so only the parameter is wrong.
  ExpectError(lines, 18, "indicators[1] (share).numerator.params");
  ExpectError(lines, 18, "limit");
}

TEST_F(CatalogueErrorTest, UnknownDateField) {
  auto lines = BaseLines();
  lines[11] = "    value: {measure: dated_records, params: {kind: referral, date_field: when}}";
  ExpectError(lines, 12, "indicators[0] (referrals).value.params");
  ExpectError(lines, 12, "date_field");
}

TEST_F(CatalogueErrorTest, UnknownParameterName) {
  auto lines = BaseLines();
  lines[17] = "    numerator: {measure: rereferrals, params: {monthz: 12}}";
  ExpectError(lines, 18, "indicators[1] (share).numerator.params");
  ExpectError(lines, 18, "monthz");
}

TEST_F(CatalogueErrorTest, BandLowAboveHigh) {
  auto lines = BaseLines();
  lines[19] = "    rag: {direction: band, band: [18, 12], amber_margin: 1}";
  ExpectError(lines, 20, "indicators[1] (share).rag.band");
}

TEST_F(CatalogueErrorTest, DuplicateIndicatorId) {
  auto lines = BaseLines();
  lines[13] = "  - id: referrals";
  ExpectError(lines, 14, "indicators[1] (referrals).id");
}

TEST_F(CatalogueErrorTest, RatioOfFlowOverSnapshot) {
  auto lines = BaseLines();
  lines[18] =
      "    denominator: {measure: open_records, params: {kind: cp_plan, start_field: start_date, "
      "end_field: end_date}}";
  ExpectError(lines, 19, "indicators[1] (share).denominator");
}

TEST_F(CatalogueErrorTest, UnknownIndicatorField) {
  auto lines = BaseLines();
  lines[8] = "    nmae: Referrals";
  ExpectError(lines, 9, "indicators[0].nmae");
}

TEST_F(CatalogueErrorTest, FlowKindWithSnapshotMeasure) {
  auto lines = BaseLines();
  lines[11] =
      "    value: {measure: open_records, params: {kind: cp_plan, start_field: start_date, "
      "end_field: end_date}}";
  ExpectError(lines, 12, "indicators[0] (referrals).value");
}

TEST_F(CatalogueErrorTest, UnknownSection) {
  auto lines = BaseLines();
  lines[9] = "    section: nowhere";
  ExpectError(lines, 10, "indicators[0] (referrals).section");
}

TEST_F(CatalogueErrorTest, SyntaxError) {
  auto lines = BaseLines();
  lines[12] = "    rag: {direction: context";  // unclosed flow mapping
  const auto cat = Catalogue::Parse(Text(lines), "test.yaml", registry_);
  ASSERT_FALSE(cat.ok());
  EXPECT_EQ(cat.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CatalogueTest, MissingFileIsNotFound) {
  const auto cat = Catalogue::LoadFile(SCORECARD_SOURCE_DIR "/no/such/catalogue.yaml", registry_);
  ASSERT_FALSE(cat.ok());
  EXPECT_EQ(cat.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace scorecard
