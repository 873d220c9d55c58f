#include "cli/publish_command.h"

#include <iostream>
#include <vector>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "events/ndjson.h"
#include "redis/redis_connection.h"
#include "redis/redis_options.h"

namespace scorecard::cli {

BatchPublisher::BatchPublisher(Publisher& publisher, size_t batch, std::string name,
                               std::ostream& err)
    : publisher_(publisher), batch_(batch), name_(std::move(name)), err_(err) {}

void BatchPublisher::Add(v1::CaseEvent event, int64_t line) {
  if (!failure_.ok()) return;  // the queue is gone: stop publishing
  events_.push_back(std::move(event));
  lines_.push_back(line);
  if (events_.size() >= batch_) Flush();
}

void BatchPublisher::Write(const v1::CaseEvent& event) { Add(event, ++written_); }

void BatchPublisher::ReportUnparsable(int64_t line, const absl::Status& status) {
  ++summary_.rejected;
  ReportLine(err_, name_, line, "invalid_json", "event: " + std::string(status.message()));
}

void BatchPublisher::Flush() {
  if (events_.empty() || !failure_.ok()) return;
  auto outcomes = publisher_.Publish(events_);
  if (!outcomes.ok()) {
    failure_ = outcomes.status();
  } else {
    for (size_t i = 0; i < outcomes->size(); ++i) {
      const PublishOutcome& o = (*outcomes)[i];
      if (o.accepted) {
        ++summary_.published;
      } else {
        ++summary_.rejected;
        ReportLine(err_, name_, lines_[i], o.code, o.reason);
      }
    }
  }
  events_.clear();
  lines_.clear();
}

absl::StatusOr<PublishSummary> BatchPublisher::Finish() {
  Flush();
  if (!failure_.ok()) return failure_;
  return summary_;
}

absl::StatusOr<PublishSummary> PublishNdjson(std::istream& in, const std::string& name,
                                             Publisher& publisher, size_t batch,
                                             std::ostream& err) {
  BatchPublisher out(publisher, batch, name, err);
  const int64_t lines = ReadNdjson(
      in, [&](int64_t line, v1::CaseEvent&& event) { out.Add(std::move(event), line); },
      [&](int64_t line, const absl::Status& status) { out.ReportUnparsable(line, status); });
  auto summary = out.Finish();
  if (summary.ok()) summary->lines = lines;
  return summary;
}

void DefineQueueFlags(Flags& flags, const std::string& redis_flag, const std::string& redis_help) {
  flags.Define(redis_flag, redis_flag == "redis" ? "127.0.0.1:6379" : "", redis_help);
  flags.Define("redis-password", "", "Redis AUTH password");
  flags.Define("prefix", "ssc", "key prefix of every Redis key");
  flags.Define("partitions", "8", "number of queue partitions");
}

absl::StatusOr<QueueConnection> ConnectQueue(const Flags& flags, const std::string& redis_flag) {
  auto partitions = flags.GetInt("partitions");
  if (!partitions.ok() || *partitions < 1 || *partitions > 1024) {
    return absl::InvalidArgumentError("--partitions: an integer in 1..1024");
  }
  RedisOptions defaults;
  defaults.password = flags.Get("redis-password");
  auto options = ParseRedisAddress(flags.Get(redis_flag), defaults);
  if (!options.ok()) {
    return absl::InvalidArgumentError("--" + redis_flag + ": " +
                                      std::string(options.status().message()));
  }
  auto redis = RedisConnection::Connect(*options);
  if (!redis.ok()) {
    return absl::UnavailableError("redis " + flags.Get(redis_flag) + ": " +
                                  std::string(redis.status().message()));
  }
  QueueConnection out;
  out.redis = std::move(*redis);
  out.publisher = std::make_unique<Publisher>(
      *out.redis, QueueConfig{flags.Get("prefix"), static_cast<int>(*partitions)});
  return out;
}

int RunPublish(const Args& args) {
  Flags flags;
  DefineQueueFlags(flags, "redis", "Redis address host:port or redis://...");
  flags.Define("batch", "5000", "events per pipelined batch");
  const std::string usage = "usage: scorecardctl publish FILE.ndjson|- [flags]\n";
  if (absl::Status s = flags.Parse(args); !s.ok() || flags.positional().size() != 1) {
    std::cerr << (s.ok() ? std::string("publish: expected one FILE") : std::string(s.message()))
              << "\n"
              << usage << flags.Usage();
    return 2;
  }
  auto batch = flags.GetInt("batch");
  if (!batch.ok() || *batch < 1 || *batch > 100'000) {
    std::cerr << "--batch: an integer in 1..100000\n";
    return 2;
  }
  const std::string& path = flags.positional()[0];
  auto in = OpenInput(path);
  if (!in.ok()) {
    std::cerr << in.status().message() << "\n";
    return 1;
  }
  auto queue = ConnectQueue(flags, "redis");
  if (!queue.ok()) {
    std::cerr << queue.status().message() << "\n";
    return absl::IsInvalidArgument(queue.status()) ? 2 : 1;
  }
  const std::string name = path == "-" ? "<stdin>" : path;
  auto summary =
      PublishNdjson(**in, name, *queue->publisher, static_cast<size_t>(*batch), std::cerr);
  if (!summary.ok()) {
    std::cerr << "publish stopped: " << summary.status() << "\n";
    return 1;
  }
  std::cerr << "read " << summary->lines << " lines, published " << summary->published
            << ", rejected " << summary->rejected << "\n";
  return summary->rejected > 0 ? 1 : 0;
}

}  // namespace scorecard::cli
