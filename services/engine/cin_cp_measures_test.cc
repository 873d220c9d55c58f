// The front-door, assessment, strategy/S47/ICPC and CIN/CP indicators of the
// shipped catalogue on hand-built histories, against the shipped England and
// Wales bank-holiday calendar. Every expected value is worked out by hand in
// the comments. Flows are asked AS_OF a date, i.e. month to date.

#include <gtest/gtest.h>

#include <functional>

#include "engine/recompute.h"
#include "engine/scorecard.h"

namespace scorecard {
namespace {

// A record of `child` with id `id`; `fill` sets the payload.
v1::CaseEvent Rec(const std::string& child, const std::string& id,
                  const std::function<void(v1::CaseEvent&)>& fill, const std::string& team = "T1",
                  int version = 1) {
  v1::CaseEvent e;
  e.set_event_id("ev-" + child + "-" + id + "-" + std::to_string(version));
  e.set_la_code("201");
  e.set_child_id(child);
  e.set_team_id(team);
  e.set_record_id(id);
  e.set_record_version(version);
  e.set_op(v1::OP_UPSERT);
  fill(e);
  return e;
}

// A correction of `e`: the next version with `change` applied.
v1::CaseEvent Corrected(const v1::CaseEvent& e, const std::function<void(v1::CaseEvent&)>& change) {
  v1::CaseEvent c = e;
  c.set_record_version(e.record_version() + 1);
  c.set_event_id(e.event_id() + "-corrected");
  change(c);
  return c;
}

// A delete of `e` (next version, an empty payload of the same kind).
v1::CaseEvent Deleted(const v1::CaseEvent& e) {
  v1::CaseEvent d = e;
  d.set_record_version(e.record_version() + 1);
  d.set_event_id(e.event_id() + "-deleted");
  d.set_op(v1::OP_DELETE);
  const auto* field = v1::CaseEvent::descriptor()->FindFieldByNumber(e.payload_case());
  d.GetReflection()->MutableMessage(&d, field)->Clear();
  return d;
}

v1::CaseEvent Referral(const std::string& child, const std::string& id, const std::string& date,
                       bool nfa = false, const std::string& team = "T1") {
  return Rec(
      child, id,
      [&](v1::CaseEvent& e) {
        e.mutable_referral()->set_date(date);
        e.mutable_referral()->set_nfa(nfa);
      },
      team);
}

v1::CaseEvent Assessment(const std::string& child, const std::string& id,
                         const std::string& referral_id, const std::string& start,
                         const std::string& authorised,
                         v1::AssessmentOutcome outcome = v1::ASSESSMENT_OUTCOME_IN_NEED) {
  return Rec(child, id, [&](v1::CaseEvent& e) {
    auto* a = e.mutable_assessment();
    a->set_referral_id(referral_id);
    a->set_start_date(start);
    a->set_authorised_date(authorised);
    a->set_outcome(outcome);
  });
}

v1::CaseEvent Strategy(const std::string& child, const std::string& id,
                       const std::string& requested, const std::string& held) {
  return Rec(child, id, [&](v1::CaseEvent& e) {
    e.mutable_strategy_discussion()->set_requested_date(requested);
    e.mutable_strategy_discussion()->set_held_date(held);
  });
}

v1::CaseEvent S47(const std::string& child, const std::string& id, const std::string& start) {
  return Rec(child, id, [&](v1::CaseEvent& e) { e.mutable_section47()->set_start_date(start); });
}

v1::CaseEvent Icpc(const std::string& child, const std::string& id, const std::string& date,
                   const std::string& s47_id, bool transfer_in = false) {
  return Rec(child, id, [&](v1::CaseEvent& e) {
    e.mutable_icpc()->set_date(date);
    e.mutable_icpc()->set_s47_id(s47_id);
    e.mutable_icpc()->set_transfer_in(transfer_in);
  });
}

v1::CaseEvent CinClosure(const std::string& child, const std::string& id,
                         const std::string& referral_id, const std::string& date) {
  return Rec(child, id, [&](v1::CaseEvent& e) {
    e.mutable_cin_closure()->set_referral_id(referral_id);
    e.mutable_cin_closure()->set_closure_date(date);
  });
}

v1::CaseEvent CpPlan(const std::string& child, const std::string& id, const std::string& start,
                     const std::string& end) {
  return Rec(child, id, [&](v1::CaseEvent& e) {
    e.mutable_cp_plan()->set_start_date(start);
    e.mutable_cp_plan()->set_end_date(end);
  });
}

class CinCpMeasuresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterBuiltinMeasures(registry_);
    auto cat =
        Catalogue::LoadFile(std::string(SCORECARD_SOURCE_DIR) + "/data/catalogue.yaml", registry_);
    ASSERT_TRUE(cat.ok()) << cat.status();
    catalogue_ = *cat;
    auto cal = WorkingDayCalendar::LoadFile(std::string(SCORECARD_SOURCE_DIR) +
                                            "/data/calendar/england-and-wales-bank-holidays.csv");
    ASSERT_TRUE(cal.ok()) << cal.status();
    calendar_.emplace(*std::move(cal));
  }

