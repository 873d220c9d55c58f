// The merge rule: Supersedes is a strict total order on distinct metas, so
// the winner of a record does not depend on arrival order or duplicates.

#include "engine/record.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

namespace scorecard {
namespace {

RecordMeta Meta(int64_t version, bool deleted, const std::string& event_id) {
  return RecordMeta{version, deleted, event_id, "c:child-1"};
}

// Folds metas in the given order, keeping the current winner.
RecordMeta WinnerOf(const std::vector<RecordMeta>& metas, const std::vector<size_t>& order) {
  RecordMeta winner = metas[order.front()];
  for (size_t i : order) {
    if (Supersedes(metas[i], winner)) winner = metas[i];
  }
  return winner;
}

TEST(SupersedesTest, HigherVersionWins) {
  // Version decides before the op and the event id.
  EXPECT_TRUE(Supersedes(Meta(2, false, "a"), Meta(1, true, "z")));
  EXPECT_FALSE(Supersedes(Meta(1, true, "z"), Meta(2, false, "a")));
}

TEST(SupersedesTest, OnATieDeleteBeatsUpsert) {
  EXPECT_TRUE(Supersedes(Meta(3, true, "a"), Meta(3, false, "z")));
  EXPECT_FALSE(Supersedes(Meta(3, false, "z"), Meta(3, true, "a")));
}

TEST(SupersedesTest, ThenLargerEventIdWins) {
  EXPECT_TRUE(Supersedes(Meta(3, false, "ev-2"), Meta(3, false, "ev-1")));
  EXPECT_FALSE(Supersedes(Meta(3, false, "ev-1"), Meta(3, false, "ev-2")));
  EXPECT_TRUE(Supersedes(Meta(3, true, "ev-2"), Meta(3, true, "ev-1")));
}

TEST(SupersedesTest, IsIrreflexive) {
  // An exact duplicate never supersedes: re-delivery changes nothing.
  for (const RecordMeta& m : {Meta(1, false, "a"), Meta(1, true, "a"), Meta(7, false, "")}) {
    EXPECT_FALSE(Supersedes(m, m));
  }
}

TEST(SupersedesTest, IsAStrictTotalOrderOnDistinctMetas) {
  // Every combination of version {1, 2}, op {upsert, delete} and event id
  // {a, b}: 8 distinct metas.
  std::vector<RecordMeta> metas;
  for (int64_t v : {1, 2}) {
    for (bool del : {false, true}) {
      for (const char* id : {"a", "b"}) metas.push_back(Meta(v, del, id));
    }
  }
  for (const RecordMeta& x : metas) {
    for (const RecordMeta& y : metas) {
      if (x == y) {
        EXPECT_FALSE(Supersedes(x, y));
        continue;
      }
      // Exactly one of the two directions (trichotomy and asymmetry).
      EXPECT_NE(Supersedes(x, y), Supersedes(y, x)) << x.Encode() << " vs " << y.Encode();
      for (const RecordMeta& z : metas) {
        if (Supersedes(x, y) && Supersedes(y, z)) {
          EXPECT_TRUE(Supersedes(x, z)) << x.Encode() << " > " << y.Encode() << " > " << z.Encode();
        }
      }
    }
  }
}

TEST(SupersedesTest, WinnerIsTheSameForEveryArrivalOrder) {
  // Hand-ranked: version 3 beats the rest; among the version 3 events the
  // delete beats both upserts regardless of event id.
  const std::vector<RecordMeta> metas = {
      Meta(1, false, "ev-9"),  // oldest version, largest id
      Meta(3, false, "ev-5"),  // upsert at the top version
      Meta(2, true, "ev-4"),   // delete, but an older version
      Meta(3, true, "ev-1"),   // delete at the top version: the winner
      Meta(3, false, "ev-7"),  // upsert at the top version, larger id
  };
  const RecordMeta expected = Meta(3, true, "ev-1");
  std::vector<size_t> order(metas.size());
  std::iota(order.begin(), order.end(), 0);
  int permutations = 0;
  do {
    ASSERT_EQ(WinnerOf(metas, order), expected);
    ++permutations;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(permutations, 120);  // 5!
}

TEST(SupersedesTest, WithoutADeleteTheLargestEventIdAtTheTopVersionWins) {
  const std::vector<RecordMeta> metas = {Meta(2, false, "ev-3"), Meta(2, false, "ev-8"),
                                         Meta(1, true, "ev-9"), Meta(2, false, "ev-6")};
  std::vector<size_t> order = {0, 1, 2, 3};
  do {
    ASSERT_EQ(WinnerOf(metas, order), Meta(2, false, "ev-8"));
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST(SupersedesTest, DuplicatesChangeNothing) {
  const std::vector<RecordMeta> metas = {Meta(1, false, "ev-1"), Meta(2, false, "ev-2"),
                                         Meta(2, false, "ev-2"), Meta(1, false, "ev-1"),
                                         Meta(2, false, "ev-2")};
  std::vector<size_t> order = {0, 1, 2, 3, 4};
  std::sort(order.begin(), order.end());
  do {
    ASSERT_EQ(WinnerOf(metas, order), Meta(2, false, "ev-2"));
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST(SupersedesTest, ATombstoneIsRevivedByAHigherVersion) {
  const RecordMeta tombstone = Meta(2, true, "ev-2");
  EXPECT_TRUE(Supersedes(Meta(3, false, "ev-0"), tombstone));
  EXPECT_FALSE(Supersedes(Meta(2, false, "ev-9"), tombstone));
}

TEST(RecordMetaTest, OfReadsTheEnvelope) {
  v1::CaseEvent e;
  e.set_event_id("ev-42");
  e.set_la_code("201");
  e.set_child_id("child-7");
  e.set_record_id("ref-1");
  e.set_record_version(3);
  e.set_op(v1::OP_DELETE);
  e.mutable_referral();
  const RecordMeta m = RecordMeta::Of(e);
  EXPECT_EQ(m.version, 3);
  EXPECT_TRUE(m.deleted);
  EXPECT_EQ(m.event_id, "ev-42");
  EXPECT_EQ(m.subject, "c:child-7");
  EXPECT_EQ(RecordField(e), "referral/ref-1");
  EXPECT_EQ(PayloadKindName(e), "referral");

  e.set_op(v1::OP_UPSERT);
  EXPECT_FALSE(RecordMeta::Of(e).deleted);
}

TEST(RecordMetaTest, HasRecordFieldMatchesExactlyTheRecordField) {
  v1::CaseEvent e;
  e.set_record_id("ref-1");
  e.mutable_referral();
  EXPECT_TRUE(HasRecordField(e, "referral/ref-1"));
  EXPECT_FALSE(HasRecordField(e, "referral/ref-10"));  // longer id
  EXPECT_FALSE(HasRecordField(e, "referral/ref-"));    // shorter id
  EXPECT_FALSE(HasRecordField(e, "contact/ref-1"));    // another kind
  EXPECT_FALSE(HasRecordField(e, "referralXref-1"));   // no separator
  EXPECT_FALSE(HasRecordField(e, "cp_plan/ref-1"));    // same length, other kind
}

TEST(RecordMetaTest, SubjectOfWorkerAndCouncilRecords) {
  v1::CaseEvent worker;
  worker.set_worker_id("sw-1");
  worker.set_child_id("ignored");
  worker.mutable_worker();
  EXPECT_EQ(SubjectOf(worker), "w:sw-1");

  v1::CaseEvent population;
  population.mutable_population_estimate();
  EXPECT_EQ(SubjectOf(population), "la");

  v1::CaseEvent plan;
  plan.set_child_id("child-2");
  plan.mutable_cp_plan();
  EXPECT_EQ(SubjectOf(plan), "c:child-2");
  EXPECT_EQ(PayloadKindName(plan), "cp_plan");
}

TEST(RecordMetaTest, EncodeHasTheDocumentedForm) {
  // "<version>|<d|u>|<subject>|<event_id>"
  EXPECT_EQ((RecordMeta{7, true, "ev-1", "c:child-9"}).Encode(), "7|d|c:child-9|ev-1");
  EXPECT_EQ((RecordMeta{12, false, "e", "la"}).Encode(), "12|u|la|e");
}

TEST(RecordMetaTest, EncodeDecodeRoundTrip) {
  for (const RecordMeta& m :
       {RecordMeta{7, true, "ev-1", "c:child-9"}, RecordMeta{1, false, "x.y:z-1", "w:sw_4"},
        RecordMeta{0, false, "", "la"}, RecordMeta{9'000'000'000, false, "ev", "c:a"}}) {
    const auto decoded = RecordMeta::Decode(m.Encode());
    ASSERT_TRUE(decoded.has_value()) << m.Encode();
    EXPECT_EQ(*decoded, m) << m.Encode();
  }
}

TEST(RecordMetaTest, DecodeRejectsGarbage) {
  for (const char* text : {"", "garbage", "7", "7|", "7|d", "7|d|", "7|x|c:a|e", "7|du|c:a|e",
                           "x|d|c:a|e", "7a|d|c:a|e", "|d|c:a|e", "7|d|c:a"}) {
    EXPECT_FALSE(RecordMeta::Decode(text).has_value()) << "'" << text << "'";
  }
}

}  // namespace
}  // namespace scorecard
