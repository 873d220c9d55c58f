#ifndef SCORECARD_IMPORTERS_SSDA903_IMPORTER_H_
#define SCORECARD_IMPORTERS_SSDA903_IMPORTER_H_

// SSDA903 (children looked after) return -> case events.
//
// episodes.csv rows become `cla_episode` records, record_id "<CHILD>:<DECOM
// as YYYY-MM-DD>"; header.csv and uasc.csv rows become one `person` record per
// child, record_id = CHILD. Every record of one import carries the same
// record_version (the return's version), so importing the same return twice
// yields identical events and a later return (higher version) supersedes an
// earlier one record by record. Bad rows are rejected with a reason and never
// stop the import (see ImportReport and docs/importers.md).

#include <cstdint>
#include <string>

#include "importers/event_output.h"
#include "importers/import_report.h"

namespace scorecard::importers {

struct Ssda903Options {
  // Council (three-digit DfE code). REQUIRED: the CSV return does not name it.
  std::string la_code;
  // Record version of every event. 0 = derive it from the data: 31 March (as
  // yyyymmdd000000) ending the financial year of the latest DECOM or DEC in
  // the return, i.e. the collection year the return covers.
  int64_t version = 0;
  // The return names no team; every child record carries this team id.
  std::string team_id = "unknown";
  std::string source_system = "ssda903";
};

// Imports the CSV return in `dir` (episodes.csv, header.csv, uasc.csv; a
// missing file is a file error, other files in the directory are listed as
// not imported). Events go to `sink` in a deterministic order: people first,
// then episodes in file order.
ImportReport ImportSsda903Directory(const std::string& dir, const Ssda903Options& options,
                                    EventSink& sink);

// Imports the XML form of the return (EXPSSDA903/CHILD with HEADER and
// EPISODE elements, placement type in PL), with the same rules.
ImportReport ImportSsda903Xml(const std::string& path, const Ssda903Options& options,
                              EventSink& sink);

}  // namespace scorecard::importers

#endif  // SCORECARD_IMPORTERS_SSDA903_IMPORTER_H_
