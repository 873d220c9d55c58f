#include "generator/synthetic_council.h"

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "engine/date.h"
#include "events/validate.h"

namespace scorecard::generator {
namespace {

using importers::CollectingSink;
using importers::PayloadKind;
using Key = std::pair<std::string, std::string>;  // (payload kind, record id)

// Latest version of each record (a delete beats an upsert of the same
// version), as the ingest service merges them.
std::map<Key, v1::CaseEvent> FinalState(const std::vector<v1::CaseEvent>& events) {
  std::map<Key, v1::CaseEvent> state;
  for (const auto& e : events) {
    Key key{std::string(PayloadKind(e)), e.record_id()};
    auto it = state.find(key);
    if (it == state.end() || e.record_version() > it->second.record_version() ||
        (e.record_version() == it->second.record_version() && e.op() == v1::OP_DELETE)) {
      state[key] = e;
    }
  }
  return state;
}

bool OpenOn(const std::string& start, const std::string& end, Day d) {
  const auto s = ParseIsoDate(start);
  const auto e = ParseIsoDate(end);
  return s && *s <= d && (!e || d < *e);
}

struct Volumes {
  double contacts_per_month = 0;
  double referrals_per_month = 0;
  double looked_after = 0;   // mean over the 12 month ends
  double cp_plans_open = 0;  // children, mean over the 12 month ends
  double case_holders = 0;   // mean over the 12 month ends
  double allocated_children = 0;
  size_t teams = 0;
  int64_t population = 0;
};

Volumes Measure(const std::map<Key, v1::CaseEvent>& state, Day start) {
  Volumes v;
  const Day end = AddYears(start, 1);
  std::set<std::string> teams;
  for (const auto& [key, e] : state) {
    if (e.op() != v1::OP_UPSERT) continue;
    if (e.has_contact()) {
      const Day d = *ParseIsoDate(e.contact().date());
      if (d >= start && d < end) v.contacts_per_month += 1.0 / 12;
    } else if (e.has_referral()) {
      const Day d = *ParseIsoDate(e.referral().date());
      if (d >= start && d < end) v.referrals_per_month += 1.0 / 12;
    } else if (e.has_worker() && e.worker().case_holder()) {
      teams.insert(e.team_id());
    } else if (e.has_population_estimate() &&
               e.population_estimate().mid_year() == CivilFromDay(start).year) {
      v.population = e.population_estimate().population();
    }
  }
  v.teams = teams.size();
  int month = MonthIndex(start);
  for (int m = 0; m < 12; ++m) {
    const Day d = LastDayOfMonthIndex(month + m);
    std::set<std::string> cla, cp, allocated;
    int holders = 0;
    for (const auto& [key, e] : state) {
      if (e.op() != v1::OP_UPSERT) continue;
      if (e.has_cla_episode()) {
        const auto& p = e.cla_episode();
        if (OpenOn(p.decom(), p.dec(), d) && p.ls() != "V3" && p.ls() != "V4") {
          cla.insert(e.child_id());
        }
      } else if (e.has_cp_plan()) {
        if (OpenOn(e.cp_plan().start_date(), e.cp_plan().end_date(), d)) cp.insert(e.child_id());
      } else if (e.has_worker()) {
        if (e.worker().case_holder() && OpenOn(e.worker().start_date(), e.worker().end_date(), d)) {
          ++holders;
        }
      } else if (e.has_allocation()) {
        if (OpenOn(e.allocation().start_date(), e.allocation().end_date(), d)) {
          allocated.insert(e.child_id());
        }
      }
    }
    v.looked_after += cla.size() / 12.0;
    v.cp_plans_open += cp.size() / 12.0;
    v.case_holders += holders / 12.0;
    v.allocated_children += allocated.size() / 12.0;
  }
  return v;
}

// The default council, one year, generated once for the suite.
class DefaultCouncilTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    events_ = new std::vector<v1::CaseEvent>();
    CollectingSink sink;
    SyntheticCouncilOptions options;  // seed 1, scale 1.0, 2021-04-01, 1 year
    const auto stats = GenerateSyntheticCouncil(options, sink);
    ASSERT_TRUE(stats.ok()) << stats.status();
    *events_ = std::move(sink.events);
  }
  static void TearDownTestSuite() {
    delete events_;
    events_ = nullptr;
  }
  static std::vector<v1::CaseEvent>* events_;
};
std::vector<v1::CaseEvent>* DefaultCouncilTest::events_ = nullptr;

TEST_F(DefaultCouncilTest, VolumesMatchTheMidSizedCouncilWithin15Percent) {
  const Volumes v = Measure(FinalState(*events_), DayFromCivil(2021, 4, 1));
  std::cout << "events " << events_->size() << ", contacts/month " << v.contacts_per_month
            << ", referrals/month " << v.referrals_per_month << ", looked after " << v.looked_after
            << ", CP plans " << v.cp_plans_open << ", case-holders " << v.case_holders
            << ", allocated children " << v.allocated_children << ", teams " << v.teams
            << ", population " << v.population << "\n";
  auto within = [](double value, double target) {
    return value >= target * 0.85 && value <= target * 1.15;
  };
  EXPECT_TRUE(within(v.contacts_per_month, 1000)) << v.contacts_per_month;
  EXPECT_TRUE(within(v.looked_after, 345)) << v.looked_after;
  EXPECT_TRUE(within(v.cp_plans_open, 200)) << v.cp_plans_open;
  EXPECT_TRUE(within(v.case_holders, 100)) << v.case_holders;
  EXPECT_TRUE(within(static_cast<double>(v.population), 35000)) << v.population;
  EXPECT_EQ(v.teams, 8u);
}

