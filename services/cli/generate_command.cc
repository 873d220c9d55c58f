// `scorecardctl generate`: a synthetic council's event stream as NDJSON on
// --out (or stdout); a one-line summary on stderr. Exit code 0, or 2 on a
// usage error.

#include <charconv>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "engine/date.h"
#include "generator/synthetic_council.h"
#include "importers/event_output.h"

namespace scorecard::cli {
namespace {

constexpr char kUsage[] =
    "usage: scorecardctl generate [--seed N] [--years N] [--start YYYY-MM-DD] [--scale X]\n"
    "         [--la CODE] [--out events.ndjson] [--out-of-order-rate P] [--duplicate-rate P]\n"
    "         [--correction-rate P] [--delete-rate P]\n"
    "  Defaults: seed 1, 1 year from 2021-04-01, scale 1.0 (about 35,000 children), la 999,\n"
    "  all error rates 0.\n";

std::optional<double> ToDouble(const std::string& s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

template <typename T>
std::optional<T> ToInt(const std::string& s) {
  T v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

int RunGenerate(const Args& args) {
  generator::SyntheticCouncilOptions options;
  std::string out_path;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& name = args[i];
    if (name == "--help" || name == "-h") {
      std::cerr << kUsage;
      return 2;
    }
    if (i + 1 >= args.size()) {
      std::cerr << "option '" << name << "' needs a value\n" << kUsage;
      return 2;
    }
    const std::string& value = args[++i];
    bool ok = true;
    if (name == "--seed") {
      const auto v = ToInt<uint64_t>(value);
      ok = v.has_value();
      if (ok) options.seed = *v;
    } else if (name == "--years") {
      const auto v = ToInt<int>(value);
      ok = v.has_value();
      if (ok) options.years = *v;
    } else if (name == "--start") {
      const auto d = ParseIsoDate(value);
      ok = d.has_value();
      if (ok) options.start = *d;
    } else if (name == "--la") {
      options.la_code = value;
    } else if (name == "--out") {
      out_path = value;
    } else {
      const auto v = ToDouble(value);
      ok = v.has_value();
      if (!ok) {
      } else if (name == "--scale") {
        options.scale = *v;
      } else if (name == "--out-of-order-rate") {
        options.out_of_order_rate = *v;
      } else if (name == "--duplicate-rate") {
        options.duplicate_rate = *v;
      } else if (name == "--correction-rate") {
        options.correction_rate = *v;
      } else if (name == "--delete-rate") {
        options.delete_rate = *v;
      } else {
        std::cerr << "unknown option '" << name << "'\n" << kUsage;
        return 2;
      }
    }
    if (!ok) {
      std::cerr << "bad value '" << value << "' for " << name << "\n" << kUsage;
      return 2;
    }
  }

  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!out_path.empty() && out_path != "-") {
    file.open(out_path, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "cannot write " << out_path << "\n";
      return 2;
    }
    out = &file;
  }
  importers::NdjsonWriter writer(*out);
  const auto stats = generator::GenerateSyntheticCouncil(options, writer);
  if (!stats.ok()) {
    std::cerr << stats.status().message() << "\n" << kUsage;
    return 2;
  }
  out->flush();
  if (!*out) {
    std::cerr << "error writing the events\n";
    return 1;
  }
  std::cerr << "events: " << stats->events << ", children: " << stats->children
            << ", workers: " << stats->workers << "\n";
  for (const auto& [kind, n] : stats->events_by_kind)
    std::cerr << "  " << kind << ": " << n << "\n";
  return 0;
}

}  // namespace scorecard::cli
