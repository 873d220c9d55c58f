#ifndef SCORECARD_REDIS_LUA_SCRIPT_H_
#define SCORECARD_REDIS_LUA_SCRIPT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "redis/redis_client.h"

namespace scorecard {

// A Lua script run by its SHA1 (EVALSHA), so the body crosses the network only
// when the server's script cache lacks it. The cache is volatile (restart,
// failover, SCRIPT FLUSH): Eval recovers from NOSCRIPT by loading and retrying
// once, which is safe because a NOSCRIPT reply means nothing ran.
//
// Scripts must declare every key they touch in `keys` (Redis Cluster).
//
// Thread-safety: immutable after construction; one LuaScript may be shared by
// threads that each use their own RedisClient.
class LuaScript {
 public:
  explicit LuaScript(std::string body);

  const std::string& body() const { return body_; }
  // 40 lowercase hex digits, computed locally at construction.
  const std::string& sha1() const { return sha1_; }

  // SCRIPT LOAD on `client`. Call after connecting so the first Eval does not
  // pay for a NOSCRIPT round trip. Returns the client's status on failure
  // (FailedPrecondition for a script that does not compile), Internal if the
  // server names the script by a different SHA1.
  absl::Status Load(RedisClient& client) const;

  // EVALSHA sha1 numkeys keys... args... . On NOSCRIPT: Load, then EVALSHA
  // again (at most once). The result and status follow RedisClient::Command:
  // an error raised by the script is FailedPrecondition; a network failure is
  // Unavailable and the script may or may not have run.
  absl::StatusOr<RedisReply> Eval(RedisClient& client, const std::vector<std::string>& keys,
                                  const std::vector<std::string>& args) const;

 private:
  std::string body_;
  std::string sha1_;
};

}  // namespace scorecard

#endif  // SCORECARD_REDIS_LUA_SCRIPT_H_
