#include "redis/lua_script.h"

#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "redis/sha1.h"

namespace scorecard {

LuaScript::LuaScript(std::string body) : body_(std::move(body)), sha1_(Sha1Hex(body_)) {}

absl::Status LuaScript::Load(RedisClient& client) const {
  absl::StatusOr<RedisReply> reply = client.Command({"SCRIPT", "LOAD", body_});
  if (!reply.ok()) return reply.status();
  absl::StatusOr<std::string_view> sha = reply->AsString();
  if (!sha.ok()) return sha.status();
  if (*sha != sha1_) {
    return absl::InternalError(
        absl::StrCat("SCRIPT LOAD returned SHA1 ", std::string(*sha), ", expected ", sha1_));
  }
  return absl::OkStatus();
}

absl::StatusOr<RedisReply> LuaScript::Eval(RedisClient& client,
                                           const std::vector<std::string>& keys,
                                           const std::vector<std::string>& args) const {
  std::vector<std::string> argv;
  argv.reserve(3 + keys.size() + args.size());
  argv.push_back("EVALSHA");
  argv.push_back(sha1_);
  argv.push_back(std::to_string(keys.size()));
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());

  absl::StatusOr<RedisReply> reply = client.Command(argv);
  if (!absl::IsNotFound(reply.status())) return reply;
  if (absl::Status loaded = Load(client); !loaded.ok()) return loaded;
  return client.Command(argv);
}

}  // namespace scorecard
