#ifndef SCORECARD_QUERY_SCORECARD_QUERIES_H_
#define SCORECARD_QUERY_SCORECARD_QUERIES_H_

// The read side of the query service, independent of gRPC: request
// validation, council look-up and scorecard/series evaluation against Redis.
// The gRPC handlers only translate protos and statuses.
//
// Status codes: INVALID_ARGUMENT for malformed request fields (the message
// names the field), NOT_FOUND for an unknown indicator or a council never
// seen, UNAVAILABLE when Redis cannot be reached, FAILED_PRECONDITION when
// the council's current state namespace was built with other series
// definitions than the catalogue this service loaded (restart it with the
// namespace's catalogue; events/catalogue_stamp.h).
//
// Each request reads the council's partition's namespace pointer once and
// then reads only that namespace, so one response never mixes namespaces; a
// rebuild in progress is invisible until its switch.
//
// Thread-safe: every call leases its own connection from the pool.

#include <functional>
#include <memory>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/catalogue.h"
#include "engine/date.h"
#include "engine/reference_data.h"
#include "query/redis_aggregate_reader.h"
#include "query/redis_pool.h"
#include "scorecard/v1/scorecard_service.pb.h"

namespace scorecard {

// Returns today's date; injected so tests control "today".
using TodayFn = std::function<Day()>;

// Today in the process's local time zone (TZ; Europe/London in production).
Day LocalToday();

// At most this many months per GetSeries call.
inline constexpr int kMaxSeriesMonths = 240;

// la_code: 1-16 characters of [A-Za-z0-9]. INVALID_ARGUMENT names the field.
absl::Status ValidateLaCode(const std::string& la_code);
// team_id: empty (the whole council) or an id of at most 64 characters of
// [A-Za-z0-9_.:-].
absl::Status ValidateTeamId(const std::string& team_id);
// "YYYY-MM" -> month index. INVALID_ARGUMENT names `field`.
absl::StatusOr<int> ParseMonthField(const std::string& text, const std::string& field);

// The catalogue as the API presents it: each indicator's `target` is the
// rule in force on `today`, `target_schedule` every rule with its dates.
v1::ListIndicatorsResponse DescribeCatalogue(const Catalogue& catalogue, Day today);

class ScorecardQueries {
 public:
  // REQUIRES: `pool` outlives this object. Without `reference` scorecards
  // carry no rates per 10,000 and no comparators.
  ScorecardQueries(std::shared_ptr<const Catalogue> catalogue, RedisPool& pool,
                   StateLocation location, TodayFn today,
                   std::shared_ptr<const ReferenceData> reference = nullptr);

  const Catalogue& catalogue() const { return *catalogue_; }
  Day Today() const { return today_(); }

  v1::ListIndicatorsResponse ListIndicators() const;
  absl::StatusOr<v1::Scorecard> GetScorecard(const v1::GetScorecardRequest& request);
  absl::StatusOr<v1::Series> GetSeries(const v1::GetSeriesRequest& request);

  // Every council in the Councils sets (for the metrics refresher).
  absl::StatusOr<std::set<std::string>> Councils();

 private:
  // Resolves the council's current namespace, checks its catalogue stamp
  // and that the council is known there; returns where to read it.
  absl::StatusOr<StateLocation> LocateCouncil(RedisClient& redis, const std::string& la);

  std::shared_ptr<const Catalogue> catalogue_;
  RedisPool& pool_;
  StateLocation location_;
  TodayFn today_;
  std::shared_ptr<const ReferenceData> reference_;  // may be null
};

}  // namespace scorecard

#endif  // SCORECARD_QUERY_SCORECARD_QUERIES_H_
