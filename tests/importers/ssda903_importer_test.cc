#include "importers/ssda903_importer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/date.h"
#include "engine/recompute.h"
#include "engine/scorecard.h"
#include "events/validate.h"

namespace scorecard::importers {
namespace {

const std::string kFixtures = SCORECARD_FIXTURES_DIR;
const std::string k903Dir = std::string(SCORECARD_SHARED_DIR) + "/data/fake-returns/ssda903";

// The fake returns live in ../shared, beside the repository on developers'
// machines and in CI, not in a user's clone: skip there, but never in CI.
#define REQUIRE_SHARED_DATA()                                                         \
  do {                                                                                \
    if (!std::filesystem::exists(k903Dir)) {                                          \
      if (std::getenv("CI") != nullptr) FAIL() << "shared data missing: " << k903Dir; \
      GTEST_SKIP() << "shared data not present: " << k903Dir;                         \
    }                                                                                 \
  } while (0)

Ssda903Options Options201() {
  Ssda903Options o;
  o.la_code = "201";
  return o;
}

// "" when the event passes the contract's structural validation.
std::string Invalid(const v1::CaseEvent& e) {
  const auto r = CheckEvent(e);
  return r ? r->ToString() : "";
}

const v1::CaseEvent* FindRecord(const std::vector<v1::CaseEvent>& events, const std::string& kind,
                                const std::string& record_id) {
  for (const auto& e : events) {
    if (PayloadKind(e) == kind && e.record_id() == record_id) return &e;
  }
  return nullptr;
}

// ---- Cross-check helper ------------------------------------------------------
// Computed straight from episodes.csv (its own naive parsing, no importer
// code): children looked after on each 31 March and, of those, the number
// with 3+ placements in the 12 months to that date. Definitions as in
// INDICATORS.md: looked after on D = an episode with DECOM <= D < DEC (or
// open), current episode = the open one with the latest DECOM, short breaks
// (LS V3/V4) excluded; placements in (D - 12 months, D] = the placement held
// on the window's first day plus each new placement (RNE S, P, B, T, U)
// starting after the window's first day. The scorecard must report the same.

struct RawEpisode {
  std::string child;
  Day decom;
  std::optional<Day> dec;
  std::string rne;
  std::string ls;
};

struct YearFigures {
  int looked_after = 0;
  int three_plus_placements = 0;
  bool operator==(const YearFigures&) const = default;
};

// The current episode on `day`: the open one with the latest DECOM.
const RawEpisode* CurrentEpisode(const std::vector<const RawEpisode*>& eps, Day day) {
  const RawEpisode* current = nullptr;
  for (const RawEpisode* e : eps) {
    const bool open = e->decom <= day && (!e->dec || day < *e->dec);
    if (open && (!current || e->decom > current->decom)) current = e;
  }
  return current;
}

bool ShortBreaks(const RawEpisode* e) { return e->ls == "V3" || e->ls == "V4"; }

std::map<int, YearFigures> ClaAt31March(const std::vector<RawEpisode>& episodes,
                                        std::initializer_list<int> years) {
  std::map<std::string, std::vector<const RawEpisode*>> by_child;
  for (const auto& e : episodes) by_child[e.child].push_back(&e);
  std::map<int, YearFigures> out;
  for (int year : years) {
    const Day d = DayFromCivil(year, 3, 31);
    const Day window_first = AddMonths(d, -12) + 1;
    YearFigures f;
    for (const auto& [child, eps] : by_child) {
      const RawEpisode* current = CurrentEpisode(eps, d);
      if (!current || ShortBreaks(current)) continue;
      ++f.looked_after;
      // The placement held on the window's first day (the current episode
      // then, unless short breaks) counts one; each new placement starting
      // after that day in the window another. Short-break episodes are not
      // placements.
      const RawEpisode* held = CurrentEpisode(eps, window_first);
      int placements = held && !ShortBreaks(held) ? 1 : 0;
      for (const RawEpisode* e : eps) {
        const bool new_placement =
            e->rne == "S" || e->rne == "P" || e->rne == "B" || e->rne == "T" || e->rne == "U";
        if (new_placement && !ShortBreaks(e) && e->decom > window_first && e->decom <= d) {
          ++placements;
        }
      }
      if (placements >= 3) ++f.three_plus_placements;
    }
    out[year] = f;
  }
  return out;
}

// episodes.csv has no quoted fields, so a plain split is enough here.
std::vector<RawEpisode> ReadEpisodesCsv(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header: CHILD,DECOM,RNE,LS,...,DEC(7),REC
  std::vector<RawEpisode> out;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    f.resize(13);
    RawEpisode e{f[0], *ParseUkDate(f[1]), std::nullopt, f[2], f[3]};
    if (!f[7].empty()) e.dec = ParseUkDate(f[7]);
    out.push_back(e);
  }
  return out;
}

std::vector<RawEpisode> EpisodesFromEvents(const std::vector<v1::CaseEvent>& events) {
  std::vector<RawEpisode> out;
  for (const auto& e : events) {
    if (!e.has_cla_episode()) continue;
    const auto& p = e.cla_episode();
    RawEpisode r{e.child_id(), *ParseIsoDate(p.decom()), std::nullopt, p.rne(), p.ls()};
    if (!p.dec().empty()) r.dec = ParseIsoDate(p.dec());
    out.push_back(r);
  }
  return out;
}

// ---- Hand-written fixture ----------------------------------------------------

TEST(Ssda903ImporterTest, SmallFixtureProducesKnownEventsAndRejects) {
  CollectingSink sink;
  const ImportReport report = ImportSsda903Directory(kFixtures + "/903_small", Options201(), sink);

  // episodes.csv: 10 data rows; header.csv: 4; uasc.csv: 3.
  EXPECT_EQ(report.rows_read, 17);
  // Rejected, by line:
  //  episodes line 4  B2 DECOM 31/02/2020: no such date            invalid_date
  //  episodes line 5  B2 LS Q9: not a legal status                  unknown_code
  //  episodes line 6  C3 DEC 01/05/2020 before DECOM 10/05/2020     date_order
  //  episodes line 7  no CHILD                                      missing_field
  //  episodes line 8  A1 DECOM 01/04/2020 again (same record id)    duplicate_record
  //  episodes line 9  6 fields where the header has 13              malformed_row
  //  episodes line 11 F6 ceased (DEC) without REC                   missing_field
  //  header line 4    E5 DOB 2005-01-01 is not dd/mm/yyyy           invalid_date
  //  header line 5    A1 twice                                      duplicate_record
  //  uasc line 4      H8 DUC 2004 before DOB 2006                   date_order
  EXPECT_EQ(report.rows_rejected, 10);
  const std::map<std::string, int64_t> expected_rejects = {
      {"invalid_date", 2},  {"unknown_code", 1},     {"date_order", 2},
      {"missing_field", 2}, {"duplicate_record", 2}, {"malformed_row", 1}};
  EXPECT_EQ(report.rejects_by_reason, expected_rejects);
  // Warning: episodes line 10, E5 is open but has REC X1 (dropped).
  EXPECT_EQ(report.warnings_by_reason, (std::map<std::string, int64_t>{{"ignored_value", 1}}));

  // Events: people A1 (marked UASC by uasc.csv), C3, G7 (only in uasc.csv);
  // episodes from lines 2, 3 and 10.
  ASSERT_EQ(report.events_produced, 6);
  ASSERT_EQ(sink.events.size(), 6u);
  // Latest date in valid episodes is 02/02/2021 -> collection year ending
  // 31 March 2021.
  for (const auto& e : sink.events) {
    EXPECT_EQ(e.record_version(), 20210331000000);
    EXPECT_EQ(e.la_code(), "201");
    EXPECT_EQ(e.team_id(), "unknown");
    EXPECT_EQ(e.op(), v1::OP_UPSERT);
    EXPECT_EQ(Invalid(e), "");
  }
  const auto* a1 = FindRecord(sink.events, "person", "A1");
  ASSERT_NE(a1, nullptr);
  EXPECT_EQ(a1->child_id(), "A1");
  EXPECT_EQ(a1->person().birth_date(), "2010-05-05");
  EXPECT_TRUE(a1->person().uasc());
  EXPECT_EQ(a1->person().uasc_ceased_date(), "2028-05-05");
  const auto* g7 = FindRecord(sink.events, "person", "G7");
  ASSERT_NE(g7, nullptr);
  EXPECT_TRUE(g7->person().uasc());
  const auto* c3 = FindRecord(sink.events, "person", "C3");
  ASSERT_NE(c3, nullptr);
  EXPECT_FALSE(c3->person().uasc());

  const auto* ep = FindRecord(sink.events, "cla_episode", "A1:2020-04-01");
  ASSERT_NE(ep, nullptr);
  EXPECT_EQ(ep->child_id(), "A1");
  EXPECT_EQ(ep->cla_episode().decom(), "2020-04-01");
  EXPECT_EQ(ep->cla_episode().rne(), "S");
  EXPECT_EQ(ep->cla_episode().ls(), "C2");
  EXPECT_EQ(ep->cla_episode().cin(), "N1");
  EXPECT_EQ(ep->cla_episode().place(), "U1");
  EXPECT_EQ(ep->cla_episode().place_provider(), "PR1");
  EXPECT_EQ(ep->cla_episode().dec(), "2020-06-15");
  EXPECT_EQ(ep->cla_episode().rec(), "X1");
  EXPECT_EQ(ep->cla_episode().reason_place_change(), "CARPL");
  EXPECT_EQ(ep->cla_episode().urn(), "SC000001");
  const auto* open = FindRecord(sink.events, "cla_episode", "A1:2020-06-15");
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->cla_episode().dec(), "");
  const auto* e5 = FindRecord(sink.events, "cla_episode", "E5:2021-02-02");
  ASSERT_NE(e5, nullptr);
  EXPECT_EQ(e5->cla_episode().rec(), "");  // REC on an open episode is not carried

