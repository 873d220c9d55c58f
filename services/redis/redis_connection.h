#ifndef SCORECARD_REDIS_REDIS_CONNECTION_H_
#define SCORECARD_REDIS_REDIS_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "redis/redis_client.h"
#include "redis/redis_options.h"

// hiredis's connection type (hiredis.h: `typedef struct redisContext {...}`).
struct redisContext;

namespace scorecard {

// A RedisClient over one blocking hiredis connection (TCP, RESP2).
//
// Failure and reconnect contract:
//  - A network failure during a command (including command_timeout) returns
//    Unavailable and drops the connection. The command is not retried: it may
//    or may not have run, and only the caller knows whether repeating it is
//    safe.
//  - The next call reconnects first: up to max_reconnect_attempts attempts,
//    sleeping initial_backoff, 2x, 4x... (capped at max_backoff) between them,
//    then AUTH when a password is set. If every attempt fails the call returns
//    Unavailable without sending anything, and the call after that starts a
//    fresh round of attempts. So a call on a broken connection may block for
//    up to the sum of the backoffs plus the connect timeouts.
//  - A new connection has an empty script cache if the server restarted:
//    LuaScript::Eval recovers from NOSCRIPT; callers may also watch connects().
//
// SIGPIPE: writes to a socket the server closed would raise SIGPIPE; the
// connection blocks it in the calling thread around each exchange and discards
// any it caused, so no process-wide signal setup is required.
//
// Thread-safety: NOT thread-safe; one connection per thread.
class RedisConnection final : public RedisClient {
 public:
  // Connects (with the retry/backoff policy above) and authenticates.
  // Unavailable when the server cannot be reached; the AUTH error's status
  // (Unauthenticated...) when authentication is refused.
  static absl::StatusOr<std::unique_ptr<RedisConnection>> Connect(const RedisOptions& options);

  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;
  ~RedisConnection() override;

  absl::StatusOr<RedisReply> Command(const std::vector<std::string>& argv) override;
  absl::StatusOr<std::vector<RedisReply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands) override;

  // True while a connection is established (false after a network failure
  // until the next call reconnects).
  bool connected() const { return context_ != nullptr; }
  // Number of successful connects so far, including the first; it grows by
  // one on every reconnect.
  uint64_t connects() const { return connects_; }
  const RedisOptions& options() const { return options_; }

 private:
  explicit RedisConnection(const RedisOptions& options);

  // Establishes context_ if there is none (retry and backoff as documented).
  absl::Status EnsureConnected();
  absl::Status ConnectOnce();
  // Converts the context's error into Unavailable and drops the connection.
  absl::Status FailAndDisconnect(const char* during);
  void Disconnect();

  RedisOptions options_;
  redisContext* context_ = nullptr;  // owned; null when disconnected
  uint64_t connects_ = 0;
};

}  // namespace scorecard

#endif  // SCORECARD_REDIS_REDIS_CONNECTION_H_
