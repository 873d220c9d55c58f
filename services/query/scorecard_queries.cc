#include "query/scorecard_queries.h"

#include <ctime>

#include "absl/strings/str_cat.h"
#include "engine/scorecard.h"
#include "events/catalogue_stamp.h"
#include "events/partitioning.h"

namespace scorecard {
namespace {

bool IsAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

Day LocalToday() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return DayFromCivil(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

absl::Status ValidateLaCode(const std::string& la_code) {
  if (la_code.empty() || la_code.size() > 16) {
    return absl::InvalidArgumentError("la_code: must be 1-16 characters");
  }
  for (char c : la_code) {
    if (!IsAlnum(c)) return absl::InvalidArgumentError("la_code: only [A-Za-z0-9] allowed");
  }
  return absl::OkStatus();
}

absl::Status ValidateTeamId(const std::string& team_id) {
  if (team_id.size() > 64) return absl::InvalidArgumentError("team_id: longer than 64");
  for (char c : team_id) {
    if (!IsAlnum(c) && c != '_' && c != '.' && c != ':' && c != '-') {
      return absl::InvalidArgumentError("team_id: only [A-Za-z0-9_.:-] allowed");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int> ParseMonthField(const std::string& text, const std::string& field) {
  if (text.size() == 7 && text[4] == '-') {
    if (auto d = ParseIsoDate(text + "-01")) return MonthIndex(*d);
  }
  return absl::InvalidArgumentError(field + ": expected YYYY-MM");
}

v1::ListIndicatorsResponse DescribeCatalogue(const Catalogue& catalogue, Day today) {
  v1::ListIndicatorsResponse out;
  out.set_catalogue_version(catalogue.version());
  for (const IndicatorDef& ind : catalogue.indicators()) {
    v1::IndicatorDefinition* d = out.add_indicators();
    d->set_id(ind.id);
    d->set_name(ind.name);
    d->set_section(ind.section);
    d->set_definition(ind.definition);
    d->set_kind(ToProtoKind(ind.kind));
    d->set_unit(ind.unit);
    d->mutable_parameters()->insert(ind.parameters.begin(), ind.parameters.end());
    *d->mutable_target() = ind.TargetOn(today);
    d->set_rate_per_10k(ind.rate_per_10k);
    for (const RagRule& rule : ind.rag_rules) *d->add_target_schedule() = rule.target;
    for (const BreakdownCategoryDef& c : ind.categories) {
      v1::BreakdownCategoryDefinition* cd = d->add_categories();
      cd->set_id(c.id);
      cd->set_name(c.name);
      const SeriesDef& series = catalogue.series()[static_cast<size_t>(c.series)];
      for (const auto& [k, v] : series.params.raw) {
        (*cd->mutable_parameters())[series.measure->name + "." + k] = v;
      }
    }
  }
  return out;
}

ScorecardQueries::ScorecardQueries(std::shared_ptr<const Catalogue> catalogue, RedisPool& pool,
                                   StateLocation location, TodayFn today,
                                   std::shared_ptr<const ReferenceData> reference)
    : catalogue_(std::move(catalogue)),
      pool_(pool),
      location_(std::move(location)),
      today_(std::move(today)),
      reference_(std::move(reference)) {}

v1::ListIndicatorsResponse ScorecardQueries::ListIndicators() const {
  return DescribeCatalogue(*catalogue_, today_());
}

absl::StatusOr<StateLocation> ScorecardQueries::LocateCouncil(RedisClient& redis,
                                                              const std::string& la) {
  auto current = CurrentNamespace(redis, location_, PartitionOf(la, location_.partitions));
  if (!current.ok()) return current.status();
  // A namespace records the catalogue it was built with. Evaluating it with
  // other series definitions would read series never written (zeros); with
  // the same definitions (a target or text change) the figures are the ones
  // this catalogue computes, so the scorecard carries this catalogue's
  // version.
  if (!current->catalogue_stamp.empty() &&
      StampFingerprint(current->catalogue_stamp) != SeriesFingerprint(*catalogue_)) {
    return absl::FailedPreconditionError(
        absl::StrCat("state namespace ", current->ns, " was built with catalogue ",
                     std::string(StampVersion(current->catalogue_stamp)),
                     ", whose series definitions differ from those of ", catalogue_->version(),
                     " loaded here: restart the service with that catalogue"));
  }
  StateLocation location = location_;
  location.ns = current->ns;
  auto known = CouncilKnown(redis, location, la);
  if (!known.ok()) return known.status();
  if (!*known) return absl::NotFoundError(absl::StrCat("council ", la, " has no data"));
  return location;
}

absl::StatusOr<v1::Scorecard> ScorecardQueries::GetScorecard(
    const v1::GetScorecardRequest& request) {
  // Validate everything that needs no Redis first, so bad requests are
  // INVALID_ARGUMENT even while Redis is down.
  if (auto s = ValidateLaCode(request.la_code()); !s.ok()) return s;
  if (auto s = ValidateTeamId(request.team_id()); !s.ok()) return s;
  const Day today = today_();
  if (auto w = ResolvePeriod(request.period(), today); !w.ok()) return w.status();

  auto lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  auto location = LocateCouncil(lease->client(), request.la_code());
  if (!location.ok()) return location.status();
  RedisAggregateReader reader(lease->client(), *catalogue_, *location);
  return BuildScorecard(*catalogue_, reader, request.la_code(), request.team_id(), request.period(),
                        today, reference_.get());
}

absl::StatusOr<v1::Series> ScorecardQueries::GetSeries(const v1::GetSeriesRequest& request) {
  if (auto s = ValidateLaCode(request.la_code()); !s.ok()) return s;
  if (auto s = ValidateTeamId(request.team_id()); !s.ok()) return s;
  auto from = ParseMonthField(request.from_month(), "from_month");
  if (!from.ok()) return from.status();
  auto to = ParseMonthField(request.to_month(), "to_month");
  if (!to.ok()) return to.status();
  if (*to < *from) return absl::InvalidArgumentError("to_month: before from_month");
  if (*to - *from + 1 > kMaxSeriesMonths) {
    return absl::InvalidArgumentError(
        absl::StrCat("to_month: at most ", kMaxSeriesMonths, " months per call"));
  }
  const IndicatorDef* ind = catalogue_->FindIndicator(request.indicator_id());
  if (ind == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("indicator_id: unknown indicator '", request.indicator_id(), "'"));
  }

  auto lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  auto location = LocateCouncil(lease->client(), request.la_code());
  if (!location.ok()) return location.status();
  RedisAggregateReader reader(lease->client(), *catalogue_, *location);
  auto values = BuildMonthlySeries(*catalogue_, reader, request.la_code(), request.team_id(), *ind,
                                   *from, *to, reference_.get());
  if (!values.ok()) return values.status();

  v1::Series series;
  series.set_la_code(request.la_code());
  series.set_team_id(request.team_id());
  series.set_indicator_id(ind->id);
  series.set_catalogue_version(catalogue_->version());
  int month = *from;
  for (v1::IndicatorValue& v : *values) {
    v1::SeriesPoint* point = series.add_points();
    point->set_month(FormatIsoDate(FirstDayOfMonthIndex(month++)).substr(0, 7));
    *point->mutable_value() = std::move(v);
  }
  return series;
}

absl::StatusOr<std::set<std::string>> ScorecardQueries::Councils() {
  auto lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  return KnownCouncils(lease->client(), location_);
}

}  // namespace scorecard