  // Every rejected row names its file, line and field.
  for (const Problem& p : report.problems) {
    EXPECT_FALSE(p.file.empty());
    EXPECT_TRUE(p.location.rfind("line ", 0) == 0) << p.location;
  }
}

TEST(Ssda903ImporterTest, ReimportIsIdenticalAndAVersionOverrideSupersedes) {
  CollectingSink first, second, corrected;
  ImportSsda903Directory(kFixtures + "/903_small", Options201(), first);
  ImportSsda903Directory(kFixtures + "/903_small", Options201(), second);
  ASSERT_EQ(first.events.size(), second.events.size());
  for (size_t i = 0; i < first.events.size(); ++i) {
    EXPECT_EQ(first.events[i].SerializeAsString(), second.events[i].SerializeAsString());
  }
  Ssda903Options later = Options201();
  later.version = 20220331000000;
  ImportSsda903Directory(kFixtures + "/903_small", later, corrected);
  ASSERT_EQ(corrected.events.size(), first.events.size());
  for (size_t i = 0; i < first.events.size(); ++i) {
    EXPECT_EQ(corrected.events[i].record_id(), first.events[i].record_id());
    EXPECT_GT(corrected.events[i].record_version(), first.events[i].record_version());
    EXPECT_NE(corrected.events[i].event_id(), first.events[i].event_id());
  }
}

