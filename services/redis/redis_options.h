#ifndef SCORECARD_REDIS_REDIS_OPTIONS_H_
#define SCORECARD_REDIS_REDIS_OPTIONS_H_

#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace scorecard {

// How to reach one Redis server and how hard to try.
struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  // Sent with AUTH after every (re)connect when non-empty.
  std::string password;
  // Bound on establishing the TCP connection (each attempt). REQUIRES: > 0.
  std::chrono::milliseconds connect_timeout{1000};
  // Bound on each socket send/receive while a command is in flight. A command
  // that hits it fails with Unavailable (the command may or may not have run).
  // Zero or negative: no limit (a blocking command may then wait forever).
  std::chrono::milliseconds command_timeout{5000};
  // Connection attempts per (re)connect before giving up with Unavailable.
  // Values below 1 are treated as 1.
  int max_reconnect_attempts = 5;
  // Pause before the second attempt; doubles for each further attempt, capped
  // at max_backoff.
  std::chrono::milliseconds initial_backoff{50};
  std::chrono::milliseconds max_backoff{2000};
};

// Parses "redis://[:password@]host[:port]" or "host[:port]" (IPv6 hosts in
// brackets: "[::1]:6379"). Fields the address does not name (port when
// omitted, timeouts, backoff) are taken from `defaults`. The password may be
// percent-encoded. A database number or a user name is not supported and is
// rejected, as is anything else malformed: InvalidArgument.
// Thread-safe (pure function).
absl::StatusOr<RedisOptions> ParseRedisAddress(std::string_view address,
                                               const RedisOptions& defaults = {});

}  // namespace scorecard

#endif  // SCORECARD_REDIS_REDIS_OPTIONS_H_