  // Indicator `id` for `team` (empty: council) AS_OF `date`.
  v1::IndicatorValue Get(const std::vector<v1::CaseEvent>& events, const std::string& id,
                         const std::string& date, const std::string& team = "") {
    const Recomputed r = Recompute(*catalogue_, MeasureContext{&*calendar_}, events);
    MemoryAggregateReader reader(r.aggregates, r.seen_kinds);
    v1::Period period;
    period.set_kind(v1::PERIOD_KIND_AS_OF);
    period.set_date(date);
    auto card = BuildScorecard(*catalogue_, reader, "201", team, period, 0);
    EXPECT_TRUE(card.ok()) << card.status();
    for (const auto& v : card->indicators()) {
      if (v.id() == id) return v;
    }
    ADD_FAILURE() << "no indicator " << id;
    return {};
  }
  double Value(const std::vector<v1::CaseEvent>& events, const std::string& id,
               const std::string& date, const std::string& team = "") {
    return Get(events, id, date, team).value();
  }
  // "numerator/denominator" of a ratio, so a failure shows both.
  std::string Ratio(const std::vector<v1::CaseEvent>& events, const std::string& id,
                    const std::string& date, const std::string& team = "") {
    const v1::IndicatorValue v = Get(events, id, date, team);
    return std::to_string(static_cast<int64_t>(v.numerator())) + "/" +
           std::to_string(static_cast<int64_t>(v.denominator()));
  }

  MeasureRegistry registry_;
  std::shared_ptr<const Catalogue> catalogue_;
  std::optional<WorkingDayCalendar> calendar_;
};

// ------------------------------------------------------------- front door

TEST_F(CinCpMeasuresTest, ReferralsNfa) {
  // March 2023: three referrals, R2 NFA => 1/3.
  std::vector<v1::CaseEvent> ev = {Referral("A", "R1", "2023-03-01"),
                                   Referral("A", "R2", "2023-03-10", true),
                                   Referral("B", "R3", "2023-03-20")};
  EXPECT_EQ(Ratio(ev, "referrals_nfa", "2023-03-31"), "1/3");
  // Month to date on 15 March: R1 and R2 only => 1/2.
  EXPECT_EQ(Ratio(ev, "referrals_nfa", "2023-03-15"), "1/2");
  // A correction makes R3 NFA too => 2/3; deleting R1 leaves 2/2.
  ev.push_back(Corrected(ev[2], [](v1::CaseEvent& e) { e.mutable_referral()->set_nfa(true); }));
  EXPECT_EQ(Ratio(ev, "referrals_nfa", "2023-03-31"), "2/3");
  ev.push_back(Deleted(ev[0]));
  EXPECT_EQ(Ratio(ev, "referrals_nfa", "2023-03-31"), "2/2");
}

