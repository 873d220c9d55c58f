#include "redis/redis_reply.h"

#include <hiredis/hiredis.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace scorecard {
namespace {

// A violated REQUIRES is a bug in the caller: fail loudly, never limp on.
void Require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "RedisReply: requirement violated: %s\n", what);
    std::abort();
  }
}

void AppendEscaped(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char c : bytes) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
}

}  // namespace

RedisReplyView::RedisReplyView(const redisReply* node) : node_(node) {
  Require(node != nullptr, "non-null reply node");
}

RedisReplyType RedisReplyView::type() const {
  switch (node_->type) {
    case REDIS_REPLY_STRING:
      return RedisReplyType::kString;
    case REDIS_REPLY_ARRAY:
      return RedisReplyType::kArray;
    case REDIS_REPLY_INTEGER:
      return RedisReplyType::kInteger;
    case REDIS_REPLY_NIL:
      return RedisReplyType::kNil;
    case REDIS_REPLY_STATUS:
      return RedisReplyType::kStatus;
    case REDIS_REPLY_ERROR:
      return RedisReplyType::kError;
    default:
      // hiredis 0.14 produces only the six RESP2 types above.
      Require(false, "known hiredis reply type");
      return RedisReplyType::kNil;
  }
}

int64_t RedisReplyView::integer() const {
  Require(is_integer(), "integer() on an integer reply");
  return static_cast<int64_t>(node_->integer);
}

std::string_view RedisReplyView::str() const {
  Require(is_string() || is_status() || is_error(), "str() on a string, status or error reply");
  return std::string_view(node_->str, node_->len);
}

size_t RedisReplyView::size() const {
  Require(is_array(), "size() on an array reply");
  return node_->elements;
}

RedisReplyView RedisReplyView::operator[](size_t i) const {
  Require(is_array() && i < node_->elements, "index within an array reply");
  return RedisReplyView(node_->element[i]);
}

std::vector<RedisReplyView> RedisReplyView::elements() const {
  Require(is_array(), "elements() on an array reply");
  std::vector<RedisReplyView> out;
  out.reserve(node_->elements);
  for (size_t i = 0; i < node_->elements; ++i) out.emplace_back(node_->element[i]);
  return out;
}

absl::StatusOr<int64_t> RedisReplyView::AsInteger() const {
  if (is_integer()) return integer();
  if (is_string()) {
    const std::string_view s = str();
    int64_t value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return value;
  }
  return absl::InternalError(absl::StrCat("expected an integer reply, got ", DebugString()));
}

absl::StatusOr<std::string_view> RedisReplyView::AsString() const {
  if (is_string() || is_status()) return str();
  return absl::InternalError(absl::StrCat("expected a string reply, got ", DebugString()));
}

std::string RedisReplyView::DebugString() const {
  std::string out;
  switch (type()) {
    case RedisReplyType::kString:
      out.push_back('"');
      AppendEscaped(out, str());
      out.push_back('"');
      break;
    case RedisReplyType::kStatus:
      out = "status:";
      AppendEscaped(out, str());
      break;
    case RedisReplyType::kError:
      out = "error:";
      AppendEscaped(out, str());
      break;
    case RedisReplyType::kInteger:
      out = absl::StrCat("(integer) ", integer());
      break;
    case RedisReplyType::kNil:
      out = "(nil)";
      break;
    case RedisReplyType::kArray: {
      out = "[";
      const size_t n = size();
      for (size_t i = 0; i < n; ++i) {
        if (i > 0) out += ", ";
        out += (*this)[i].DebugString();
      }
      out += "]";
      break;
    }
  }
  return out;
}

RedisReply::RedisReply(redisReply* reply) : reply_(reply) {
  Require(reply != nullptr, "non-null reply");
}

RedisReplyView RedisReply::view() const {
  Require(reply_ != nullptr, "RedisReply not moved from");
  return RedisReplyView(reply_.get());
}

void RedisReply::Deleter::operator()(redisReply* reply) const { freeReplyObject(reply); }

}  // namespace scorecard
