#include "redis/redis_client.h"

#include <string>

namespace scorecard {

absl::Status StatusFromRedisError(std::string_view error_text) {
  // Redis error replies start with an upper-case code word, e.g. "NOSCRIPT".
  const std::string_view code = error_text.substr(0, error_text.find(' '));
  const absl::string_view message(error_text.data(), error_text.size());
  if (code == "NOSCRIPT") return absl::NotFoundError(message);
  if (code == "NOAUTH" || code == "WRONGPASS") return absl::UnauthenticatedError(message);
  if (code == "NOPERM") return absl::PermissionDeniedError(message);
  if (code == "LOADING" || code == "BUSY" || code == "MASTERDOWN" || code == "TRYAGAIN" ||
      code == "CLUSTERDOWN") {
    return absl::UnavailableError(message);
  }
  return absl::FailedPreconditionError(message);
}

}  // namespace scorecard