TEST_F(CinCpMeasuresTest, EarlyHelpOpenCountsEpisodes) {
  auto episode = [](const std::string& child, const std::string& id, const std::string& start,
                    const std::string& end) {
    return Rec(child, id, [&](v1::CaseEvent& e) {
      e.mutable_early_help_episode()->set_start_date(start);
      e.mutable_early_help_episode()->set_end_date(end);
    });
  };
  // A has two episodes open together (episodes, not children, are counted);
  // E2 ends on 2023-06-30, so it is not open that day.
  std::vector<v1::CaseEvent> ev = {episode("A", "E1", "2023-04-01", ""),
                                   episode("A", "E2", "2023-05-01", "2023-06-30"),
                                   episode("B", "E3", "2023-06-01", "")};
  EXPECT_EQ(Value(ev, "early_help_open", "2023-03-31"), 0);
  EXPECT_EQ(Value(ev, "early_help_open", "2023-06-29"), 3);
  EXPECT_EQ(Value(ev, "early_help_open", "2023-06-30"), 2);
  // Deleting E3 leaves E1 alone.
  ev.push_back(Deleted(ev[2]));
  EXPECT_EQ(Value(ev, "early_help_open", "2023-06-30"), 1);
}

TEST_F(CinCpMeasuresTest, EarlyHelpPartnerLed) {
  auto eha = [](const std::string& id, const std::string& completed, bool partner) {
    return Rec("A", id, [&](v1::CaseEvent& e) {
      e.mutable_early_help_assessment()->set_start_date("2023-01-02");
      e.mutable_early_help_assessment()->set_completed_date(completed);
      e.mutable_early_help_assessment()->set_partner_led(partner);
    });
  };
  // February 2023: H1 (partner) and H2 (not) completed; H3 not completed is
  // in neither count; H4 completed in March is outside the month => 1/2.
  std::vector<v1::CaseEvent> ev = {eha("H1", "2023-02-03", true), eha("H2", "2023-02-20", false),
                                   eha("H3", "", true), eha("H4", "2023-03-01", true)};
  EXPECT_EQ(Ratio(ev, "early_help_partner_led", "2023-02-28"), "1/2");
  // A direction with no target: no RAG.
  EXPECT_EQ(Get(ev, "early_help_partner_led", "2023-02-28").rag(), v1::RAG_NONE);
}

// ------------------------------------------------------------- assessment

TEST_F(CinCpMeasuresTest, AssessmentsOverdueFromTheReferral) {
  // Referral Mon 2023-11-13. Working days after it: 14-17 Nov (4), 20-24
  // (9), 27 Nov-1 Dec (14), 4-8 Dec (19), 11-15 (24), 18-22 (29), 27-29 Dec
  // (32; 25 and 26 Dec are bank holidays), 2-5 Jan (36; 1 Jan is one),
  // 8-12 (41), 15-18 Jan (45: Thu 18 Jan is day 45), Fri 19 Jan day 46, Mon
  // 22 Jan day 47. Overdue means wd > 45, so from 19 Jan.
  //  - X1 open: overdue from 19 Jan for ever.
  //  - X2 authorised on 19 Jan (day 46): the interval [19 Jan, 19 Jan) is
  //    empty, never overdue.
  //  - X3 authorised on 22 Jan: overdue on 19, 20 and 21 Jan only.
  //  - X4 has no linked referral on record ("gone"): its start Mon 20 Nov is
  //    the anchor; 45 working days later is Thu 25 Jan, so it is overdue
  //    from Fri 26 Jan.
  std::vector<v1::CaseEvent> ev = {Referral("A", "R1", "2023-11-13"),
                                   Assessment("A", "X1", "R1", "2023-11-20", ""),
                                   Assessment("A", "X2", "R1", "2023-11-20", "2024-01-19"),
                                   Assessment("A", "X3", "R1", "2023-11-20", "2024-01-22"),
                                   Assessment("B", "X4", "gone", "2023-11-20", "")};
  EXPECT_EQ(Value(ev, "assessments_overdue", "2024-01-18"), 0);
  EXPECT_EQ(Value(ev, "assessments_overdue", "2024-01-19"), 2);  // X1, X3
  EXPECT_EQ(Value(ev, "assessments_overdue", "2024-01-21"), 2);  // X1, X3
  EXPECT_EQ(Value(ev, "assessments_overdue", "2024-01-22"), 1);  // X1
  EXPECT_EQ(Value(ev, "assessments_overdue", "2024-01-25"), 1);  // X1
  EXPECT_EQ(Value(ev, "assessments_overdue", "2024-01-26"), 2);  // X1, X4
  // Correcting the referral to a week later (Mon 20 Nov) moves X1's day 46
  // to Fri 26 Jan as for X4; X3 (authorised 22 Jan) is then never overdue.
  ev.push_back(
      Corrected(ev[0], [](v1::CaseEvent& e) { e.mutable_referral()->set_date("2023-11-20"); }));
  EXPECT_EQ(Value(ev, "assessments_overdue", "2024-01-25"), 0);
  EXPECT_EQ(Value(ev, "assessments_overdue", "2024-01-26"), 2);  // X1, X4
  // Deleting X1 leaves X4.
  ev.push_back(Deleted(ev[1]));
  EXPECT_EQ(Value(ev, "assessments_overdue", "2024-01-26"), 1);
}

