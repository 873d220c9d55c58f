// `scorecardctl generate`: a synthetic council's event stream as NDJSON on
// --out (or stdout); a one-line summary on stderr. Exit code 0, or 2 on a
// usage error.

#include <iostream>
#include <string>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "cli/publish_command.h"
#include "engine/date.h"
#include "generator/synthetic_council.h"
#include "importers/event_output.h"
#include "runtime/flags.h"

namespace scorecard::cli {
namespace {

constexpr char kUsage[] =
    "usage: scorecardctl generate [--seed N] [--years N] [--start YYYY-MM-DD] [--scale X]\n"
    "         [--la CODE] [--out events.ndjson] [--out-of-order-rate P] [--duplicate-rate P]\n"
    "         [--correction-rate P] [--delete-rate P] [--publish HOST:PORT]\n"
    "  Defaults: seed 1, 1 year from 2021-04-01, scale 1.0 (about 35,000 children), la 999,\n"
    "  all error rates 0.\n";

int Usage(const absl::Status& s) {
  std::cerr << s.message() << "\n" << kUsage;
  return 2;
}

}  // namespace

int RunGenerate(const Args& args) {
  generator::SyntheticCouncilOptions options;
  Flags flags;
  flags.Define("seed", std::to_string(options.seed), "random seed: same seed, same bytes");
  flags.Define("years", std::to_string(options.years), "simulated years");
  flags.Define("start", FormatIsoDate(options.start), "first simulated day");
  flags.Define("scale", "1.0", "multiplies every volume");
  flags.Define("la", options.la_code, "council code");
  flags.Define("out", "-", "where the NDJSON events go (- for stdout)");
  DefineQueueFlags(flags, "publish", "publish the events to this Redis (host:port) instead");
  flags.Define("out-of-order-rate", "0", "share of events delivered 1-30 days late");
  flags.Define("duplicate-rate", "0", "share of events delivered twice");
  flags.Define("correction-rate", "0", "share of records first sent wrong, then corrected");
  flags.Define("delete-rate", "0", "share of records created in error, then deleted");
  flags.DefineSwitch("help", "show this help");
  if (auto s = flags.Parse(args); !s.ok()) return Usage(s);
  if (flags.GetBool("help")) {
    std::cerr << kUsage;
    return 2;
  }
  auto seed = flags.GetInt("seed");
  auto years = flags.GetInt("years");
  if (!seed.ok()) return Usage(seed.status());
  if (!years.ok()) return Usage(years.status());
  const auto start = ParseIsoDate(flags.Get("start"));
  if (!start) return Usage(absl::InvalidArgumentError("--start must be a date YYYY-MM-DD"));
  options.seed = static_cast<uint64_t>(*seed);
  options.years = static_cast<int>(*years);
  options.start = *start;
  options.la_code = flags.Get("la");
  for (auto [name, field] : {std::pair{"scale", &options.scale},
                             {"out-of-order-rate", &options.out_of_order_rate},
                             {"duplicate-rate", &options.duplicate_rate},
                             {"correction-rate", &options.correction_rate},
                             {"delete-rate", &options.delete_rate}}) {
    auto v = flags.GetDouble(name);
    if (!v.ok()) return Usage(v.status());
    *field = *v;
  }

  absl::StatusOr<generator::GenerationStats> stats;
  const int rc = WithEventSink(flags, "generate", [&](importers::EventSink& sink) {
    stats = generator::GenerateSyntheticCouncil(options, sink);
    return stats.ok() ? 0 : Usage(stats.status());
  });
  if (!stats.ok()) return rc;
  std::cerr << "events: " << stats->events << ", children: " << stats->children
            << ", workers: " << stats->workers << "\n";
  for (const auto& [kind, n] : stats->events_by_kind) {
    std::cerr << "  " << kind << ": " << n << "\n";
  }
  return rc;
}

}  // namespace scorecard::cli
