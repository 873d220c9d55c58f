#include "engine/external_measures.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>
#include <vector>

namespace scorecard {
namespace {

using v1::CaseEvent;

// Where two records of one indicator end on the same day, the one recorded
// last (recorded_at) is the value; equal timestamps fall back to the larger
// record id so the choice never depends on arrival order.
bool RecordedBefore(const CaseEvent* a, const CaseEvent* b) {
  return std::make_tuple(a->recorded_at().seconds(), a->recorded_at().nanos(), a->record_id()) <
         std::make_tuple(b->recorded_at().seconds(), b->recorded_at().nanos(), b->record_id());
}

int64_t PartOf(const CaseEvent& e, const std::string& part, Day start, Day end) {
  const auto& p = e.external_value();
  if (part == "value") return ExternalToFixed(p.value());
  if (part == "numerator") return ExternalToFixed(p.numerator());
  if (part == "denominator") return ExternalToFixed(p.denominator());
  if (part == "period_start") return DateCode(start);
  return DateCode(end);
}

void EmitLatest(const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
  const std::string& indicator = p.Str("indicator");
  const std::string& part = p.Str("part");
  struct Dated {
    Day start;
    Day end;
    const CaseEvent* record;
  };
  std::vector<Dated> values;
  for (const CaseEvent* e : v.Of(CaseEvent::kExternalValue)) {
    if (e->external_value().indicator_id() != indicator) continue;
    auto start = DateOf(e->external_value().period_start());
    auto end = DateOf(e->external_value().period_end());
    if (!start || !end) continue;  // validation requires both; be safe anyway
    values.push_back({*start, *end, e});
  }
  std::sort(values.begin(), values.end(), [](const Dated& a, const Dated& b) {
    if (a.end != b.end) return a.end < b.end;
    return RecordedBefore(a.record, b.record);
  });
  // The last record of each run of equal period_end holds from that day
  // until the next period_end.
  for (size_t i = 0; i < values.size(); ++i) {
    if (i + 1 < values.size() && values[i + 1].end == values[i].end) continue;
    const Dated& w = values[i];
    const int64_t x = PartOf(*w.record, part, w.start, w.end);
    out.Flow("", w.end, x);
    if (i + 1 < values.size()) out.Flow("", values[i + 1].end, -x);
  }
}

}  // namespace

int64_t ExternalToFixed(double value) { return std::llround(value * 1e6); }

double ExternalFromFixed(int64_t fixed) { return static_cast<double>(fixed) / 1e6; }

int64_t DateCode(Day day) {
  const YearMonthDay c = CivilFromDay(day);
  return int64_t{c.year} * 10000 + c.month * 100 + c.day;
}

std::string DateCodeToIso(int64_t code) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(code / 10000),
                static_cast<int>(code / 100 % 100), static_cast<int>(code % 100));
  return buf;
}

void RegisterExternalMeasures(MeasureRegistry& r) {
  std::vector<std::string> parts(std::begin(kExternalParts), std::end(kExternalParts));
  r.Register(MeasureSpec{
      kExternalMeasure,
      SeriesKind::kSnapshot,
      "Snapshot on the council: the latest pushed value of an external indicator whose period "
      "ended on or before the date (ties on period_end: the record recorded last).",
      {{"indicator",
        ParamType::kString,
        "",
        {},
        0,
        0,
        "ExternalValue.indicator_id the values are pushed under"},
       {"part", ParamType::kString, "value", parts, 0, 0,
        "value, numerator, denominator (micro-units), period_start or period_end (yyyymmdd)"}},
      [](const MeasureParams&) {
        return std::vector<CaseEvent::PayloadCase>{CaseEvent::kExternalValue};
      },
      nullptr,
      EmitLatest});
}

}  // namespace scorecard