TEST_F(CinCpMeasuresTest, ExploitationAssessmentsStarted) {
  auto ea = [](const std::string& id, const std::string& start) {
    return Rec("A", id, [&](v1::CaseEvent& e) {
      e.mutable_exploitation_assessment()->set_start_date(start);
    });
  };
  // 31 Aug is in August, 1 Sep in September.
  std::vector<v1::CaseEvent> ev = {ea("Q1", "2023-08-31"), ea("Q2", "2023-09-01"),
                                   ea("Q3", "2023-09-30")};
  EXPECT_EQ(Value(ev, "exploitation_assessments", "2023-08-31"), 1);
  EXPECT_EQ(Value(ev, "exploitation_assessments", "2023-09-30"), 2);
}

// ---------------------------------------------------- strategy, S47, ICPC

TEST_F(CinCpMeasuresTest, StrategyDiscussionsHeldAndTimely) {
  // Requested Fri 2023-05-26; Mon 29 May is the spring bank holiday, so Tue
  // 30 May is working day 1, Wed 31 May day 2, Thu 1 June day 3 (timely,
  // although 6 calendar days later), Fri 2 June day 4 (late).
  //  - D1 held 1 June: timely.  - D2 held 2 June: late.
  //  - D3 with no request date: held, not timely.
  //  - D4 held on the day requested, 6 June: day 0, timely. (One held
  //    before its request is rejected at ingest, so cannot occur here.)
  //  - D5 requested, not held: in neither count.
  std::vector<v1::CaseEvent> ev = {
      Strategy("A", "D1", "2023-05-26", "2023-06-01"),
      Strategy("A", "D2", "2023-05-26", "2023-06-02"), Strategy("B", "D3", "", "2023-06-05"),
      Strategy("B", "D4", "2023-06-06", "2023-06-06"), Strategy("C", "D5", "2023-06-07", "")};
  EXPECT_EQ(Value(ev, "strategy_discussions", "2023-06-30"), 4);
  EXPECT_EQ(Value(ev, "strategy_discussions", "2023-05-31"), 0);
  EXPECT_EQ(Ratio(ev, "strategy_discussions_timely", "2023-06-30"), "2/4");  // D1, D4
  // A correction holds D2 a day earlier (day 3): 3/4. Deleting D3: 3/3.
  ev.push_back(Corrected(ev[1], [](v1::CaseEvent& e) {
    e.mutable_strategy_discussion()->set_held_date("2023-06-01");
  }));
  EXPECT_EQ(Ratio(ev, "strategy_discussions_timely", "2023-06-30"), "3/4");
  ev.push_back(Deleted(ev[2]));
  EXPECT_EQ(Ratio(ev, "strategy_discussions_timely", "2023-06-30"), "3/3");
}

TEST_F(CinCpMeasuresTest, Section47EnquiriesStarted) {
  std::vector<v1::CaseEvent> ev = {S47("A", "S1", "2023-10-02"), S47("A", "S2", "2023-10-31"),
                                   S47("B", "S3", "2023-11-01")};
  EXPECT_EQ(Value(ev, "section47_enquiries", "2023-10-31"), 2);
  EXPECT_EQ(Value(ev, "section47_enquiries", "2023-11-30"), 1);
}

