// `scorecardctl rebuild`: recomputes every partition's state from the event
// streams into a fresh namespace and switches to it (ingest/rebuilder.h).
// `scorecardctl drop-namespace`: deletes a namespace that is no longer
// current. Progress and the summary go to stderr.

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "cli/publish_command.h"
#include "engine/calendar.h"
#include "engine/catalogue.h"
#include "events/partitioning.h"
#include "ingest/rebuilder.h"
#include "redis/redis_connection.h"
#include "redis/redis_options.h"
#include "runtime/flags.h"

namespace scorecard::cli {
namespace {

constexpr char kRebuildUsage[] =
    "usage: scorecardctl rebuild [--namespace NAME] [--catalogue FILE] [--calendar FILE]\n"
    "         [--redis HOST:PORT] [--prefix ssc] [--partitions 8] [--default-namespace live]\n"
    "         [--batch 1000] [--jobs 2] [--lease-ms 10000] [--token NAME]\n"
    "  Recomputes all state from the event streams into namespace NAME (default r<unix time>)\n"
    "  with the catalogue given, then switches every partition to it. Queries and ingest keep\n"
    "  using the current namespace until the switch. Rerunning with the same NAME resumes.\n";

constexpr char kDropUsage[] =
    "usage: scorecardctl drop-namespace --namespace NAME [--redis HOST:PORT] [--prefix ssc]\n"
    "         [--partitions 8] [--default-namespace live]\n"
    "  Deletes every key of namespace NAME; refused while it is current in any partition.\n";

int Usage(const char* usage, const absl::Status& s) {
  std::cerr << s.message() << "\n" << usage;
  return 2;
}

std::string Rate(int64_t n, double seconds) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(0) << (seconds > 0 ? n / seconds : 0.0);
  return out.str();
}

}  // namespace

