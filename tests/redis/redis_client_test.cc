// RedisConnection, LuaScript and FaultInjectingRedisClient against a real
// redis-server started per test; plus pure tests of the parsing helpers.

#include "redis/redis_client.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "redis/fault_injecting_redis_client.h"
#include "redis/lua_script.h"
#include "redis/redis_connection.h"
#include "redis/redis_options.h"
#include "redis/redis_reply.h"
#include "redis/sha1.h"
#include "support/redis_server.h"

namespace scorecard {
namespace {

using std::chrono::milliseconds;

static_assert(!std::is_copy_constructible_v<RedisReply>);
static_assert(!std::is_copy_assignable_v<RedisReply>);
static_assert(std::is_nothrow_move_constructible_v<RedisReply>);

// --- Pure helpers (no server) ---

TEST(Sha1HexTest, MatchesKnownVectors) {
  EXPECT_EQ(Sha1Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(Sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  // 56 bytes: the padding spills into a second block.
  EXPECT_EQ(Sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(Sha1Hex(std::string(1000000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(ParseRedisAddressTest, AcceptsHostPortAndUrls) {
  absl::StatusOr<RedisOptions> plain = ParseRedisAddress("redis.internal:6380");
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->host, "redis.internal");
  EXPECT_EQ(plain->port, 6380);
  EXPECT_EQ(plain->password, "");

  absl::StatusOr<RedisOptions> url = ParseRedisAddress("redis://:s%40cret:pw@10.0.0.5:7000");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->host, "10.0.0.5");
  EXPECT_EQ(url->port, 7000);
  EXPECT_EQ(url->password, "s@cret:pw");

  RedisOptions defaults;
  defaults.port = 6390;
  defaults.command_timeout = milliseconds(123);
  absl::StatusOr<RedisOptions> no_port = ParseRedisAddress("redis://cache/", defaults);
  ASSERT_TRUE(no_port.ok()) << no_port.status();
  EXPECT_EQ(no_port->host, "cache");
  EXPECT_EQ(no_port->port, 6390);
  EXPECT_EQ(no_port->command_timeout, milliseconds(123));

  absl::StatusOr<RedisOptions> v6 = ParseRedisAddress("[::1]:6379");
  ASSERT_TRUE(v6.ok()) << v6.status();
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 6379);
}

TEST(ParseRedisAddressTest, RejectsMalformedAddresses) {
  for (const char* bad : {"", ":6379", "host:", "host:0", "host:65536", "host:12ab",
                          "redis://user:pw@host:1", "redis://pw@host:1", "redis://host:1/2",
                          "::1:6379", "[::1", "[::1]x", "redis://:%zz@h:1"}) {
    EXPECT_EQ(ParseRedisAddress(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(StatusFromRedisErrorTest, MapsErrorCodesConsistently) {
  EXPECT_EQ(StatusFromRedisError("NOSCRIPT No matching script").code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(StatusFromRedisError("WRONGTYPE Operation against a key").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(StatusFromRedisError("ERR unknown command").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(StatusFromRedisError("NOAUTH Authentication required.").code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(StatusFromRedisError("WRONGPASS invalid username-password pair").code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(StatusFromRedisError("NOPERM this user has no permissions").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(StatusFromRedisError("LOADING Redis is loading the dataset in memory").code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromRedisError("BUSY Redis is busy running a script").code(),
            absl::StatusCode::kUnavailable);
}

TEST(WaitForTest, ReturnsWhenConditionHoldsOrDeadlinePasses) {
  int polls = 0;
  EXPECT_TRUE(WaitFor([&] { return ++polls >= 3; }, milliseconds(5000)));
  EXPECT_EQ(polls, 3);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(WaitFor([] { return false; }, milliseconds(30)));
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(30));
}

TEST(RedisConnectionTest, ConnectToClosedPortIsUnavailable) {
  RedisOptions options;
  options.port = FreeLoopbackPort();  // nothing listens there
  options.max_reconnect_attempts = 2;
  options.initial_backoff = milliseconds(1);
  absl::StatusOr<std::unique_ptr<RedisConnection>> connection = RedisConnection::Connect(options);
  EXPECT_EQ(connection.status().code(), absl::StatusCode::kUnavailable);
}

// --- Against a real redis-server ---

class RedisTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer({}); }

  void StartServer(RedisServerOptions server_options) {
    absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start(server_options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    absl::StatusOr<std::unique_ptr<RedisConnection>> connection =
        RedisConnection::Connect(server_->options());
    ASSERT_TRUE(connection.ok()) << connection.status();
    redis_ = *std::move(connection);
  }

  // Runs a command that must succeed and returns its reply.
  RedisReply Run(RedisClient& client, const std::vector<std::string>& argv) {
    absl::StatusOr<RedisReply> reply = client.Command(argv);
    EXPECT_TRUE(reply.ok()) << argv[0] << ": " << reply.status();
    if (!reply.ok()) return Fallback();
    return *std::move(reply);
  }
  RedisReply Run(const std::vector<std::string>& argv) { return Run(*redis_, argv); }

  // A harmless reply to return after a failed expectation, so the test
  // continues and reports further mismatches instead of crashing.
  RedisReply Fallback() {
    auto connection = RedisConnection::Connect(server_->options());
    return *(*connection)->Command({"PING"});
  }

  std::unique_ptr<RedisServer> server_;
  std::unique_ptr<RedisConnection> redis_;
};

TEST_F(RedisTest, ReturnsTypedReplies) {
  RedisReply ok = Run({"SET", "greeting", "hello"});
  EXPECT_TRUE(ok.is_status());
  EXPECT_EQ(ok.str(), "OK");

  RedisReply value = Run({"GET", "greeting"});
  ASSERT_TRUE(value.is_string()) << value.DebugString();
  EXPECT_EQ(value.str(), "hello");

  RedisReply missing = Run({"GET", "no-such-key"});
  EXPECT_TRUE(missing.is_nil());
  EXPECT_FALSE(missing.AsString().ok());

  RedisReply counter = Run({"INCRBY", "counter", "41"});
  ASSERT_TRUE(counter.is_integer());
  EXPECT_EQ(counter.integer(), 41);
  RedisReply counter_text = Run({"GET", "counter"});
  ASSERT_TRUE(counter_text.is_string());
  absl::StatusOr<int64_t> parsed = counter_text.AsInteger();
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, 41);
  EXPECT_FALSE(value.AsInteger().ok());

  Run({"RPUSH", "list", "a", "b", "c"});
  RedisReply list = Run({"LRANGE", "list", "0", "-1"});
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 3u);
  std::vector<std::string> items;
  for (RedisReplyView item : list.elements()) items.emplace_back(item.str());
  EXPECT_EQ(items, (std::vector<std::string>{"a", "b", "c"}));

  RedisReply moved = std::move(list);
  EXPECT_EQ(moved[2].str(), "c");
}

TEST_F(RedisTest, KeysAndValuesAreBinarySafe) {
  const std::string key("k\0ey", 4);
  std::string value("a\0b\r\n\xff", 6);
  value += std::string(1 << 16, '\0');
  Run({"SET", key, value});
  RedisReply got = Run({"GET", key});
  ASSERT_TRUE(got.is_string());
  EXPECT_EQ(got.str(), value);
  EXPECT_EQ(Run({"STRLEN", key}).integer(), static_cast<int64_t>(value.size()));
  // The key with the NUL is distinct from its prefix.
  EXPECT_TRUE(Run({"GET", std::string("k")}).is_nil());
}

TEST_F(RedisTest, PipelinesAThousandCommandsInOrder) {
  std::vector<std::vector<std::string>> commands;
  for (int i = 0; i < 1000; ++i) {
    commands.push_back({"RPUSH", "seq", std::to_string(i)});
  }
  absl::StatusOr<std::vector<RedisReply>> replies = redis_->Pipeline(commands);
  ASSERT_TRUE(replies.ok()) << replies.status();
  ASSERT_EQ(replies->size(), 1000u);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE((*replies)[i].is_integer());
    EXPECT_EQ((*replies)[i].integer(), i + 1);
  }
  EXPECT_EQ(Run({"LINDEX", "seq", "999"}).str(), "999");

  absl::StatusOr<std::vector<RedisReply>> none = redis_->Pipeline({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(RedisTest, PipelineKeepsErrorRepliesInPlace) {
  Run({"SET", "text", "not a number"});
  absl::StatusOr<std::vector<RedisReply>> replies =
      redis_->Pipeline({{"INCR", "n"}, {"INCR", "text"}, {"INCR", "n"}});
  ASSERT_TRUE(replies.ok()) << replies.status();
  ASSERT_EQ(replies->size(), 3u);
  EXPECT_EQ((*replies)[0].integer(), 1);
  ASSERT_TRUE((*replies)[1].is_error());
  EXPECT_EQ(StatusFromRedisError((*replies)[1].str()).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ((*replies)[2].integer(), 2);
}

TEST_F(RedisTest, ErrorRepliesBecomeStatusesAndKeepTheConnection) {
  Run({"RPUSH", "a-list", "x"});
  EXPECT_EQ(redis_->Command({"INCR", "a-list"}).status().code(),
            absl::StatusCode::kFailedPrecondition);  // WRONGTYPE
  EXPECT_EQ(redis_->Command({"NO-SUCH-COMMAND"}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(redis_->Command({"EVALSHA", std::string(40, '0'), "0"}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(redis_->Command({}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(redis_->Pipeline({{"PING"}, {}}).status().code(), absl::StatusCode::kInvalidArgument);
  // None of that broke the connection.
  EXPECT_TRUE(redis_->connected());
  EXPECT_EQ(Run({"PING"}).str(), "PONG");
  EXPECT_EQ(redis_->connects(), 1u);
}

TEST_F(RedisTest, LuaScriptShaMatchesServerAndEvalRuns) {
  LuaScript script("return redis.call('INCRBY', KEYS[1], ARGV[1])");
  ASSERT_TRUE(script.Load(*redis_).ok());  // Load checks the server's SHA1 against ours.
  EXPECT_EQ(Run({"SCRIPT", "EXISTS", script.sha1()})[0].integer(), 1);

  absl::StatusOr<RedisReply> result = script.Eval(*redis_, {"total"}, {"5"});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->integer(), 5);

  // A long body exercises multi-block hashing against the server's SHA1.
  LuaScript long_script("return '" + std::string(5000, 'x') + "'");
  EXPECT_TRUE(long_script.Load(*redis_).ok());
}

TEST_F(RedisTest, LuaScriptRecoversFromNoScriptOnce) {
  LuaScript script("return redis.call('INCR', KEYS[1])");
  ASSERT_TRUE(script.Load(*redis_).ok());
  Run({"SCRIPT", "FLUSH"});
  ASSERT_EQ(Run({"SCRIPT", "EXISTS", script.sha1()})[0].integer(), 0);

  FaultInjectingRedisClient counting(redis_.get());
  absl::StatusOr<RedisReply> result = script.Eval(counting, {"hits"}, {});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->integer(), 1);
  EXPECT_EQ(counting.calls(), 3u);  // EVALSHA (NOSCRIPT), SCRIPT LOAD, EVALSHA
  EXPECT_EQ(Run({"SCRIPT", "EXISTS", script.sha1()})[0].integer(), 1);
  EXPECT_EQ(Run({"GET", "hits"}).str(), "1");  // ran exactly once

  // With the script cached, Eval is a single call.
  ASSERT_TRUE(script.Eval(counting, {"hits"}, {}).ok());
  EXPECT_EQ(counting.calls(), 4u);
}

TEST_F(RedisTest, LuaScriptErrorsAreFailedPrecondition) {
  LuaScript raises("return redis.error_reply('BAD_EVENT out of range')");
  EXPECT_EQ(raises.Eval(*redis_, {}, {}).status().code(), absl::StatusCode::kFailedPrecondition);
  LuaScript broken("this is not lua (");
  EXPECT_EQ(broken.Load(*redis_).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(broken.Eval(*redis_, {}, {}).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(RedisTest, ReconnectsAfterRestartWithoutRetryingTheFailedCommand) {
  Run({"SET", "durable", "yes"});
  ASSERT_TRUE(server_->Restart().ok());  // graceful: the AOF is flushed and reloaded

  // The old socket is dead: this command fails and is not retried for us.
  EXPECT_EQ(redis_->Command({"INCR", "attempts"}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(redis_->connected());

  // The next call reconnects.
  EXPECT_EQ(Run({"GET", "durable"}).str(), "yes");
  EXPECT_TRUE(redis_->connected());
  EXPECT_EQ(redis_->connects(), 2u);
  EXPECT_TRUE(Run({"GET", "attempts"}).is_nil());
}

TEST_F(RedisTest, UnavailableWhileServerIsDown) {
  ASSERT_TRUE(server_->Kill().ok());
  EXPECT_EQ(redis_->Command({"PING"}).status().code(), absl::StatusCode::kUnavailable);
  // Now every reconnect attempt is refused.
  EXPECT_EQ(redis_->Command({"PING"}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(redis_->Pipeline({{"PING"}}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(redis_->connects(), 1u);

  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_EQ(Run({"PING"}).str(), "PONG");
  EXPECT_EQ(redis_->connects(), 2u);
}

TEST_F(RedisTest, CommandTimeoutIsUnavailableAndConnectionRecovers) {
  RedisOptions options = server_->options();
  options.command_timeout = milliseconds(100);
  absl::StatusOr<std::unique_ptr<RedisConnection>> impatient = RedisConnection::Connect(options);
  ASSERT_TRUE(impatient.ok()) << impatient.status();
  // BLPOP would block for 5 s; the 100 ms socket timeout fires first.
  EXPECT_EQ((*impatient)->Command({"BLPOP", "empty-list", "5"}).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(Run(**impatient, {"PING"}).str(), "PONG");
  EXPECT_EQ((*impatient)->connects(), 2u);
}

TEST_F(RedisTest, FaultBeforeForwardingMeansTheCommandNeverRan) {
  FaultInjectingRedisClient faulty(redis_.get());
  faulty.FailNthCall(2, FaultPoint::kBeforeForwarding);
  EXPECT_EQ(Run(faulty, {"INCR", "c"}).integer(), 1);
  EXPECT_EQ(faulty.Command({"INCR", "c"}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Run(faulty, {"GET", "c"}).str(), "1");
  EXPECT_EQ(faulty.calls(), 3u);
  EXPECT_EQ(faulty.injected_failures(), 1u);
}

TEST_F(RedisTest, FaultAfterForwardingMeansTheReplyWasLost) {
  FaultInjectingRedisClient faulty(redis_.get());
  faulty.FailNthCall(1, FaultPoint::kAfterForwarding);
  faulty.FailNthCall(3, FaultPoint::kAfterForwarding);
  EXPECT_EQ(faulty.Command({"INCR", "c"}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Run(faulty, {"GET", "c"}).str(), "1");  // it ran
  EXPECT_EQ(faulty.Pipeline({{"INCR", "c"}, {"INCR", "c"}}).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(Run(faulty, {"GET", "c"}).str(), "3");
  EXPECT_EQ(faulty.injected_failures(), 2u);

  faulty.FailNthCall(1, FaultPoint::kBeforeForwarding);
  faulty.ClearFaults();
  EXPECT_TRUE(faulty.Command({"PING"}).ok());
}

TEST_F(RedisTest, AuthenticatesWhenPasswordIsSet) {
  server_.reset();
  redis_.reset();
  RedisServerOptions with_password;
  with_password.password = "s3cret";
  StartServer(with_password);  // connects with the password
  ASSERT_NE(redis_, nullptr);
  EXPECT_EQ(Run({"PING"}).str(), "PONG");

  RedisOptions no_password = server_->options();
  no_password.password.clear();
  absl::StatusOr<std::unique_ptr<RedisConnection>> anonymous =
      RedisConnection::Connect(no_password);
  ASSERT_TRUE(anonymous.ok()) << anonymous.status();
  EXPECT_EQ((*anonymous)->Command({"PING"}).status().code(), absl::StatusCode::kUnauthenticated);

  RedisOptions wrong = server_->options();
  wrong.password = "guess";
  EXPECT_EQ(RedisConnection::Connect(wrong).status().code(), absl::StatusCode::kUnauthenticated);

  // Reconnects authenticate again.
  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_FALSE(redis_->Command({"PING"}).ok());
  EXPECT_EQ(Run({"PING"}).str(), "PONG");
}

}  // namespace
}  // namespace scorecard
