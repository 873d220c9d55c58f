// `scorecardctl import-903` and `scorecardctl import-cin`: statutory returns to
// NDJSON events. Events go to --out (or stdout); problems and the summary go to
// stderr. Exit code: 0 clean, 1 rows rejected or a file not imported, 2 usage.

#include <charconv>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "cli/commands.h"
#include "importers/cin_census_importer.h"
#include "importers/event_output.h"
#include "importers/import_report.h"
#include "importers/ssda903_importer.h"

namespace scorecard::cli {
namespace {

// "--name value" pairs; nullopt (after a message) on anything else.
std::optional<std::map<std::string, std::string>> ParseOptions(const Args& args,
                                                               const std::set<std::string>& known,
                                                               const char* usage) {
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::cerr << usage;
      return std::nullopt;
    }
    if (!a.starts_with("--") || !known.contains(a.substr(2)) || i + 1 >= args.size()) {
      std::cerr << "unknown or incomplete option '" << a << "'\n" << usage;
      return std::nullopt;
    }
    out[a.substr(2)] = args[++i];
  }
  return out;
}

std::optional<int64_t> ParseVersion(const std::string& s) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 1) return std::nullopt;
  return v;
}

// Runs `import` writing to --out or stdout, then reports. Returns exit code.
template <typename ImportFn>
int RunWithOutput(const std::map<std::string, std::string>& opts, ImportFn import) {
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (auto it = opts.find("out"); it != opts.end() && it->second != "-") {
    file.open(it->second, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "cannot write " << it->second << "\n";
      return 2;
    }
    out = &file;
  }
  importers::NdjsonWriter writer(*out);
  const importers::ImportReport report = import(writer);
  out->flush();
  if (!*out) {
    std::cerr << "error writing the events\n";
    return 1;
  }
  const bool quiet = opts.contains("quiet") && opts.at("quiet") == "1";
  importers::PrintReport(report, std::cerr, !quiet);
  return report.Clean() ? 0 : 1;
}

constexpr char kUsage903[] =
    "usage: scorecardctl import-903 --la CODE (--dir RETURN_DIR | --file RETURN.xml)\n"
    "         [--out events.ndjson] [--version yyyymmddHHMMSS] [--team TEAM_ID] [--quiet 1]\n"
    "  RETURN_DIR holds episodes.csv, header.csv and uasc.csv (dates dd/mm/yyyy).\n"
    "  --version defaults to 31 March ending the return's latest year (yyyymmdd000000).\n";

constexpr char kUsageCin[] =
    "usage: scorecardctl import-cin --file CIN_CENSUS.xml [--la CODE] [--out events.ndjson]\n"
    "         [--version yyyymmddHHMMSS] [--team TEAM_ID] [--quiet 1]\n"
    "  --la defaults to the header's <LEA>; --version to the later of its DateTime and\n"
    "  ReferenceDate.\n";

}  // namespace

int RunImport903(const Args& args) {
  const auto opts =
      ParseOptions(args, {"la", "dir", "file", "out", "version", "team", "quiet"}, kUsage903);
  if (!opts) return 2;
  importers::Ssda903Options options;
  const bool has_dir = opts->contains("dir");
  const bool has_file = opts->contains("file");
  if (!opts->contains("la") || has_dir == has_file) {
    std::cerr << kUsage903;
    return 2;
  }
  options.la_code = opts->at("la");
  if (!importers::IsValidId(options.la_code)) {
    std::cerr << "--la must be a council code such as 201\n";
    return 2;
  }
  if (opts->contains("version")) {
    const auto v = ParseVersion(opts->at("version"));
    if (!v) {
      std::cerr << "--version must be a positive integer (yyyymmddHHMMSS)\n";
      return 2;
    }
    options.version = *v;
  }
  if (opts->contains("team")) options.team_id = opts->at("team");
  return RunWithOutput(*opts, [&](importers::EventSink& sink) {
    return has_dir ? importers::ImportSsda903Directory(opts->at("dir"), options, sink)
                   : importers::ImportSsda903Xml(opts->at("file"), options, sink);
  });
}

int RunImportCin(const Args& args) {
  const auto opts =
      ParseOptions(args, {"la", "file", "out", "version", "team", "quiet"}, kUsageCin);
  if (!opts) return 2;
  if (!opts->contains("file")) {
    std::cerr << kUsageCin;
    return 2;
  }
  importers::CinCensusOptions options;
  if (opts->contains("la")) options.la_code = opts->at("la");
  if (opts->contains("version")) {
    const auto v = ParseVersion(opts->at("version"));
    if (!v) {
      std::cerr << "--version must be a positive integer (yyyymmddHHMMSS)\n";
      return 2;
    }
    options.version = *v;
  }
  if (opts->contains("team")) options.team_id = opts->at("team");
  return RunWithOutput(*opts, [&](importers::EventSink& sink) {
    return importers::ImportCinCensus(opts->at("file"), options, sink);
  });
}

}  // namespace scorecard::cli
