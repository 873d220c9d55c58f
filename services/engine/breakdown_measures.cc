// Measures behind the categories of breakdown indicators (catalogue
// `kind: breakdown`): contacts by source and open CP plans by duration.
// Each category of a breakdown is its own series, so these are ordinary
// flow and snapshot measures; what makes them breakdowns is that the
// catalogue's categories partition the total (every contact has exactly one
// source group, every open plan exactly one duration band), which the
// breakdown tests check against the totals.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "engine/measure.h"

namespace scorecard {
namespace {

using v1::CaseEvent;
using Kinds = std::vector<CaseEvent::PayloadCase>;

// The CIN census / Ofsted Annex A source codes (referrals and contacts).
const std::vector<std::string>& AnnexASources() {
  static const std::vector<std::string> kCodes = {"1A", "1B", "1C", "1D", "2A", "2B", "3A",
                                                  "3B", "3C", "3D", "3E", "3F", "4",  "5A",
                                                  "5B", "5C", "6",  "7",  "8",  "9",  "10"};
  return kCodes;
}

// Contacts dated on a day whose source is one of `sources`, or, with
// `unlisted`, whose source is missing or not an Annex A code (validation
// accepts any short code, so a catch-all keeps the categories summing to
// every contact).
void RegisterContactsFrom(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "contacts_from",
      SeriesKind::kFlow,
      "Flow: contacts on their date whose source is in `sources` (or, with `unlisted`, is "
      "missing or not an Annex A code).",
      {{"sources", ParamType::kList, "", AnnexASources(), 0, 0, "Annex A source codes 1A..10"},
       {"unlisted",
        ParamType::kBool,
        "false",
        {},
        0,
        0,
        "also count contacts with no source or a code outside Annex A"}},
      [](const MeasureParams&) { return Kinds{CaseEvent::kContact}; },
      [](MeasureParams& p) -> absl::Status {
        if (p.List("sources").empty() && !p.Bool("unlisted")) {
          return absl::InvalidArgumentError(
              "parameter 'sources' must name at least one code unless 'unlisted' is true");
        }
        return absl::OkStatus();
      },
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
        const std::vector<std::string>& sources = p.List("sources");
        const bool unlisted = p.Bool("unlisted");
        const std::vector<std::string>& known = AnnexASources();
        for (const CaseEvent* e : v.Of(CaseEvent::kContact)) {
          const auto day = DateOf(e->contact().date());
          if (!day) continue;
          const std::string& source = e->contact().source();
          const bool listed = std::find(sources.begin(), sources.end(), source) != sources.end();
          const bool annex_a = std::find(known.begin(), known.end(), source) != known.end();
          if (listed || (unlisted && !annex_a)) out.Flow(e->team_id(), *day);
        }
      }});
}

// CP plans open on D (start <= D < end) that have been open at least
// `from_months` and less than `to_months` (0: no upper bound) calendar
// months. "n months old" starts on AddMonths(start, n), the day clamped: a
// plan started on 31 August is 3 months old from 30 November, so on that
// day it is in the 3-6 months band, not under 3 months. AddMonths(start, n)
// never decreases as n grows, so bands with adjacent limits partition the
// plan's open days.
void RegisterCpPlansOpenFor(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "cp_plans_open_for",
      SeriesKind::kSnapshot,
      "Snapshot: CP plans open on the date for at least `from_months` and under `to_months` "
      "calendar months (AddMonths(start, n), day clamped), counting plans.",
      {{"from_months", ParamType::kInt, "0", {}, 0, 1200, "lower limit, inclusive"},
       {"to_months", ParamType::kInt, "0", {}, 0, 1200, "upper limit, exclusive; 0: none"}},
      [](const MeasureParams&) { return Kinds{CaseEvent::kCpPlan}; },
      [](MeasureParams& p) -> absl::Status {
        const int64_t to = p.Int("to_months");
        if (to != 0 && to <= p.Int("from_months")) {
          return absl::InvalidArgumentError(
              absl::StrCat("parameter 'to_months' must be above from_months (",
                           p.Int("from_months"), ") or 0 for no upper limit, got ", to));
        }
        return absl::OkStatus();
      },
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
        const int from_months = static_cast<int>(p.Int("from_months"));
        const int to_months = static_cast<int>(p.Int("to_months"));
        for (const CaseEvent* e : v.Of(CaseEvent::kCpPlan)) {
          const auto start = DateOf(e->cp_plan().start_date());
          if (!start) continue;
          const Day open = AddMonths(*start, from_months);
          Day close = DateOf(e->cp_plan().end_date()).value_or(kOpenEnd);
          if (to_months != 0) close = std::min(close, AddMonths(*start, to_months));
          out.RecordInterval(e->team_id(), open,
                             close == kOpenEnd ? std::nullopt : std::optional<Day>(close));
        }
      }});
}

}  // namespace

void RegisterBreakdownMeasures(MeasureRegistry& registry) {
  RegisterContactsFrom(registry);
  RegisterCpPlansOpenFor(registry);
}

}  // namespace scorecard
