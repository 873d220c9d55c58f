#ifndef SCORECARD_REDIS_REDIS_REPLY_H_
#define SCORECARD_REDIS_REDIS_REPLY_H_

// Typed access to hiredis replies (RESP2: hiredis 0.14 has no RESP3).
//
// RedisReply owns a complete reply tree; RedisReplyView is a non-owning handle
// to one node of such a tree (the root or an array element). A view is valid
// only while the RedisReply that owns its tree is alive and not moved from.
//
// Accessors named after a type (integer(), str(), size(), operator[]) REQUIRE
// the reply to have that type; violating a REQUIRES is a programming error and
// terminates the process with a message. Replies come from the network, so code
// that cannot be sure of the shape should test the type first or use the
// As*() accessors, which return an absl::InternalError on a shape mismatch.
//
// Thread-safety: replies are immutable; const methods may be called
// concurrently. Moving a RedisReply is not thread-safe with respect to readers.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

// hiredis's reply type (hiredis.h: `typedef struct redisReply {...} redisReply`).
struct redisReply;

namespace scorecard {

enum class RedisReplyType {
  kString,   // bulk string (binary-safe)
  kArray,    // multi-bulk
  kInteger,  // :n
  kNil,      // null bulk or null multi-bulk
  kStatus,   // +OK style simple string
  kError,    // -ERR style error reply
};

class RedisReplyView {
 public:
  // REQUIRES: `node` is non-null and outlives the view.
  explicit RedisReplyView(const redisReply* node);

  RedisReplyType type() const;
  bool is_string() const { return type() == RedisReplyType::kString; }
  bool is_array() const { return type() == RedisReplyType::kArray; }
  bool is_integer() const { return type() == RedisReplyType::kInteger; }
  bool is_nil() const { return type() == RedisReplyType::kNil; }
  bool is_status() const { return type() == RedisReplyType::kStatus; }
  bool is_error() const { return type() == RedisReplyType::kError; }

  // REQUIRES: is_integer().
  int64_t integer() const;
  // The bytes of a string, status or error reply (may contain NULs).
  // REQUIRES: is_string() || is_status() || is_error().
  std::string_view str() const;
  // Number of elements. REQUIRES: is_array().
  size_t size() const;
  // REQUIRES: is_array() && i < size().
  RedisReplyView operator[](size_t i) const;
  // All elements in order. REQUIRES: is_array().
  std::vector<RedisReplyView> elements() const;

  // An integer reply, or a bulk string holding a base-10 int64 (HGET, ZSCORE
  // of whole numbers...). InternalError otherwise.
  absl::StatusOr<int64_t> AsInteger() const;
  // The bytes of a bulk string or status reply. InternalError otherwise (an
  // error reply is not a string here: callers must not mistake one for data).
  absl::StatusOr<std::string_view> AsString() const;

  // Human-readable rendering for logs and test failure messages; binary bytes
  // are escaped. Not a stable format.
  std::string DebugString() const;

 private:
  const redisReply* node_;
};

class RedisReply {
 public:
  // Takes ownership of `reply` (a root reply from redisCommandArgv or
  // redisGetReply); frees it with freeReplyObject. REQUIRES: non-null.
  explicit RedisReply(redisReply* reply);

  RedisReply(RedisReply&&) noexcept = default;
  RedisReply& operator=(RedisReply&&) noexcept = default;
  RedisReply(const RedisReply&) = delete;
  RedisReply& operator=(const RedisReply&) = delete;
  ~RedisReply() = default;

  // The root node. REQUIRES: not moved from.
  RedisReplyView view() const;

  // Shorthands for view().X(); same REQUIRES as on RedisReplyView.
  RedisReplyType type() const { return view().type(); }
  bool is_string() const { return view().is_string(); }
  bool is_array() const { return view().is_array(); }
  bool is_integer() const { return view().is_integer(); }
  bool is_nil() const { return view().is_nil(); }
  bool is_status() const { return view().is_status(); }
  bool is_error() const { return view().is_error(); }
  int64_t integer() const { return view().integer(); }
  std::string_view str() const { return view().str(); }
  size_t size() const { return view().size(); }
  RedisReplyView operator[](size_t i) const { return view()[i]; }
  std::vector<RedisReplyView> elements() const { return view().elements(); }
  absl::StatusOr<int64_t> AsInteger() const { return view().AsInteger(); }
  absl::StatusOr<std::string_view> AsString() const { return view().AsString(); }
  std::string DebugString() const { return view().DebugString(); }

 private:
  struct Deleter {
    void operator()(redisReply* reply) const;
  };
  std::unique_ptr<redisReply, Deleter> reply_;
};

}  // namespace scorecard

#endif  // SCORECARD_REDIS_REDIS_REPLY_H_
