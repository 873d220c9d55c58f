// `scorecardctl import-903` and `scorecardctl import-cin`: statutory returns to
// NDJSON events. Events go to --out (or stdout); problems and the summary go to
// stderr. Exit code: 0 clean, 1 rows rejected or a file not imported, 2 usage.

#include <iostream>
#include <string>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "cli/publish_command.h"
#include "importers/cin_census_importer.h"
#include "importers/event_output.h"
#include "importers/import_report.h"
#include "importers/ssda903_importer.h"
#include "runtime/flags.h"

namespace scorecard::cli {
namespace {

constexpr char kUsage903[] =
    "usage: scorecardctl import-903 --la CODE (--dir RETURN_DIR | --file RETURN.xml)\n"
    "         [--out events.ndjson | --publish HOST:PORT] [--version yyyymmddHHMMSS]\n"
    "         [--team TEAM_ID] [--quiet 1]\n"
    "  RETURN_DIR holds episodes.csv, header.csv and uasc.csv (dates dd/mm/yyyy).\n"
    "  --version defaults to 31 March ending the return's latest year (yyyymmdd000000).\n";

constexpr char kUsageCin[] =
    "usage: scorecardctl import-cin --file CIN_CENSUS.xml [--la CODE] [--out events.ndjson]\n"
    "         [--version yyyymmddHHMMSS] [--team TEAM_ID] [--quiet 1]\n"
    "  --la defaults to the header's <LEA>; --version to the later of its DateTime and\n"
    "  ReferenceDate.\n";

// The flags both importers take.
void DefineImportFlags(Flags& flags) {
  flags.Define("la", "", "council code (DfE three-digit code, e.g. 201)");
  flags.Define("file", "", "the return file");
  flags.Define("out", "-", "where the NDJSON events go (- for stdout)");
  DefineQueueFlags(flags, "publish", "publish the events to this Redis (host:port) instead");
  flags.Define("version", "", "record_version of every record, yyyymmddHHMMSS");
  flags.Define("team", "", "team id given to every record (returns name no team)");
  flags.Define("quiet", "0", "1: summary only, no per-row problems");
  flags.DefineSwitch("help", "show this help");
}

// Parses the flags; on a usage error prints it with `usage` and returns false.
bool ParseImportFlags(Flags& flags, const Args& args, const char* usage) {
  if (auto s = flags.Parse(args); !s.ok()) {
    std::cerr << s.message() << "\n" << usage;
    return false;
  }
  if (flags.GetBool("help")) {
    std::cerr << usage;
    return false;
  }
  return true;
}

// Copies --version and --team into the importer's options. False (after a
// message) when --version is not a positive integer.
template <typename Options>
bool ApplyCommonFlags(const Flags& flags, Options& options) {
  if (!flags.Get("version").empty()) {
    auto v = flags.GetInt("version");
    if (!v.ok() || *v < 1) {
      std::cerr << "--version must be a positive integer (yyyymmddHHMMSS)\n";
      return false;
    }
    options.version = *v;
  }
  if (!flags.Get("team").empty()) options.team_id = flags.Get("team");
  return true;
}

// Runs `import` with its events going to --out or --publish, then reports.
// Returns the exit code.
template <typename ImportFn>
int RunImport(const Flags& flags, const std::string& name, ImportFn import) {
  return WithEventSink(flags, name, [&](importers::EventSink& sink) {
    const importers::ImportReport report = import(sink);
    importers::PrintReport(report, std::cerr, flags.Get("quiet") != "1");
    return report.Clean() ? 0 : 1;
  });
}

}  // namespace

int RunImport903(const Args& args) {
  Flags flags;
  DefineImportFlags(flags);
  flags.Define("dir", "", "directory holding episodes.csv, header.csv and uasc.csv");
  if (!ParseImportFlags(flags, args, kUsage903)) return 2;
  const bool has_dir = !flags.Get("dir").empty();
  const bool has_file = !flags.Get("file").empty();
  if (flags.Get("la").empty() || has_dir == has_file) {
    std::cerr << kUsage903;
    return 2;
  }
  importers::Ssda903Options options;
  options.la_code = flags.Get("la");
  if (!importers::IsValidId(options.la_code)) {
    std::cerr << "--la must be a council code such as 201\n";
    return 2;
  }
  if (!ApplyCommonFlags(flags, options)) return 2;
  return RunImport(
      flags, has_dir ? flags.Get("dir") : flags.Get("file"), [&](importers::EventSink& sink) {
        return has_dir ? importers::ImportSsda903Directory(flags.Get("dir"), options, sink)
                       : importers::ImportSsda903Xml(flags.Get("file"), options, sink);
      });
}

int RunImportCin(const Args& args) {
  Flags flags;
  DefineImportFlags(flags);
  if (!ParseImportFlags(flags, args, kUsageCin)) return 2;
  if (flags.Get("file").empty()) {
    std::cerr << kUsageCin;
    return 2;
  }
  importers::CinCensusOptions options;
  if (!flags.Get("la").empty()) options.la_code = flags.Get("la");
  if (!ApplyCommonFlags(flags, options)) return 2;
  return RunImport(flags, flags.Get("file"), [&](importers::EventSink& sink) {
    return importers::ImportCinCensus(flags.Get("file"), options, sink);
  });
}

}  // namespace scorecard::cli
