// Throughput of the event producers: the synthetic council generator and the
// SSDA903 and CIN census importers, each producing about a million events as
// NDJSON into a file (the `scorecardctl` path, minus argument parsing).
//
// usage: producers_bench [--events N] [--dir SCRATCH_DIR]
// The inputs for the importers are written to SCRATCH_DIR (default: a new
// directory under the system temp dir) before the clock starts.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>

#include "engine/date.h"
#include "generator/synthetic_council.h"
#include "importers/cin_census_importer.h"
#include "importers/event_output.h"
#include "importers/ssda903_importer.h"

namespace {

namespace fs = std::filesystem;
using scorecard::Day;
using scorecard::DayFromCivil;
using scorecard::FormatIsoDate;

std::string Uk(Day d) {
  const auto c = scorecard::CivilFromDay(d);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%02d/%02d/%04d", c.day, c.month, c.year);
  return buf;
}

// 4 episodes per child plus a header row: 5 events per child.
void Write903(const fs::path& dir, int64_t events) {
  fs::create_directories(dir);
  const int64_t children = events / 5;
  std::ofstream ep(dir / "episodes.csv"), hd(dir / "header.csv"), ua(dir / "uasc.csv");
  ep << "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
        "PL_POST,URN\n";
  hd << "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n";
  ua << "CHILD,SEX,DOB,DUC\n";
  const Day base = DayFromCivil(2019, 4, 1);
  for (int64_t c = 0; c < children; ++c) {
    const std::string id = std::to_string(100000 + c);
    Day d = base + static_cast<Day>(c % 700);
    hd << id << ",1," << Uk(d - 3000 - static_cast<Day>(c % 2000)) << ",WBRI,,,\n";
    for (int e = 0; e < 4; ++e) {
      const Day next = d + 60 + e * 7;
      ep << id << ',' << Uk(d) << ',' << (e == 0 ? "S" : "P") << ",C2,N1,U4,PR1,";
      if (e < 3) {
        ep << Uk(next) << ",X1,CARPL,,,SC12345\n";
      } else {
        ep << ",,,,,SC12345\n";
      }
      d = next;
    }
  }
}

// Per child: referral, closure, assessment, S47, ICPC, CP plan, CIN plan,
// and a second referral with closure and assessment = 10 records.
void WriteCin(const fs::path& file, int64_t events) {
  std::ofstream x(file);
  x << "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year>"
       "<ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails><Source><LEA>201</LEA>"
       "<DateTime>2024-05-01T09:00:00</DateTime></Source></Header><Children>\n";
  const int64_t children = events / 10;
  const Day base = DayFromCivil(2022, 4, 1);
  for (int64_t c = 0; c < children; ++c) {
    const Day r = base + static_cast<Day>(c % 300);
    auto iso = [&](int offset) { return FormatIsoDate(r + offset); };
    x << "<Child><ChildIdentifiers><LAchildID>B" << c << "</LAchildID></ChildIdentifiers>"
      << "<CINdetails><CINreferralDate>" << iso(0) << "</CINreferralDate>"
      << "<ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>"
      << "<CINclosureDate>" << iso(300) << "</CINclosureDate><ReasonForClosure>RC6"
      << "</ReasonForClosure><ReferralNFA>false</ReferralNFA>"
      << "<Assessments><AssessmentActualStartDate>" << iso(1) << "</AssessmentActualStartDate>"
      << "<AssessmentAuthorisationDate>" << iso(30) << "</AssessmentAuthorisationDate>"
      << "<FactorsIdentifiedAtAssessment><AssessmentFactors>3A</AssessmentFactors>"
      << "</FactorsIdentifiedAtAssessment></Assessments>"
      << "<Section47><S47ActualStartDate>" << iso(2) << "</S47ActualStartDate>"
      << "<DateOfInitialCPC>" << iso(15) << "</DateOfInitialCPC>"
      << "<ICPCnotRequired>false</ICPCnotRequired></Section47>"
      << "<ChildProtectionPlans><CPPstartDate>" << iso(15) << "</CPPstartDate><CPPendDate>"
      << iso(200) << "</CPPendDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
      << "</ChildProtectionPlans><CINPlanDates><CINPlanStartDate>" << iso(200)
      << "</CINPlanStartDate><CINPlanEndDate>" << iso(300) << "</CINPlanEndDate></CINPlanDates>"
      << "</CINdetails><CINdetails><CINreferralDate>" << iso(400) << "</CINreferralDate>"
      << "<ReferralSource>5A</ReferralSource><CINclosureDate>" << iso(420)
      << "</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>"
      << "<Assessments><AssessmentActualStartDate>" << iso(400)
      << "</AssessmentActualStartDate><AssessmentAuthorisationDate>" << iso(419)
      << "</AssessmentAuthorisationDate></Assessments></CINdetails></Child>\n";
  }
  x << "</Children></Message>\n";
}

double Seconds(const std::function<void()>& run) {
  const auto t0 = std::chrono::steady_clock::now();
  run();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void Report(const char* what, int64_t events, double seconds) {
  std::printf("%-34s %10lld events %8.2f s %10.0f events/s\n", what, static_cast<long long>(events),
              seconds, events / seconds);
}

}  // namespace

int main(int argc, char** argv) {
  int64_t target = 1000000;
  fs::path dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    if (name == "--events") {
      target = std::stoll(argv[i + 1]);
    } else if (name == "--dir") {
      dir = argv[i + 1];
    } else {
      std::cerr << "usage: producers_bench [--events N] [--dir SCRATCH_DIR]\n";
      return 2;
    }
  }
  if (dir.empty()) {
    dir = fs::temp_directory_path() / ("producers_bench_" + std::to_string(::getpid()));
  }
  fs::create_directories(dir);
  int status = 0;

  {
    // About 86,000 events per council-year at scale 1: pick the scale that
    // gives the target in 3 years.
    scorecard::generator::SyntheticCouncilOptions options;
    options.years = 3;
    options.scale = static_cast<double>(target) / (86000.0 * 3);
    std::ofstream out(dir / "generated.ndjson", std::ios::binary);
    scorecard::importers::NdjsonWriter writer(out);
    int64_t events = 0;
    const double s = Seconds([&] {
      auto stats = scorecard::generator::GenerateSyntheticCouncil(options, writer);
      events = stats.ok() ? stats->events : 0;
      out.flush();
    });
    Report("generate (3 years, NDJSON)", events, s);
    if (events == 0) status = 1;
  }
  {
    Write903(dir / "ssda903", target);
    std::ofstream out(dir / "ssda903.ndjson", std::ios::binary);
    scorecard::importers::NdjsonWriter writer(out);
    scorecard::importers::Ssda903Options options;
    options.la_code = "201";
    scorecard::importers::ImportReport report;
    const double s = Seconds([&] {
      report =
          scorecard::importers::ImportSsda903Directory((dir / "ssda903").string(), options, writer);
      out.flush();
    });
    Report("import-903 (CSV, NDJSON)", report.events_produced, s);
    if (report.rows_rejected != 0) status = 1;
  }
  {
    WriteCin(dir / "cin.xml", target);
    std::ofstream out(dir / "cin.ndjson", std::ios::binary);
    scorecard::importers::NdjsonWriter writer(out);
    scorecard::importers::ImportReport report;
    const double s = Seconds([&] {
      report = scorecard::importers::ImportCinCensus((dir / "cin.xml").string(), {}, writer);
      out.flush();
    });
    Report("import-cin (XML, NDJSON)", report.events_produced, s);
    if (report.rows_rejected != 0) status = 1;
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return status;
}