TEST_F(CinCpMeasuresTest, IcpcWithin15WorkingDays) {
  // S47 S1 (child A) starts Fri 2023-12-15. Working days after it: 18-22
  // Dec (5), 27-29 Dec (8; 25, 26 Dec are bank holidays), 2-5 Jan (12; 1 Jan
  // is one), Mon 8 (13), Tue 9 (14), Wed 10 Jan (15), Thu 11 Jan (16).
  //  - I1 on 10 Jan: day 15, timely.
  //  - I2 on 11 Jan (S47 S2, same start): day 16, not timely.
  //  - I3 on 12 Jan naming S47 S3 that started 15 Jan: dated before its S47,
  //    left out of both counts.
  //  - I4 on 12 Jan: a transfer-in conference, left out of both.
  //  - I5 on 12 Jan naming an S47 that is not on record: counted, not timely.
  //  - I6 on 12 Jan with no S47 id: the same.
  //  - I7 on 9 Jan for child B naming S1, which is child A's record: B has no
  //    such S47, so counted, not timely.
  // January to date on 31 Jan: timely I1 => 1 of I1, I2, I5, I6, I7 = 1/5.
  std::vector<v1::CaseEvent> ev = {S47("A", "S1", "2023-12-15"),
                                   S47("A", "S2", "2023-12-15"),
                                   S47("A", "S3", "2024-01-15"),
                                   Icpc("A", "I1", "2024-01-10", "S1"),
                                   Icpc("A", "I2", "2024-01-11", "S2"),
                                   Icpc("A", "I3", "2024-01-12", "S3"),
                                   Icpc("A", "I4", "2024-01-12", "S1", true),
                                   Icpc("A", "I5", "2024-01-12", "S9"),
                                   Icpc("A", "I6", "2024-01-12", ""),
                                   Icpc("B", "I7", "2024-01-09", "S1")};
  EXPECT_EQ(Ratio(ev, "icpc_15wd", "2024-01-31"), "1/5");
  // Month to date on 10 Jan: I1 and I7 => 1/2.
  EXPECT_EQ(Ratio(ev, "icpc_15wd", "2024-01-10"), "1/2");
  // A correction moves S2's start to Mon 18 Dec: 11 Jan is then day 15
  // (one working day fewer), so I2 is timely: 2/5.
  ev.push_back(Corrected(
      ev[1], [](v1::CaseEvent& e) { e.mutable_section47()->set_start_date("2023-12-18"); }));
  EXPECT_EQ(Ratio(ev, "icpc_15wd", "2024-01-31"), "2/5");
  // Deleting S1 makes I1 an ICPC whose S47 is missing: in, not timely: 1/5.
  ev.push_back(Deleted(ev[0]));
  EXPECT_EQ(Ratio(ev, "icpc_15wd", "2024-01-31"), "1/5");
}

// -------------------------------------------------------- children in need

