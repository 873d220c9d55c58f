#ifndef SCORECARD_ENGINE_EXTERNAL_MEASURES_H_
#define SCORECARD_ENGINE_EXTERNAL_MEASURES_H_

// External indicator values (INDICATORS.md "External values") inside the
// contribution model.
//
// Other services push ExternalValue records (indicator id, period, value,
// optional numerator/denominator, source) on the council subject ("la"). The
// measure `external_values(indicator, part)` sorts that indicator's live
// records by period_end and, for each distinct period_end e_i with winning
// record w_i, emits +x(w_i) on e_i and -x(w_i) on e_{i+1}. The prefix sum of
// the series on day D is therefore x of the latest value whose period ended
// on or before D (0 before the first one). `part` selects x: the value, the
// numerator or the denominator in micro-units, or the period start or end as
// a yyyymmdd integer (never 0 for a real date, so a zero period_end sum
// means "no value yet").

#include <cstdint>
#include <string>

#include "engine/date.h"
#include "engine/measure.h"

namespace scorecard {

// The parts an external indicator reads, one series each.
inline constexpr char kExternalMeasure[] = "external_values";
inline constexpr const char* kExternalParts[] = {"value", "numerator", "denominator",
                                                 "period_start", "period_end"};

// Fixed-point scale of values in aggregates: micro-units (a percentage
// 12.345678 is 12345678). Values round to the nearest micro-unit.
int64_t ExternalToFixed(double value);
double ExternalFromFixed(int64_t fixed);

// yyyymmdd as an integer (2025-03-31 -> 20250331) and back to "YYYY-MM-DD".
int64_t DateCode(Day day);
std::string DateCodeToIso(int64_t code);

}  // namespace scorecard

#endif  // SCORECARD_ENGINE_EXTERNAL_MEASURES_H_
