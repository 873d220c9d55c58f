#ifndef SCORECARD_REDIS_SHA1_H_
#define SCORECARD_REDIS_SHA1_H_

#include <string>
#include <string_view>

namespace scorecard {

// SHA-1 (FIPS 180-4) of `data` as 40 lowercase hex digits, the form Redis uses
// to name cached Lua scripts (EVALSHA, SCRIPT LOAD). Not for security: SHA-1 is
// used here only because Redis names scripts with it.
// Thread-safe (pure function).
std::string Sha1Hex(std::string_view data);

}  // namespace scorecard

#endif  // SCORECARD_REDIS_SHA1_H_