TEST_F(CinCpMeasuresTest, ChildrenInNeedEpisodes) {
  // A: referral 3 Apr 2023 closed by C1 on 15 June => in need 3 Apr..14 June.
  //    A second referral 1 May (closure 1 July) overlaps: A counts once.
  // B: NFA referral on 3 Apr => never a child in need.
  // C: referral 3 Apr; assessment Y1 on it, "not in need", authorised 10
  //    May => in need up to 9 May, not on 10 May. Y2, "in need", authorised
  //    earlier, does not end the episode; neither does a "not in need"
  //    assessment on another referral (Y3 on "R9").
  std::vector<v1::CaseEvent> ev = {
      Referral("A", "RA1", "2023-04-03"),
      CinClosure("A", "C1", "RA1", "2023-06-15"),
      Referral("A", "RA2", "2023-05-01"),
      CinClosure("A", "C2", "RA2", "2023-07-01"),
      Referral("B", "RB1", "2023-04-03", /*nfa=*/true),
      Referral("C", "RC1", "2023-04-03"),
      Assessment("C", "Y1", "RC1", "2023-04-04", "2023-05-10", v1::ASSESSMENT_OUTCOME_NOT_IN_NEED),
      Assessment("C", "Y2", "RC1", "2023-04-04", "2023-04-20", v1::ASSESSMENT_OUTCOME_IN_NEED),
      Assessment("C", "Y3", "R9", "2023-04-04", "2023-04-20", v1::ASSESSMENT_OUTCOME_NOT_IN_NEED)};
  EXPECT_EQ(Value(ev, "cin_open", "2023-04-02"), 0);
  EXPECT_EQ(Value(ev, "cin_open", "2023-04-03"), 2);  // A, C
  EXPECT_EQ(Value(ev, "cin_open", "2023-05-09"), 2);  // A (both), C
  EXPECT_EQ(Value(ev, "cin_open", "2023-05-10"), 1);  // A
  EXPECT_EQ(Value(ev, "cin_open", "2023-06-30"), 1);  // A through RA2
  EXPECT_EQ(Value(ev, "cin_open", "2023-07-01"), 0);
  EXPECT_EQ(Value(ev, "cin_open", "2023-05-10", "T1"), 1);
  // Corrections: Y1's outcome becomes "in need" (C stays in need with no
  // closure); B's referral is no longer NFA (in need from 3 Apr for ever).
  ev.push_back(Corrected(ev[6], [](v1::CaseEvent& e) {
    e.mutable_assessment()->set_outcome(v1::ASSESSMENT_OUTCOME_IN_NEED);
  }));
  ev.push_back(Corrected(ev[4], [](v1::CaseEvent& e) { e.mutable_referral()->set_nfa(false); }));
  EXPECT_EQ(Value(ev, "cin_open", "2023-07-01"), 2);  // B, C
  // Deleting closure C2 leaves A's second episode open: A, B, C.
  ev.push_back(Deleted(ev[3]));
  EXPECT_EQ(Value(ev, "cin_open", "2023-07-01"), 3);
}

TEST_F(CinCpMeasuresTest, CinPlansOpenCountsPlans) {
  auto plan = [](const std::string& child, const std::string& id, const std::string& start,
                 const std::string& end) {
    return Rec(child, id, [&](v1::CaseEvent& e) {
      e.mutable_cin_plan()->set_start_date(start);
      e.mutable_cin_plan()->set_end_date(end);
    });
  };
  // Two plans of A open together count twice; N2 ends 31 March, so is not
  // open on 31 March.
  std::vector<v1::CaseEvent> ev = {plan("A", "N1", "2023-01-01", ""),
                                   plan("A", "N2", "2023-02-01", "2023-03-31"),
                                   plan("B", "N3", "2023-03-31", "")};
  EXPECT_EQ(Value(ev, "cin_plans_open", "2023-03-30"), 2);  // N1, N2
  EXPECT_EQ(Value(ev, "cin_plans_open", "2023-03-31"), 2);  // N1, N3
  ev.push_back(Deleted(ev[0]));
  EXPECT_EQ(Value(ev, "cin_plans_open", "2023-03-31"), 1);  // N3
}

// ------------------------------------------------------- child protection

TEST_F(CinCpMeasuresTest, CpSecondOrSubsequentPlans) {
  // March 2023 starts: A's P2 (A had P1 from 2019: a second plan, however
  // long ago); B's P3 and P4 start the same day (neither strictly earlier
  // than the other: both first); C's P5 is its only plan => 1/4.
  std::vector<v1::CaseEvent> ev = {
      CpPlan("A", "P1", "2019-01-10", "2020-01-10"), CpPlan("A", "P2", "2023-03-15", ""),
      CpPlan("B", "P3", "2023-03-20", ""), CpPlan("B", "P4", "2023-03-20", ""),
      CpPlan("C", "P5", "2023-03-01", "")};
  EXPECT_EQ(Ratio(ev, "cp_second_plus", "2023-03-31"), "1/4");
  // 25% is outside the band [12, 18]: red.
  EXPECT_EQ(Get(ev, "cp_second_plus", "2023-03-31").rag(), v1::RAG_RED);
  // A correction moves P4 a day later: it now follows P3 => 2/4.
  ev.push_back(Corrected(
      ev[3], [](v1::CaseEvent& e) { e.mutable_cp_plan()->set_start_date("2023-03-21"); }));
  EXPECT_EQ(Ratio(ev, "cp_second_plus", "2023-03-31"), "2/4");
  // Deleting A's P1 makes P2 a first plan => 1/4.
  ev.push_back(Deleted(ev[0]));
  EXPECT_EQ(Ratio(ev, "cp_second_plus", "2023-03-31"), "1/4");
}

