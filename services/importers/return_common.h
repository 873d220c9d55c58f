#ifndef SCORECARD_IMPORTERS_RETURN_COMMON_H_
#define SCORECARD_IMPORTERS_RETURN_COMMON_H_

// Helpers shared by the return importers (internal to the library).

#include <cstdint>
#include <string>
#include <string_view>

#include "google/protobuf/timestamp.pb.h"

namespace scorecard::importers {

// `s` without leading and trailing blanks (spaces, tabs, CR, LF).
std::string Trimmed(std::string_view s);

// The instant a version number yyyymmddHHMMSS names, as a UTC timestamp
// (used as recorded_at). Versions that are not such a number give 0.
google::protobuf::Timestamp TimestampFromVersion(int64_t version);

}  // namespace scorecard::importers

#endif  // SCORECARD_IMPORTERS_RETURN_COMMON_H_
