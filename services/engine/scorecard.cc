#include "engine/scorecard.h"

#include <algorithm>
#include <charconv>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/external_measures.h"
#include "engine/record.h"

namespace scorecard {
namespace {

std::optional<int> ParseMonth(const std::string& text) {
  // "YYYY-MM"
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  auto d = ParseIsoDate(text + "-01");
  if (!d) return std::nullopt;
  return MonthIndex(*d);
}

// Requests for one indicator in one window; evaluation reads them back in
// the same order.
struct Pending {
  const IndicatorDef* ind;
  size_t first_request;
  int series_count;
};

std::vector<std::string> FieldsFor(const SeriesDef& s, const PeriodWindow& w) {
  return s.kind == SeriesKind::kFlow ? RangeFields(w.flow_from, w.flow_to)
                                     : PrefixFields(w.snapshot);
}

void Plan(const Catalogue& cat, const IndicatorDef& ind, const std::string& la,
          const std::string& team, const PeriodWindow& w, std::vector<SumRequest>& reqs,
          std::vector<Pending>& pending) {
  Pending p{&ind, reqs.size(), 0};
  for (int s : ind.SeriesRead()) {
    const SeriesDef& def = cat.series()[static_cast<size_t>(s)];
    // External values belong to the council: a team's card shows them too.
    const std::string series_team = ind.kind == IndicatorKind::kExternal ? "*" : team;
    reqs.push_back(SumRequest{la, def.index, series_team, FieldsFor(def, w)});
    ++p.series_count;
  }
  pending.push_back(p);
}

// `day` is the period's end (the snapshot date): it picks the RAG rule.
v1::IndicatorValue Evaluate(const Catalogue& cat, const Pending& p,
                            const std::vector<int64_t>& sums, const std::set<std::string>& seen,
                            Day day) {
  const IndicatorDef& ind = *p.ind;
  const v1::Target& target = ind.TargetOn(day);
  v1::IndicatorValue v;
  v.set_id(ind.id);
  v.set_name(ind.name);
  v.set_section(ind.section);
  v.set_unit(ind.unit);
  v.set_kind(ToProtoKind(ind.kind));
  *v.mutable_target() = target;
  v.set_rag(v1::RAG_NONE);

  // Not available: a series whose primary input kind was never received.
  std::vector<std::string> missing;
  for (int s : ind.SeriesRead()) {
    const auto& inputs = cat.series()[static_cast<size_t>(s)].inputs;
    if (inputs.empty()) continue;
    const std::string& kind = PayloadKindName(inputs.front());
    if (!seen.count(kind) && std::find(missing.begin(), missing.end(), kind) == missing.end()) {
      missing.push_back(kind);
    }
  }
  if (!missing.empty()) {
    v.set_status(v1::VALUE_STATUS_NOT_AVAILABLE);
    v.set_reason(absl::StrCat("not captured: no ", absl::StrJoin(missing, " or "),
                              " events have been received for this council"));
    return v;
  }
  if (ind.kind == IndicatorKind::kExternal) {
    // Sums in Plan order: value, numerator, denominator, period start, end;
    // each is the part of the latest value whose period ended by the date.
    const size_t at = p.first_request;
    const int64_t period_end = sums[at + 4];
    if (period_end == 0) {
      v.set_status(v1::VALUE_STATUS_NOT_AVAILABLE);
      v.set_reason("no value has been pushed for a period ending on or before this date");
      return v;
    }
    v.set_value(ExternalFromFixed(sums[at]));
    if (sums[at + 2] != 0) {
      v.set_numerator(ExternalFromFixed(sums[at + 1]));
      v.set_denominator(ExternalFromFixed(sums[at + 2]));
    }
    // IndicatorValue has no period fields: the period travels with the source.
    v.set_source(absl::StrCat(ind.source.empty() ? "" : ind.source + ", ", "period ",
                              DateCodeToIso(sums[at + 3]), " to ", DateCodeToIso(period_end)));
  } else if (ind.kind == IndicatorKind::kRatio) {
    const double num = static_cast<double>(sums[p.first_request]);
    const double den = static_cast<double>(sums[p.first_request + 1]);
    v.set_numerator(num);
    v.set_denominator(den);
    if (den == 0) {
      v.set_status(v1::VALUE_STATUS_NO_DENOMINATOR);
      return v;
    }
    v.set_value(100.0 * num / den);
  } else {
    v.set_value(static_cast<double>(sums[p.first_request]));
    v.set_numerator(v.value());
    // Breakdowns: the categories' sums follow the total's (SeriesRead).
    for (size_t c = 0; c < ind.categories.size(); ++c) {
      v1::BreakdownCategory* out = v.add_breakdown();
      out->set_id(ind.categories[c].id);
      out->set_name(ind.categories[c].name);
      out->set_count(static_cast<double>(sums[p.first_request + 1 + c]));
      if (v.value() != 0) {
        out->set_has_share(true);
        out->set_share(100.0 * out->count() / v.value());
      }
    }
  }
  v.set_status(v1::VALUE_STATUS_OK);
  v.set_rag(RagFor(target, v.value()));
  return v;
}

// Rates per 10,000 and published comparators (INDICATORS.md "Rates per
// 10,000"); `period_end` picks the population year. A rate that cannot be
// made says why in rate_note rather than being left out silently.
void AddReferenceFigures(const IndicatorDef& ind, const ReferenceData* reference,
                         const std::string& la, Day period_end, v1::IndicatorValue& v) {
  if (ind.rate_per_10k && v.status() == v1::VALUE_STATUS_OK) {
    const int year = ReportingYear(period_end);
    if (reference == nullptr) {
      v.set_rate_note("no population estimates are loaded");
    } else if (auto rate = reference->RatePer10k(v.value(), la, period_end)) {
      v.set_has_rate_per_10k(true);
      v.set_rate_per_10k(*rate);
    } else {
      v.set_rate_note(absl::StrCat("no population estimate for council ", la, " at mid-", year - 1,
                                   ", which rates for April ", year - 1, " to March ", year,
                                   " divide by"));
    }
  }
  if (reference == nullptr || ind.comparator_measure.empty()) return;
  if (auto c = reference->ComparatorFor(ind.comparator_measure, la)) *v.mutable_comparator() = *c;
  if (!ind.rate_per_10k) return;
  if (auto c = reference->RateComparatorFor(ind.comparator_measure, la)) {
    *v.mutable_rate_comparator() = *c;
  }
}

// One indicator's value as every read path shows it (scorecards and series
// points alike): evaluated under the rule in force on `day`, the period's
// end, with the rate and comparators for that day.
v1::IndicatorValue ValueOf(const Catalogue& cat, const Pending& p, const std::vector<int64_t>& sums,
                           const std::set<std::string>& seen, const ReferenceData* reference,
                           const std::string& la, Day day) {
  v1::IndicatorValue v = Evaluate(cat, p, sums, seen, day);
  AddReferenceFigures(*p.ind, reference, la, day, v);
  return v;
}

}  // namespace

absl::StatusOr<PeriodWindow> ResolvePeriod(const v1::Period& period, Day today) {
  PeriodWindow w;
  if (period.kind() == v1::PERIOD_KIND_AS_OF) {
    Day d = today;
    if (!period.date().empty()) {
      auto parsed = ParseIsoDate(period.date());
      if (!parsed) return absl::InvalidArgumentError("period.date: expected YYYY-MM-DD");
      d = *parsed;
    }
    w.snapshot = d;
    w.flow_to = d;
    w.flow_from = FirstDayOfMonthIndex(MonthIndex(d));
    return w;
  }
  auto m = ParseMonth(period.month());
  if (!m) return absl::InvalidArgumentError("period.month: expected YYYY-MM");
  w.flow_to = LastDayOfMonthIndex(*m);
  w.snapshot = w.flow_to;
  switch (period.kind()) {
    case v1::PERIOD_KIND_MONTH:
      w.flow_from = FirstDayOfMonthIndex(*m);
      break;
    case v1::PERIOD_KIND_YTD: {
      const int fy = FinancialYear(w.flow_to);
      w.flow_from = DayFromCivil(fy, 4, 1);
      break;
    }
    case v1::PERIOD_KIND_ROLLING12:
      w.flow_from = FirstDayOfMonthIndex(*m - 11);
      break;
    default:
      return absl::InvalidArgumentError("period.kind: MONTH, YTD, ROLLING12 or AS_OF");
  }
  return w;
}

v1::Rag RagFor(const v1::Target& t, double value) {
  const double margin = t.amber_margin();
  switch (t.direction()) {
    case v1::DIRECTION_HIGHER_IS_BETTER:
      if (!t.has_target()) return v1::RAG_NONE;
      if (value >= t.target()) return v1::RAG_GREEN;
      return value >= t.target() - margin ? v1::RAG_AMBER : v1::RAG_RED;
    case v1::DIRECTION_LOWER_IS_BETTER:
      if (!t.has_target()) return v1::RAG_NONE;
      if (value <= t.target()) return v1::RAG_GREEN;
      return value <= t.target() + margin ? v1::RAG_AMBER : v1::RAG_RED;
    case v1::DIRECTION_BAND:
      if (value < t.band_low() || value > t.band_high()) return v1::RAG_RED;
      if (value <= t.band_low() + margin || value >= t.band_high() - margin) {
        return v1::RAG_AMBER;
      }
      return v1::RAG_GREEN;
    default:
      return v1::RAG_NONE;
  }
}

absl::StatusOr<v1::Scorecard> BuildScorecard(const Catalogue& catalogue, AggregateReader& reader,
                                             const std::string& la, const std::string& team,
                                             const v1::Period& period, Day today,
                                             const ReferenceData* reference) {
  auto window = ResolvePeriod(period, today);
  if (!window.ok()) return window.status();
  const std::string team_key = team.empty() ? "*" : team;
  std::vector<SumRequest> reqs;
  std::vector<Pending> pending;
  for (const IndicatorDef& ind : catalogue.indicators()) {
    Plan(catalogue, ind, la, team_key, *window, reqs, pending);
  }
  // Data-quality counts are council-wide whatever the team, read on the
  // snapshot date (every violation is counted on 1900-01-01).
  const size_t first_rule = reqs.size();
  for (const DataQualityDef& rule : catalogue.data_quality()) {
    reqs.push_back(SumRequest{la, catalogue.series()[static_cast<size_t>(rule.series)].index, "*",
                              PrefixFields(window->snapshot)});
  }
  auto sums = reader.Sum(reqs);
  if (!sums.ok()) return sums.status();
  auto seen = reader.SeenKinds(la);
  if (!seen.ok()) return seen.status();

  v1::Scorecard card;
  card.set_la_code(la);
  card.set_team_id(team);
  *card.mutable_period() = period;
  card.set_period_start(FormatIsoDate(window->flow_from));
  card.set_period_end(FormatIsoDate(window->snapshot));
  card.set_catalogue_version(catalogue.version());
  for (const Pending& p : pending) {
    *card.add_indicators() = ValueOf(catalogue, p, *sums, *seen, reference, la, window->snapshot);
  }
  for (size_t i = 0; i < catalogue.data_quality().size(); ++i) {
    v1::DataQualityCount* dq = card.add_data_quality();
    dq->set_rule(catalogue.data_quality()[i].id);
    dq->set_description(catalogue.data_quality()[i].description);
    dq->set_count((*sums)[first_rule + i]);
  }
  return card;
}

absl::StatusOr<std::vector<v1::IndicatorValue>> BuildMonthlySeries(
    const Catalogue& catalogue, AggregateReader& reader, const std::string& la,
    const std::string& team, const IndicatorDef& indicator, int first_month_index,
    int last_month_index, const ReferenceData* reference) {
  const std::string team_key = team.empty() ? "*" : team;
  std::vector<SumRequest> reqs;
  std::vector<Pending> pending;
  for (int m = first_month_index; m <= last_month_index; ++m) {
    PeriodWindow w{FirstDayOfMonthIndex(m), LastDayOfMonthIndex(m), LastDayOfMonthIndex(m)};
    Plan(catalogue, indicator, la, team_key, w, reqs, pending);
  }
  auto sums = reader.Sum(reqs);
  if (!sums.ok()) return sums.status();
  auto seen = reader.SeenKinds(la);
  if (!seen.ok()) return seen.status();
  std::vector<v1::IndicatorValue> out;
  int month = first_month_index;
  for (const Pending& p : pending) {
    out.push_back(ValueOf(catalogue, p, *sums, *seen, reference, la, LastDayOfMonthIndex(month++)));
  }
  return out;
}

MemoryAggregateReader::MemoryAggregateReader(
    const AggregateCells& cells, std::set<std::pair<std::string, std::string>> seen_kinds)
    : hashes_(cells.ToHashes()), seen_(std::move(seen_kinds)) {}

absl::StatusOr<std::vector<int64_t>> MemoryAggregateReader::Sum(
    const std::vector<SumRequest>& requests) {
  std::vector<int64_t> out;
  out.reserve(requests.size());
  for (const SumRequest& r : requests) {
    int64_t sum = 0;
    auto it = hashes_.find(AggregateCells::HashKey{r.la, r.series, r.team});
    if (it != hashes_.end()) {
      for (const std::string& f : r.fields) {
        auto v = it->second.find(f);
        if (v != it->second.end()) sum += v->second;
      }
    }
    out.push_back(sum);
  }
  return out;
}

absl::StatusOr<std::set<std::string>> MemoryAggregateReader::SeenKinds(const std::string& la) {
  std::set<std::string> out;
  for (const auto& [l, k] : seen_) {
    if (l == la) out.insert(k);
  }
  return out;
}

}  // namespace scorecard