TEST_F(CinCpMeasuresTest, CpPlansOpenTwoYears) {
  // P1 from 2021-06-15, open: start <= D - 2 years first holds on
  // 2023-06-15 (2023-06-14 - 2 years = 2021-06-14 < start).
  // P2 from 2021-06-15 ending 2023-06-15: not open on 2023-06-15 at all.
  // P3 from 2020-02-29 (leap day), open: on 2022-02-28, D - 2 years is
  // 2020-02-28, before the start; on 2022-03-01 it is 2020-03-01 => from
  // 1 March 2022.
  std::vector<v1::CaseEvent> ev = {CpPlan("A", "P1", "2021-06-15", ""),
                                   CpPlan("B", "P2", "2021-06-15", "2023-06-15"),
                                   CpPlan("C", "P3", "2020-02-29", "")};
  EXPECT_EQ(Ratio(ev, "cp_open_2y", "2022-02-28"), "0/3");
  EXPECT_EQ(Ratio(ev, "cp_open_2y", "2022-03-01"), "1/3");  // P3
  EXPECT_EQ(Ratio(ev, "cp_open_2y", "2023-06-14"), "1/3");  // P3
  EXPECT_EQ(Ratio(ev, "cp_open_2y", "2023-06-15"), "2/2");  // P1, P3 of P1, P3
  // A correction starts P1 a day later: a day short on 2023-06-15.
  ev.push_back(Corrected(
      ev[0], [](v1::CaseEvent& e) { e.mutable_cp_plan()->set_start_date("2021-06-16"); }));
  EXPECT_EQ(Ratio(ev, "cp_open_2y", "2023-06-15"), "1/2");
  ev.push_back(Deleted(ev[2]));
  EXPECT_EQ(Ratio(ev, "cp_open_2y", "2023-06-15"), "0/1");
}

TEST_F(CinCpMeasuresTest, CpPlansEndedAfterTwoYears) {
  // June 2023 endings: P1 lasted exactly 2 years (2021-06-15 .. 2023-06-15)
  // and counts; P2 a day less (2021-06-16 .. 2023-06-15) does not; P3 from
  // leap day 2020-02-29 ended 2022-02-28 is outside June (checked below);
  // P4 open is in neither => 1/2.
  std::vector<v1::CaseEvent> ev = {
      CpPlan("A", "P1", "2021-06-15", "2023-06-15"), CpPlan("B", "P2", "2021-06-16", "2023-06-15"),
      CpPlan("C", "P3", "2020-02-29", "2022-02-28"), CpPlan("D", "P4", "2021-01-01", "")};
  EXPECT_EQ(Ratio(ev, "cp_ended_2y", "2023-06-30"), "1/2");
  // P3: 2022-02-28 - 2 years = 2020-02-28, before its start => not 2 years.
  EXPECT_EQ(Ratio(ev, "cp_ended_2y", "2022-02-28"), "0/1");
  // A correction ends P2 a day later, 2023-06-16 (still June): now exactly
  // 2 years => 2/2. Deleting P1 then leaves 1/1.
  ev.push_back(
      Corrected(ev[1], [](v1::CaseEvent& e) { e.mutable_cp_plan()->set_end_date("2023-06-16"); }));
  EXPECT_EQ(Ratio(ev, "cp_ended_2y", "2023-06-30"), "2/2");
  ev.push_back(Deleted(ev[0]));
  EXPECT_EQ(Ratio(ev, "cp_ended_2y", "2023-06-30"), "1/1");
}

}  // namespace
}  // namespace scorecard
