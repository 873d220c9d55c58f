// scorecard-ingest: consumes the event queue into indicator state.
#include <iostream>

#include "absl/strings/str_split.h"
#include "engine/calendar.h"
#include "engine/catalogue.h"
#include "events/partitioning.h"
#include "ingest/ingest_service.h"
#include "redis/redis_connection.h"
#include "runtime/flags.h"
#include "runtime/shutdown.h"

namespace {

int Fail(const std::string& what, const absl::Status& s) {
  std::cerr << "scorecard-ingest: " << what << ": " << s.message() << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace scorecard;
  BlockShutdownSignals();
  Flags flags;
  flags.Define("redis", "127.0.0.1:6379", "Redis address host:port or redis://[:pw@]host:port");
  flags.Define("redis-password", "", "Redis AUTH password (or in the address)");
  flags.Define("prefix", "ssc", "key prefix of everything the product stores");
  flags.Define("partitions", "8", "number of queue partitions (must match producers)");
  flags.Define("owned", "", "comma-separated partitions this process serves (default: all)");
  flags.Define(
      "namespace", "live",
      "state namespace written while the partition has no namespace pointer (a rebuild sets one)");
  flags.Define("group", "ingest", "consumer group name");
  flags.Define("consumer", "ingest-1", "stable consumer name; also the partition lease token");
  flags.Define("batch", "1000", "maximum events per batch");
  flags.Define("block-ms", "500", "how long a read waits for new events");
  flags.Define("lease-ms", "10000", "partition lease time to live");
  flags.Define("catalogue", "data/catalogue.yaml", "indicator catalogue file");
  flags.Define("calendar", "data/calendar/england-and-wales-bank-holidays.csv",
               "bank holidays file");
  flags.Define("metrics-listen", "127.0.0.1:9464", "Prometheus /metrics address (empty: off)");
  flags.DefineSwitch("help", "show this help");
  if (auto s = flags.Parse(ArgsOf(argc, argv, 1)); !s.ok() || flags.GetBool("help")) {
    if (!s.ok()) std::cerr << "scorecard-ingest: " << s.message() << "\n";
    std::cerr << "usage: scorecard-ingest [flags]\n" << flags.Usage();
    return s.ok() ? 0 : 2;
  }

  IngestConfig config;
  auto redis = ParseRedisAddress(flags.Get("redis"));
  if (!redis.ok()) return Fail("--redis", redis.status());
  config.redis = *redis;
  if (!flags.Get("redis-password").empty()) config.redis.password = flags.Get("redis-password");
  config.queue.prefix = flags.Get("prefix");
  config.ns = flags.Get("namespace");
  if (auto s = ValidateNamespaceName(config.ns); !s.ok()) return Fail("--namespace", s);
  config.group = flags.Get("group");
  config.consumer = flags.Get("consumer");
  auto partitions = flags.GetInt("partitions");
  auto batch = flags.GetInt("batch");
  auto block = flags.GetInt("block-ms");
  auto lease = flags.GetInt("lease-ms");
  for (const auto* v : {&partitions, &batch, &block, &lease}) {
    if (!v->ok()) return Fail("flags", v->status());
  }
  if (*partitions < 1 || *partitions > 1024)
    return Fail("--partitions", absl::InvalidArgumentError("1..1024"));
  if (*batch < 1 || *batch > 10000) return Fail("--batch", absl::InvalidArgumentError("1..10000"));
  config.queue.partitions = static_cast<int>(*partitions);
  config.batch_size = static_cast<int>(*batch);
  config.block_ms = static_cast<int>(*block);
  config.lease_ttl_ms = *lease;
  std::vector<int> owned;
  for (absl::string_view p : absl::StrSplit(flags.Get("owned"), ',', absl::SkipEmpty())) {
    int v = std::atoi(std::string(p).c_str());
    if (v < 0 || v >= config.queue.partitions) {
      return Fail("--owned", absl::InvalidArgumentError("partition out of range"));
    }
    owned.push_back(v);
  }

  auto calendar = WorkingDayCalendar::LoadFile(flags.Get("calendar"));
  if (!calendar.ok()) return Fail("calendar", calendar.status());
  MeasureRegistry registry;
  RegisterBuiltinMeasures(registry);
  auto catalogue = Catalogue::LoadFile(flags.Get("catalogue"), registry);
  if (!catalogue.ok()) return Fail("catalogue", catalogue.status());

  IngestService service(config, owned, *catalogue, MeasureContext{&*calendar},
                        flags.Get("metrics-listen"));
  service.Start();
  std::cerr << "scorecard-ingest: consuming " << config.queue.prefix << " ("
            << config.queue.partitions << " partitions) from " << flags.Get("redis")
            << ", catalogue " << (*catalogue)->version() << "\n";
  WaitForShutdownSignal([&] { service.Stop(); });
  std::cerr << "scorecard-ingest: stopped\n";
  return 0;
}
