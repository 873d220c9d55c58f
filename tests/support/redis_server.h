#ifndef SCORECARD_TESTS_SUPPORT_REDIS_SERVER_H_
#define SCORECARD_TESTS_SUPPORT_REDIS_SERVER_H_

// Test support: a real redis-server on a free loopback port in a fresh
// temporary directory, plus polling helpers. No fixed sleeps anywhere: every
// wait polls a condition with a short backoff until a deadline.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "redis/redis_options.h"

namespace scorecard {

// Polls `cond` (first immediately, then with a backoff growing from 1 ms to
// 50 ms) until it returns true or `deadline` has elapsed. Returns the last
// result: true iff the condition held in time.
bool WaitFor(const std::function<bool()>& cond, std::chrono::milliseconds deadline);

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, read
// back, released). Another process may take it before the caller binds it;
// callers that can detect that should retry with a new port. Terminates the
// process if no socket can be bound (a broken test environment).
int FreeLoopbackPort();

struct RedisServerOptions {
  // Appended to the standard command line (after it, so they override it),
  // e.g. {"--appendfsync", "always"}.
  std::vector<std::string> extra_args;
  // When non-empty the server requires it (--requirepass) and options()
  // carries it.
  std::string password;
  // How long Start/Restart wait for the server to answer PING.
  std::chrono::milliseconds start_deadline{10000};
  // How long Stop waits for a graceful exit before SIGKILL.
  std::chrono::milliseconds stop_deadline{10000};
};

// One redis-server child process:
//   redis-server --bind 127.0.0.1 --port N --dir TMP --save "" --appendonly yes
//                --appendfsync everysec --daemonize no [extra args]
// The binary is $REDIS_SERVER, else "redis-server" on PATH. Its stdout and
// stderr go to log_path() inside dir(). The child gets SIGKILL if the thread
// that started it exits, so a crashed test leaves no server behind.
//
// Thread-safety: not thread-safe; drive it from one test thread.
class RedisServer {
 public:
  // Creates the temporary directory, picks a port, starts the server and
  // waits until it answers PING. Retries with another port if the first one
  // was taken meanwhile. Unavailable (with the log's tail) when the server
  // does not come up by the deadline or exits.
  static absl::StatusOr<std::unique_ptr<RedisServer>> Start(RedisServerOptions options = {});

  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;
  // Stops the server if running and removes the temporary directory.
  ~RedisServer();

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  std::string log_path() const;
  bool running() const { return pid_ > 0; }

  // Client options for this server: host 127.0.0.1, its port and password,
  // short timeouts and backoff suited to tests.
  RedisOptions options() const;

  // Graceful stop: SIGTERM (Redis flushes and fsyncs the AOF), then waits for
  // the exit; SIGKILL if it takes longer than stop_deadline. OK if not running.
  absl::Status Stop();
  // SIGKILL and reap: a crash, so at most the last second of AOF writes is
  // lost with appendfsync everysec. OK if not running.
  absl::Status Kill();
  // Stops the server if running, then starts it again on the same port and
  // directory (so it reloads its AOF) and waits until it answers PING.
  absl::Status Restart();

 private:
  RedisServer(RedisServerOptions options, std::string dir);

  // Forks and execs redis-server on port_.
  absl::Status Spawn();
  // Waits for PONG; reaps the child and fails if it exits first.
  absl::Status WaitUntilReady();
  // Reaps the child, waiting at most `deadline`. True when reaped.
  bool Reap(std::chrono::milliseconds deadline);
  std::string LogTail() const;

  RedisServerOptions options_;
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace scorecard

#endif  // SCORECARD_TESTS_SUPPORT_REDIS_SERVER_H_
