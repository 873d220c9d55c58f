// scorecard-query: the composition root of the query service. Parses flags,
// builds the objects, serves until SIGTERM/SIGINT, then shuts down.

#include <chrono>
#include <iostream>
#include <memory>

#include "engine/calendar.h"
#include "engine/catalogue.h"
#include "engine/measure.h"
#include "engine/reference_data.h"
#include "events/partitioning.h"
#include "prometheus/exposer.h"
#include "prometheus/registry.h"
#include "query/grpc_services.h"
#include "query/metrics_refresher.h"
#include "query/query_metrics.h"
#include "query/redis_pool.h"
#include "query/scorecard_queries.h"
#include "redis/redis_options.h"
#include "runtime/flags.h"
#include "runtime/shutdown.h"

namespace {

int Fatal(const std::string& what) {
  std::cerr << "scorecard-query: " << what << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace scorecard;
  BlockShutdownSignals();

  Flags flags;
  flags.Define("redis", "127.0.0.1:6379", "Redis address host:port or redis://...");
  flags.Define("redis-password", "", "Redis AUTH password");
  flags.Define("prefix", "ssc", "key prefix of every Redis key");
  flags.Define("partitions", "8", "number of queue partitions (never change on a live system)");
  flags.Define("namespace", "live",
               "state namespace read while a partition has no namespace pointer");
  flags.Define("catalogue", "data/catalogue.yaml", "indicator catalogue (YAML)");
  flags.Define("calendar", "data/calendar/england-and-wales-bank-holidays.csv",
               "bank holidays CSV");
  flags.Define("population", "data/reference/population.csv",
               "ONS child population extract (rates per 10,000)");
  flags.Define("comparators", "data/reference/comparators.csv",
               "DfE published values extract (England and neighbour comparators)");
  flags.Define("neighbours", "data/reference/statistical_neighbours.csv",
               "DfE statistical neighbour groupings extract");
  flags.Define("listen", "127.0.0.1:50051", "gRPC listen address");
  flags.Define("metrics-listen", "127.0.0.1:9465", "Prometheus /metrics listen address");
  flags.Define("refresh-seconds", "15", "how often the indicator gauges are recomputed");
  flags.DefineSwitch("help", "print this help");
  if (absl::Status s = flags.Parse(ArgsOf(argc, argv, 1)); !s.ok() || flags.GetBool("help")) {
    if (!s.ok()) std::cerr << "scorecard-query: " << s.message() << "\n";
    std::cerr << "usage: scorecard-query [flags]\n" << flags.Usage();
    return s.ok() ? 0 : 2;
  }

  RedisOptions redis_defaults;
  redis_defaults.password = flags.Get("redis-password");
  auto redis = ParseRedisAddress(flags.Get("redis"), redis_defaults);
  if (!redis.ok()) return Fatal("--redis: " + std::string(redis.status().message()));
  if (redis->password.empty()) redis->password = flags.Get("redis-password");
  auto partitions = flags.GetInt("partitions");
  if (!partitions.ok() || *partitions < 1 || *partitions > 1024) {
    return Fatal("--partitions: must be an integer in 1..1024");
  }
  auto refresh = flags.GetInt("refresh-seconds");
  if (!refresh.ok() || *refresh < 1) return Fatal("--refresh-seconds: must be a positive integer");

  MeasureRegistry registry;
  RegisterBuiltinMeasures(registry);
  auto catalogue = Catalogue::LoadFile(flags.Get("catalogue"), registry);
  if (!catalogue.ok()) return Fatal(std::string(catalogue.status().message()));
  // The query service computes nothing per subject, but a calendar that does
  // not load is a configuration error the operator must see at startup.
  auto calendar = WorkingDayCalendar::LoadFile(flags.Get("calendar"));
  if (!calendar.ok()) return Fatal(std::string(calendar.status().message()));

  // Reference data ships in data/reference/; a missing or malformed file is a
  // configuration error, fatal at startup like the catalogue.
  auto reference = ReferenceData::LoadFiles(flags.Get("population"), flags.Get("comparators"),
                                            flags.Get("neighbours"));
  if (!reference.ok()) return Fatal(std::string(reference.status().message()));

  if (auto s = ValidateNamespaceName(flags.Get("namespace")); !s.ok()) {
    return Fatal("--namespace: " + std::string(s.message()));
  }
  const StateLocation location{flags.Get("prefix"), static_cast<int>(*partitions),
                               flags.Get("namespace")};
  const QueueConfig queue{location.prefix, location.partitions};

  auto metrics_registry = std::make_shared<prometheus::Registry>();
  std::unique_ptr<prometheus::Exposer> exposer;
  try {
    exposer = std::make_unique<prometheus::Exposer>(flags.Get("metrics-listen"));
  } catch (const std::exception& e) {
    return Fatal("--metrics-listen " + flags.Get("metrics-listen") + ": " + e.what());
  }
  exposer->RegisterCollectable(metrics_registry);
  RequestMetrics request_metrics(*metrics_registry);
  IndicatorGauges gauges(*metrics_registry);

  std::unique_ptr<RedisPool> pool = RedisPool::ForServer(*redis, /*max_idle=*/16);
  ScorecardQueries queries(*catalogue, *pool, location, LocalToday, *reference);
  ScorecardServiceImpl scorecard_service(queries, &request_metrics);
  EventServiceImpl event_service(*pool, queue, &request_metrics);

  GrpcServerOptions server_options;
  server_options.listen = flags.Get("listen");
  auto server = StartGrpcServer(server_options, {&scorecard_service, &event_service});
  if (!server.ok()) return Fatal(std::string(server.status().message()));

  MetricsRefresher refresher(queries, gauges, std::chrono::seconds(*refresh));
  refresher.Start();
  std::cerr << "scorecard-query: serving gRPC on " << server_options.listen << " (port "
            << server->port << "), metrics on " << flags.Get("metrics-listen") << ", catalogue "
            << (*catalogue)->version() << "\n";

  WaitForShutdownSignal([&] {
    server->server->GetHealthCheckService()->Shutdown();
    server->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  });
  refresher.Stop();
  server->server->Wait();
  std::cerr << "scorecard-query: stopped\n";
  return 0;
}