int RunRebuild(const Args& args) {
  Flags flags;
  DefineQueueFlags(flags, "redis", "Redis address host:port or redis://...");
  flags.Define("namespace", "", "namespace to build (default r<unix time>)");
  flags.Define("default-namespace", "live",
               "what a partition without a namespace pointer uses (ingest's --namespace)");
  flags.Define("catalogue", "data/catalogue.yaml", "indicator catalogue to rebuild with");
  flags.Define("calendar", "data/calendar/england-and-wales-bank-holidays.csv",
               "bank holidays file");
  flags.Define("batch", "1000", "stream entries per batch (1..10000)");
  flags.Define("jobs", "2", "partitions rebuilt in parallel (1..64)");
  flags.Define("lease-ms", "10000", "rebuild lease time to live");
  flags.Define("token", "", "rebuild lease token (default <host>-<pid>)");
  flags.DefineSwitch("help", "show this help");
  if (auto s = flags.Parse(args); !s.ok()) return Usage(kRebuildUsage, s);
  if (flags.GetBool("help")) {
    std::cerr << kRebuildUsage << flags.Usage();
    return 2;
  }
  RebuildConfig config;
  auto partitions = flags.GetInt("partitions");
  auto batch = flags.GetInt("batch");
  auto jobs = flags.GetInt("jobs");
  auto lease = flags.GetInt("lease-ms");
  if (!partitions.ok() || *partitions < 1 || *partitions > 1024) {
    return Usage(kRebuildUsage, absl::InvalidArgumentError("--partitions: an integer in 1..1024"));
  }
  if (!batch.ok() || *batch < 1 || *batch > 10000) {
    return Usage(kRebuildUsage, absl::InvalidArgumentError("--batch: an integer in 1..10000"));
  }
  if (!jobs.ok() || *jobs < 1 || *jobs > 64) {
    return Usage(kRebuildUsage, absl::InvalidArgumentError("--jobs: an integer in 1..64"));
  }
  if (!lease.ok() || *lease < 1000) {
    return Usage(kRebuildUsage, absl::InvalidArgumentError("--lease-ms: an integer >= 1000"));
  }
  config.queue = QueueConfig{flags.Get("prefix"), static_cast<int>(*partitions)};
  config.default_ns = flags.Get("default-namespace");
  config.target = flags.Get("namespace");
  if (config.target.empty()) config.target = "r" + std::to_string(std::time(nullptr));
  for (const std::string* ns : {&config.default_ns, &config.target}) {
    if (auto s = ValidateNamespaceName(*ns); !s.ok()) return Usage(kRebuildUsage, s);
  }
  config.batch_size = static_cast<int>(*batch);
  config.lease_ttl_ms = *lease;
  config.token = flags.Get("token");
  if (config.token.empty()) {
    char host[256] = {};
    gethostname(host, sizeof(host) - 1);
    config.token = std::string(host) + "-" + std::to_string(getpid());
  }
  RedisOptions defaults;
  defaults.password = flags.Get("redis-password");
  auto redis = ParseRedisAddress(flags.Get("redis"), defaults);
  if (!redis.ok()) {
    return Usage(kRebuildUsage,
                 absl::InvalidArgumentError("--redis: " + std::string(redis.status().message())));
  }

  auto calendar = WorkingDayCalendar::LoadFile(flags.Get("calendar"));
  if (!calendar.ok()) {
    std::cerr << calendar.status().message() << "\n";
    return 1;
  }
  MeasureRegistry registry;
  RegisterBuiltinMeasures(registry);
  auto catalogue = Catalogue::LoadFile(flags.Get("catalogue"), registry);
  if (!catalogue.ok()) {
    std::cerr << catalogue.status().message() << "\n";
    return 1;
  }

  std::cerr << "rebuild: into namespace " << config.target << " with catalogue "
            << (*catalogue)->version() << ", " << config.queue.partitions << " partitions, "
            << *jobs << " jobs\n";
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  std::map<int, Clock::time_point> last_report;
  auto report = [&](const PartitionProgress& p) {
    const auto now = Clock::now();
    auto& last = last_report[p.partition];
    if (!p.switched && now - last < std::chrono::seconds(2)) return;
    last = now;
    if (p.switched) {
      std::cerr << "partition " << p.partition << ": "
                << (p.already_current ? "already current" : "switched from " + p.previous) << "\n";
    } else {
      std::cerr << "partition " << p.partition << ": " << p.entries << " entries, "
                << Rate(p.entries, p.seconds) << " events/s\n";
    }
  };
  auto result = RebuildAll(config, *redis, *catalogue, MeasureContext{&*calendar},
                           static_cast<int>(*jobs), report);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!result.ok()) {
    std::cerr << "rebuild failed: " << result.status() << "\n(rerun with --namespace "
              << config.target << " to resume)\n";
    return 1;
  }
  int64_t entries = 0, applied = 0, skipped = 0;
  std::set<std::string> previous;
  std::cerr << "partition  previous  entries  applied  skipped  catch-ups  events/s\n";
  for (const PartitionProgress& p : *result) {
    std::cerr << std::setw(9) << p.partition << "  " << std::setw(8) << p.previous << "  "
              << std::setw(7) << p.entries << "  " << std::setw(7) << p.applied << "  "
              << std::setw(7) << p.skipped << "  " << std::setw(9) << p.catch_ups << "  "
              << std::setw(8) << Rate(p.entries, p.seconds) << "\n";
    entries += p.entries;
    applied += p.applied;
    skipped += p.skipped;
    if (!p.already_current) previous.insert(p.previous);
  }
  std::cerr << "rebuilt " << entries << " entries (" << applied << " events applied, " << skipped
            << " invalid entries skipped) in " << std::fixed << std::setprecision(1) << seconds
            << " s, " << Rate(entries, seconds) << " entries/s; current namespace " << config.target
            << ", catalogue " << (*catalogue)->version() << "\n";
  for (const std::string& ns : previous) {
    std::cerr << "the previous namespace stays until dropped: scorecardctl drop-namespace "
                 "--namespace "
              << ns << "\n";
  }
  return 0;
}

int RunDropNamespace(const Args& args) {
  Flags flags;
  DefineQueueFlags(flags, "redis", "Redis address host:port or redis://...");
  flags.Define("namespace", "", "namespace to delete");
  flags.Define("default-namespace", "live",
               "what a partition without a namespace pointer uses (ingest's --namespace)");
  flags.DefineSwitch("help", "show this help");
  if (auto s = flags.Parse(args); !s.ok()) return Usage(kDropUsage, s);
  if (flags.GetBool("help")) {
    std::cerr << kDropUsage << flags.Usage();
    return 2;
  }
  const std::string ns = flags.Get("namespace");
  if (auto s = ValidateNamespaceName(ns); !s.ok()) return Usage(kDropUsage, s);
  auto queue = ConnectQueue(flags, "redis");
  if (!queue.ok()) {
    std::cerr << queue.status().message() << "\n";
    return absl::IsInvalidArgument(queue.status()) ? 2 : 1;
  }
  auto partitions = flags.GetInt("partitions");
  auto deleted =
      DropNamespace(*queue->redis, QueueConfig{flags.Get("prefix"), static_cast<int>(*partitions)},
                    flags.Get("default-namespace"), ns);
  if (!deleted.ok()) {
    std::cerr << "drop-namespace: " << deleted.status().message() << "\n";
    return 1;
  }
  std::cerr << "deleted " << *deleted << " keys of namespace " << ns << "\n";
  return 0;
}

}  // namespace scorecard::cli
