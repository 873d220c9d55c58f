#ifndef SCORECARD_REDIS_REDIS_CLIENT_H_
#define SCORECARD_REDIS_REDIS_CLIENT_H_

// The one interface the rest of the product uses to talk to Redis, so that
// tests can decorate it (FaultInjectingRedisClient) and code never touches
// hiredis directly.
//
// Status codes, used consistently by every implementation:
//   kUnavailable      the network failed (connect, send, receive, timeout) or
//                     the server is not ready (LOADING, BUSY, MASTERDOWN,
//                     TRYAGAIN, CLUSTERDOWN). After a network failure the
//                     command MAY HAVE RUN: the reply was lost. Nothing is
//                     retried behind the caller's back; the caller decides
//                     whether repeating the command is safe.
//   kNotFound         NOSCRIPT: EVALSHA named a script the server does not
//                     have cached (the command did not run).
//   kUnauthenticated  NOAUTH, WRONGPASS (the command did not run).
//   kPermissionDenied NOPERM (ACL refused it; the command did not run).
//   kFailedPrecondition  every other error reply: WRONGTYPE, ERR (syntax,
//                     unknown command, out-of-range values), errors raised by
//                     Lua scripts, OOM, READONLY... The server refused or
//                     aborted the command given its arguments and data.
//   kInvalidArgument  the request was malformed before it reached the network
//                     (an empty argv).
// The status message carries the Redis error text verbatim; callers match
// codes, never wording.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "redis/redis_reply.h"

namespace scorecard {

// Thread-safety: implementations are NOT thread-safe (hiredis is not). Use one
// client per thread; never share one between threads without external locking.
class RedisClient {
 public:
  virtual ~RedisClient() = default;

  // Sends one command (argv[0] is the command name) and waits for its reply.
  // Arguments are binary-safe. An error reply becomes a non-OK status (see the
  // table above); every other reply type (including nil) is returned as is.
  // REQUIRES: !argv.empty() (else InvalidArgument).
  virtual absl::StatusOr<RedisReply> Command(const std::vector<std::string>& argv) = 0;

  // Sends all commands, then reads all replies: one round trip. On OK the
  // result has exactly one reply per command, in order; error replies are
  // returned as replies of error type (they do not fail the pipeline and do
  // not stop later commands). Not atomic: wrap in MULTI/EXEC or use a script
  // for that. On a network failure returns Unavailable and no replies; any
  // prefix of the commands may have run. An empty `commands` returns an empty
  // vector without touching the network.
  // REQUIRES: no command is empty (else InvalidArgument, nothing is sent).
  virtual absl::StatusOr<std::vector<RedisReply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands) = 0;
};

// Maps the text of a Redis error reply ("WRONGTYPE Operation against...") to a
// non-OK status by the table above. Use it to treat error elements of a
// Pipeline result the same way Command does. Thread-safe.
absl::Status StatusFromRedisError(std::string_view error_text);

}  // namespace scorecard

#endif  // SCORECARD_REDIS_REDIS_CLIENT_H_