TEST_F(DefaultCouncilTest, EveryEventPassesValidationWhenErrorRatesAreZero) {
  std::map<std::string, int64_t> rejects;
  std::set<std::string> ids;
  for (const auto& e : *events_) {
    if (const auto r = CheckEvent(e)) ++rejects[r->ToString()];
    ids.insert(e.event_id());
  }
  EXPECT_TRUE(rejects.empty()) << rejects.size() << " kinds, e.g. " << rejects.begin()->first;
  EXPECT_EQ(ids.size(), events_->size());  // no duplicates without a duplicate rate
}

TEST_F(DefaultCouncilTest, SubjectsAndTeamsAreSet) {
  for (const auto& e : *events_) {
    if (e.has_population_estimate()) continue;
    EXPECT_FALSE(e.team_id().empty()) << e.DebugString();
    if (e.has_worker()) {
      EXPECT_FALSE(e.worker_id().empty());
    } else {
      ASSERT_FALSE(e.child_id().empty()) << e.DebugString();
    }
    if (e.has_allocation()) {
      EXPECT_FALSE(e.worker_id().empty());
    }
    if (e.has_person()) {
      EXPECT_EQ(e.record_id(), e.child_id());
    }
  }
}

std::string Generate(const SyntheticCouncilOptions& options) {
  std::ostringstream out;
  importers::NdjsonWriter writer(out);
  const auto stats = GenerateSyntheticCouncil(options, writer);
  EXPECT_TRUE(stats.ok());
  return out.str();
}

TEST(SyntheticCouncilTest, SameSeedGivesByteIdenticalOutput) {
  SyntheticCouncilOptions options;
  options.scale = 0.1;
  options.duplicate_rate = 0.01;
  options.out_of_order_rate = 0.01;
  options.correction_rate = 0.01;
  options.delete_rate = 0.01;
  const std::string a = Generate(options);
  const std::string b = Generate(options);
  EXPECT_GT(a.size(), 100000u);
  EXPECT_TRUE(a == b);
  options.seed = 2;
  EXPECT_FALSE(a == Generate(options));
}

TEST(SyntheticCouncilTest, ImperfectDeliveryLeavesTheSameFinalState) {
  SyntheticCouncilOptions clean_options;
  clean_options.scale = 0.15;
  SyntheticCouncilOptions noisy_options = clean_options;
  noisy_options.out_of_order_rate = 0.05;
  noisy_options.duplicate_rate = 0.05;
  noisy_options.correction_rate = 0.05;
  noisy_options.delete_rate = 0.02;
  CollectingSink clean, noisy;
  ASSERT_TRUE(GenerateSyntheticCouncil(clean_options, clean).ok());
  ASSERT_TRUE(GenerateSyntheticCouncil(noisy_options, noisy).ok());
  ASSERT_GT(noisy.events.size(), clean.events.size());

  // The imperfections are there: repeated event ids, versions arriving after
  // higher ones, deletes.
  std::set<std::string> seen_ids;
  std::map<Key, int64_t> highest;
  int duplicates = 0, late = 0, deletes = 0;
  for (const auto& e : noisy.events) {
    ASSERT_FALSE(CheckEvent(e).has_value()) << CheckEvent(e)->ToString();
    if (!seen_ids.insert(e.event_id()).second) ++duplicates;
    auto& h = highest[{std::string(PayloadKind(e)), e.record_id()}];
    if (e.record_version() < h) ++late;
    h = std::max(h, e.record_version());
    if (e.op() == v1::OP_DELETE) ++deletes;
  }
  EXPECT_GT(duplicates, 0);
  EXPECT_GT(late, 0);
  EXPECT_GT(deletes, 0);

  // ... and the merged truth is unchanged: every clean record has the same
  // payload, and every extra record ends deleted.
  const auto clean_state = FinalState(clean.events);
  const auto noisy_state = FinalState(noisy.events);
  for (const auto& [key, e] : clean_state) {
    auto it = noisy_state.find(key);
    ASSERT_NE(it, noisy_state.end()) << key.first << " " << key.second;
    v1::CaseEvent a = e, b = it->second;
    for (auto* x : {&a, &b}) {
      x->clear_event_id();
      x->clear_record_version();
      x->clear_recorded_at();
    }
    ASSERT_EQ(a.SerializeAsString(), b.SerializeAsString()) << a.DebugString() << b.DebugString();
  }
  for (const auto& [key, e] : noisy_state) {
    if (!clean_state.contains(key)) {
      EXPECT_EQ(e.op(), v1::OP_DELETE) << key.second;
    }
  }
}

TEST(SyntheticCouncilTest, RejectsBadOptions) {
  CollectingSink sink;
  SyntheticCouncilOptions options;
  options.scale = 0;
  EXPECT_EQ(GenerateSyntheticCouncil(options, sink).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.scale = 1;
  options.duplicate_rate = 2;
  EXPECT_EQ(GenerateSyntheticCouncil(options, sink).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(sink.events.empty());
}

}  // namespace
}  // namespace scorecard::generator
