#include "cli/publish_command.h"

#include <iostream>
#include <vector>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "events/ndjson.h"
#include "redis/redis_connection.h"
#include "redis/redis_options.h"
#include "runtime/flags.h"

namespace scorecard::cli {

absl::StatusOr<PublishSummary> PublishNdjson(std::istream& in, const std::string& name,
                                             Publisher& publisher, size_t batch,
                                             std::ostream& err) {
  PublishSummary summary;
  absl::Status failure;
  std::vector<v1::CaseEvent> events;
  std::vector<int64_t> lines;  // line of each pending event

  auto flush = [&] {
    if (events.empty() || !failure.ok()) return;
    auto outcomes = publisher.Publish(events);
    if (!outcomes.ok()) {
      failure = outcomes.status();
    } else {
      for (size_t i = 0; i < outcomes->size(); ++i) {
        const PublishOutcome& o = (*outcomes)[i];
        if (o.accepted) {
          ++summary.published;
        } else {
          ++summary.rejected;
          ReportLine(err, name, lines[i], o.code, o.reason);
        }
      }
    }
    events.clear();
    lines.clear();
  };

  summary.lines = ReadNdjson(
      in,
      [&](int64_t line, v1::CaseEvent&& event) {
        if (!failure.ok()) return;  // the queue is gone: stop publishing
        events.push_back(std::move(event));
        lines.push_back(line);
        if (events.size() >= batch) flush();
      },
      [&](int64_t line, const absl::Status& status) {
        ++summary.rejected;
        ReportLine(err, name, line, "invalid_json", "event: " + std::string(status.message()));
      });
  flush();
  if (!failure.ok()) return failure;
  return summary;
}

int RunPublish(const Args& args) {
  Flags flags;
  flags.Define("redis", "127.0.0.1:6379", "Redis address host:port or redis://...");
  flags.Define("redis-password", "", "Redis AUTH password");
  flags.Define("prefix", "ssc", "key prefix of every Redis key");
  flags.Define("partitions", "8", "number of queue partitions");
  flags.Define("batch", "5000", "events per pipelined batch");
  const std::string usage = "usage: scorecardctl publish FILE.ndjson|- [flags]\n";
  if (absl::Status s = flags.Parse(args); !s.ok() || flags.positional().size() != 1) {
    std::cerr << (s.ok() ? std::string("publish: expected one FILE") : std::string(s.message()))
              << "\n"
              << usage << flags.Usage();
    return 2;
  }
  auto batch = flags.GetInt("batch");
  auto partitions = flags.GetInt("partitions");
  if (!batch.ok() || *batch < 1 || *batch > 100'000) {
    std::cerr << "--batch: an integer in 1..100000\n";
    return 2;
  }
  if (!partitions.ok() || *partitions < 1 || *partitions > 1024) {
    std::cerr << "--partitions: an integer in 1..1024\n";
    return 2;
  }
  RedisOptions defaults;
  defaults.password = flags.Get("redis-password");
  auto options = ParseRedisAddress(flags.Get("redis"), defaults);
  if (!options.ok()) {
    std::cerr << "--redis: " << options.status().message() << "\n";
    return 2;
  }
  const std::string& path = flags.positional()[0];
  auto in = OpenInput(path);
  if (!in.ok()) {
    std::cerr << in.status().message() << "\n";
    return 1;
  }
  auto redis = RedisConnection::Connect(*options);
  if (!redis.ok()) {
    std::cerr << "redis " << flags.Get("redis") << ": " << redis.status() << "\n";
    return 1;
  }
  Publisher publisher(**redis, QueueConfig{flags.Get("prefix"), static_cast<int>(*partitions)});
  const std::string name = path == "-" ? "<stdin>" : path;
  auto summary = PublishNdjson(**in, name, publisher, static_cast<size_t>(*batch), std::cerr);
  if (!summary.ok()) {
    std::cerr << "publish stopped: " << summary.status() << "\n";
    return 1;
  }
  std::cerr << "read " << summary->lines << " lines, published " << summary->published
            << ", rejected " << summary->rejected << "\n";
  return summary->rejected > 0 ? 1 : 0;
}

}  // namespace scorecard::cli
