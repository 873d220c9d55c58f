#include "redis/redis_options.h"

#include <charconv>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace scorecard {
namespace {

absl::Status Malformed(std::string_view address, const char* why) {
  return absl::InvalidArgumentError(
      absl::StrCat("malformed Redis address \"", std::string(address), "\": ", why));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> PercentDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return std::nullopt;
    const int hi = HexValue(in[i + 1]);
    const int lo = HexValue(in[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

}  // namespace

absl::StatusOr<RedisOptions> ParseRedisAddress(std::string_view address,
                                               const RedisOptions& defaults) {
  RedisOptions options = defaults;
  std::string_view rest = address;
  constexpr std::string_view kScheme = "redis://";
  const bool is_url = rest.substr(0, kScheme.size()) == kScheme;
  if (is_url) {
    rest.remove_prefix(kScheme.size());
    const size_t at = rest.rfind('@');
    if (at != std::string_view::npos) {
      const std::string_view userinfo = rest.substr(0, at);
      rest.remove_prefix(at + 1);
      const size_t colon = userinfo.find(':');
      if (colon == std::string_view::npos) {
        return Malformed(address, "credentials must be \":password@\"");
      }
      if (colon != 0) return Malformed(address, "user names are not supported");
      std::optional<std::string> password = PercentDecode(userinfo.substr(colon + 1));
      if (!password) return Malformed(address, "bad percent-encoding in password");
      options.password = *std::move(password);
    }
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  }
  if (rest.find('/') != std::string_view::npos) {
    return Malformed(address, "paths (database numbers) are not supported");
  }

  std::string_view host;
  std::string_view port_text;
  if (!rest.empty() && rest.front() == '[') {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) return Malformed(address, "unterminated '['");
    host = rest.substr(1, close - 1);
    const std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Malformed(address, "junk after ']'");
      port_text = after.substr(1);
      if (port_text.empty()) return Malformed(address, "empty port");
    }
  } else {
    const size_t colon = rest.rfind(':');
    if (colon != std::string_view::npos) {
      if (rest.find(':') != colon) return Malformed(address, "IPv6 hosts need brackets");
      host = rest.substr(0, colon);
      port_text = rest.substr(colon + 1);
      if (port_text.empty()) return Malformed(address, "empty port");
    } else {
      host = rest;
    }
  }
  if (host.empty()) return Malformed(address, "empty host");
  options.host = std::string(host);

  if (!port_text.empty()) {
    int port = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 ||
        port > 65535) {
      return Malformed(address, "port must be 1..65535");
    }
    options.port = port;
  }
  return options;
}

}  // namespace scorecard
