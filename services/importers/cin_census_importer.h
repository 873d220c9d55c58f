#ifndef SCORECARD_IMPORTERS_CIN_CENSUS_IMPORTER_H_
#define SCORECARD_IMPORTERS_CIN_CENSUS_IMPORTER_H_

// CIN census XML return -> case events.
//
// Each Child/CINdetails is one referral. Records and their ids (all prefixed
// by the child's LAchildID and the referral date, so they are stable across
// returns that repeat the referral):
//   referral           <child>:<referral date>
//   cin_closure        <child>:<referral date>           (one per referral)
//   assessment         <child>:<referral date>:<start>
//   cin_plan           <child>:<referral date>:<start>
//   section47          <child>:<referral date>:<start>
//   icpc               <child>:<referral date>:<ICPC date> (from Section47, or
//                      the referral-level DateOfInitialCPC when no S47 has it)
//   cp_plan            <child>:<referral date>:<start>
// record_version = the later of the header's DateTime and ReferenceDate as
// yyyymmddHHMMSS, so a corrected (re-generated) return supersedes the earlier
// one. Every record is checked on its own: a bad closure does not lose its
// referral. Dates after the return was produced are rejected (a return cannot
// record the future). Child characteristics are not carried (see
// docs/importers.md: the person record belongs to the SSDA903 import).

#include <cstdint>
#include <string>

#include "importers/event_output.h"
#include "importers/import_report.h"

namespace scorecard::importers {

struct CinCensusOptions {
  // Council; "" = the header's <LEA>. When both are given and differ, this
  // wins and a warning is reported.
  std::string la_code;
  // Record version; 0 = from the header (see above).
  int64_t version = 0;
  // The census names no team; every record carries this team id.
  std::string team_id = "unknown";
  std::string source_system = "cin_census";
};

ImportReport ImportCinCensus(const std::string& path, const CinCensusOptions& options,
                             EventSink& sink);

}  // namespace scorecard::importers

#endif  // SCORECARD_IMPORTERS_CIN_CENSUS_IMPORTER_H_
