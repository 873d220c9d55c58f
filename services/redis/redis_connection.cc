#include "redis/redis_connection.h"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>

#include <algorithm>
#include <ctime>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"

namespace scorecard {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

// Blocks SIGPIPE in this thread for its lifetime and swallows a SIGPIPE raised
// meanwhile (hiredis writes with write(2), not send(MSG_NOSIGNAL)). A SIGPIPE
// that was already pending before is left alone.
class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock() {
    sigemptyset(&pipe_set_);
    sigaddset(&pipe_set_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_set_, &old_mask_);
  }
  ~ScopedSigpipeBlock() {
    if (!was_pending_) {
      sigset_t pending;
      sigemptyset(&pending);
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec zero{};
        sigtimedwait(&pipe_set_, nullptr, &zero);
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;

 private:
  sigset_t pipe_set_;
  sigset_t old_mask_;
  bool was_pending_ = false;
};

absl::Status ValidateArgv(const std::vector<std::string>& argv) {
  if (argv.empty()) return absl::InvalidArgumentError("empty Redis command");
  return absl::OkStatus();
}

// hiredis wants parallel arrays of pointers and lengths; the strings must
// outlive the call.
struct ArgvArrays {
  explicit ArgvArrays(const std::vector<std::string>& argv) {
    pointers.reserve(argv.size());
    lengths.reserve(argv.size());
    for (const std::string& arg : argv) {
      pointers.push_back(arg.data());
      lengths.push_back(arg.size());
    }
  }
  int argc() const { return static_cast<int>(pointers.size()); }
  std::vector<const char*> pointers;
  std::vector<size_t> lengths;
};

}  // namespace

absl::StatusOr<std::unique_ptr<RedisConnection>> RedisConnection::Connect(
    const RedisOptions& options) {
  std::unique_ptr<RedisConnection> connection(new RedisConnection(options));
  absl::Status status = connection->EnsureConnected();
  if (!status.ok()) return status;
  return connection;
}

RedisConnection::RedisConnection(const RedisOptions& options) : options_(options) {}

RedisConnection::~RedisConnection() { Disconnect(); }

void RedisConnection::Disconnect() {
  if (context_ != nullptr) {
    redisFree(context_);
    context_ = nullptr;
  }
}

absl::Status RedisConnection::FailAndDisconnect(const char* during) {
  std::string detail = context_ != nullptr && context_->err != 0 ? std::string(context_->errstr)
                                                                 : std::string("connection error");
  Disconnect();
  return absl::UnavailableError(
      absl::StrCat("Redis ", options_.host, ":", options_.port, ": ", during, " failed: ", detail));
}

absl::Status RedisConnection::ConnectOnce() {
  redisContext* context = redisConnectWithTimeout(options_.host.c_str(), options_.port,
                                                  ToTimeval(options_.connect_timeout));
  if (context == nullptr) {
    return absl::UnavailableError("could not allocate a hiredis context");
  }
  if (context->err != 0) {
    std::string detail(context->errstr);
    redisFree(context);
    return absl::UnavailableError(
        absl::StrCat("connect to Redis ", options_.host, ":", options_.port, " failed: ", detail));
  }
  context_ = context;
  if (options_.command_timeout.count() > 0 &&
      redisSetTimeout(context_, ToTimeval(options_.command_timeout)) != REDIS_OK) {
    return FailAndDisconnect("setting the command timeout");
  }
  if (!options_.password.empty()) {
    const std::vector<std::string> auth = {"AUTH", options_.password};
    ArgvArrays arrays(auth);
    void* raw = nullptr;
    {
      ScopedSigpipeBlock no_sigpipe;
      raw =
          redisCommandArgv(context_, arrays.argc(), arrays.pointers.data(), arrays.lengths.data());
    }
    if (raw == nullptr) return FailAndDisconnect("AUTH");
    RedisReply reply(static_cast<redisReply*>(raw));
    if (reply.is_error()) {
      absl::Status status = StatusFromRedisError(reply.str());
      Disconnect();
      return status;
    }
  }
  ++connects_;
  return absl::OkStatus();
}

absl::Status RedisConnection::EnsureConnected() {
  if (context_ != nullptr) return absl::OkStatus();
  const int attempts = std::max(1, options_.max_reconnect_attempts);
  std::chrono::milliseconds backoff = options_.initial_backoff;
  absl::Status last;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
    last = ConnectOnce();
    // Only network trouble is worth another attempt; a refused AUTH is final.
    if (last.ok() || !absl::IsUnavailable(last)) return last;
  }
  return absl::UnavailableError(
      absl::StrCat("gave up after ", attempts, " connection attempts: ", last.message()));
}

absl::StatusOr<RedisReply> RedisConnection::Command(const std::vector<std::string>& argv) {
  if (absl::Status status = ValidateArgv(argv); !status.ok()) return status;
  if (absl::Status status = EnsureConnected(); !status.ok()) return status;
  ArgvArrays arrays(argv);
  void* raw = nullptr;
  {
    ScopedSigpipeBlock no_sigpipe;
    raw = redisCommandArgv(context_, arrays.argc(), arrays.pointers.data(), arrays.lengths.data());
  }
  if (raw == nullptr) return FailAndDisconnect("command");
  RedisReply reply(static_cast<redisReply*>(raw));
  if (reply.is_error()) return StatusFromRedisError(reply.str());
  return reply;
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::Pipeline(
    const std::vector<std::vector<std::string>>& commands) {
  for (const std::vector<std::string>& argv : commands) {
    if (absl::Status status = ValidateArgv(argv); !status.ok()) return status;
  }
  std::vector<RedisReply> replies;
  if (commands.empty()) return replies;
  if (absl::Status status = EnsureConnected(); !status.ok()) return status;

  ScopedSigpipeBlock no_sigpipe;
  for (const std::vector<std::string>& argv : commands) {
    ArgvArrays arrays(argv);
    if (redisAppendCommandArgv(context_, arrays.argc(), arrays.pointers.data(),
                               arrays.lengths.data()) != REDIS_OK) {
      return FailAndDisconnect("pipeline append");
    }
  }
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
      return FailAndDisconnect("pipeline read");
    }
    replies.emplace_back(static_cast<redisReply*>(raw));
  }
  return replies;
}

}  // namespace scorecard