TEST(Ssda903ImporterTest, MissingDirectoryIsReportedNotFatal) {
  CollectingSink sink;
  const ImportReport report =
      ImportSsda903Directory(kFixtures + "/no_such_return", Options201(), sink);
  EXPECT_EQ(report.file_errors, 3);  // episodes.csv, header.csv, uasc.csv
  EXPECT_FALSE(report.Clean());
  EXPECT_TRUE(sink.events.empty());
}

// ---- The shared fake returns -------------------------------------------------

TEST(Ssda903ImporterTest, FakeCsvReturnImportsWithoutRejects) {
  REQUIRE_SHARED_DATA();
  CollectingSink sink;
  const ImportReport report = ImportSsda903Directory(k903Dir, Options201(), sink);
  // Read with a separate script: episodes.csv 5,050 rows, header.csv 2,675,
  // uasc.csv 132. Every date parses, every code is on the DfE lists, no
  // (CHILD, DECOM) repeats, every uasc.csv child is in header.csv with the
  // same DOB, no DUC precedes its DOB: nothing to reject.
  EXPECT_EQ(report.rows_read, 5050 + 2675 + 132);
  EXPECT_EQ(report.rows_rejected, 0);
  EXPECT_EQ(report.file_errors, 0);
  // 1,413 open episodes carry a REC (nearly all X1): reported, not carried.
  // missing.csv, sw_episodes.csv and fake_903.xml are listed as not imported.
  const std::map<std::string, int64_t> expected_warnings = {{"ignored_value", 1413},
                                                            {"file_not_imported", 3}};
  EXPECT_EQ(report.warnings_by_reason, expected_warnings);
  EXPECT_EQ(report.events_produced, 5050 + 2675);
  // The latest date in the return is a DEC of 01/04/2018, in the year ending
  // 31 March 2019.
  std::set<std::string> ids;
  for (const auto& e : sink.events) {
    ASSERT_EQ(Invalid(e), "");
    EXPECT_EQ(e.record_version(), 20190331000000);
    ids.insert(e.event_id());
  }
  EXPECT_EQ(ids.size(), sink.events.size());  // event ids are distinct

  // The events describe the same care histories as the file.
  const auto from_file =
      ClaAt31March(ReadEpisodesCsv(k903Dir + "/episodes.csv"), {2015, 2016, 2017, 2018});
  const auto from_events = ClaAt31March(EpisodesFromEvents(sink.events), {2015, 2016, 2017, 2018});
  EXPECT_EQ(from_file, from_events);
  // The same figures from a separate Python reading of episodes.csv. The
  // fake episodes mostly start in 2016-17, so 3+ placements appear only in
  // the year to 31 March 2018. (365, not the 388 a looser reading gives:
  // the held placement is the current episode on the window's first day, and
  // short-break episodes are not placements.)
  const std::map<int, YearFigures> expected = {
      {2015, {74, 0}}, {2016, {510, 0}}, {2017, {1763, 0}}, {2018, {1201, 365}}};
  EXPECT_EQ(from_file, expected);

  // And what the scorecard reports from the imported events (the engine's
  // batch computation with the shipped catalogue) equals the same figures.
  MeasureRegistry registry;
  RegisterBuiltinMeasures(registry);
  auto catalogue =
      Catalogue::LoadFile(std::string(SCORECARD_SOURCE_DIR) + "/data/catalogue.yaml", registry);
  ASSERT_TRUE(catalogue.ok()) << catalogue.status();
  auto calendar = WorkingDayCalendar::LoadFile(
      std::string(SCORECARD_SOURCE_DIR) + "/data/calendar/england-and-wales-bank-holidays.csv");
  ASSERT_TRUE(calendar.ok());
  const Recomputed state = Recompute(**catalogue, MeasureContext{&*calendar}, sink.events);
  MemoryAggregateReader reader(state.aggregates, state.seen_kinds);
  for (const auto& [year, figures] : from_file) {
    v1::Period period;
    period.set_kind(v1::PERIOD_KIND_AS_OF);
    period.set_date(FormatIsoDate(DayFromCivil(year, 3, 31)));
    auto card = BuildScorecard(**catalogue, reader, "201", "", period, 0);
    ASSERT_TRUE(card.ok()) << card.status();
    int checked = 0;
    for (const auto& v : card->indicators()) {
      if (v.id() == "cla_open") {
        ++checked;
        EXPECT_EQ(v.value(), figures.looked_after) << year;
      }
      if (v.id() == "cla_3plus_placements") {
        ++checked;
        EXPECT_EQ(v.numerator(), figures.three_plus_placements) << year;
        EXPECT_EQ(v.denominator(), figures.looked_after) << year;
      }
    }
    EXPECT_EQ(checked, 2) << year;
  }
}

TEST(Ssda903ImporterTest, FakeXmlReturnImportsWithoutRejects) {
  REQUIRE_SHARED_DATA();
  CollectingSink sink;
  const ImportReport report = ImportSsda903Xml(k903Dir + "/fake_903.xml", Options201(), sink);
  // 253 CHILD elements (one HEADER each) and 459 EPISODE elements, all with
  // valid dates and codes; 133 open episodes carry a REC.
  EXPECT_EQ(report.rows_read, 253 + 459);
  EXPECT_EQ(report.rows_rejected, 0);
  EXPECT_EQ(report.warnings_by_reason, (std::map<std::string, int64_t>{{"ignored_value", 133}}));
  EXPECT_EQ(report.events_produced, 253 + 459);
  int uasc = 0;
  for (const auto& e : sink.events) {
    ASSERT_EQ(Invalid(e), "");
    if (e.has_person() && e.person().uasc()) ++uasc;
  }
  EXPECT_EQ(uasc, 12);  // the 12 headers with <UASC>1</UASC> and a DUC
  for (const Problem& p : report.problems) {
    EXPECT_TRUE(p.location.rfind("/EXPSSDA903/CHILD[", 0) == 0) << p.location;
  }
}

}  // namespace
}  // namespace scorecard::importers
