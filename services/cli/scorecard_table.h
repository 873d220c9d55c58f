#ifndef SCORECARD_CLI_SCORECARD_TABLE_H_
#define SCORECARD_CLI_SCORECARD_TABLE_H_

// Terminal rendering of a scorecard, shared by `scorecardctl scorecard`
// (over gRPC) and `scorecardctl batch` (computed in memory).

#include <ostream>
#include <string>

#include "scorecard/v1/scorecard_service.pb.h"

namespace scorecard::cli {

// "25.0%" for percentages (one decimal), "12" for counts, "-" when the value
// is empty (zero denominator), "n/a: <reason>" when not available.
std::string FormatIndicatorValue(const v1::IndicatorValue& v);
// "GREEN", "AMBER", "RED" or "-".
std::string FormatRag(v1::Rag rag);
// ">= 85% (amber 5)", "<= 22%", "band 12-18% (amber 2)" or "-".
std::string FormatTarget(const v1::Target& target, const std::string& unit);

// The value per 10,000 children to one decimal ("343.7"), or "" without a
// rate.
std::string FormatRate(const v1::IndicatorValue& v);
// The published comparators, compact: "Eng 22.6% / SN 17.8% (2025)"; for an
// indicator with a rate, the rate comparators: "Eng 67.1 / SN 61.3 per 10k
// (2025)". A part without a published value is "-"; "" without comparators.
std::string FormatComparator(const v1::IndicatorValue& v);

// A header (council, team, period window, catalogue version), then one block
// per section in the scorecard's order: name, value, rate per 10,000,
// numerator/denominator for ratios, target or band, RAG, England and
// statistical-neighbour comparators; then the releases the comparators
// come from.
void PrintScorecardTable(const v1::Scorecard& card, std::ostream& out);

// The proto3 JSON form (snake_case names, defaults included), one document.
void PrintScorecardJson(const v1::Scorecard& card, std::ostream& out);

}  // namespace scorecard::cli

#endif  // SCORECARD_CLI_SCORECARD_TABLE_H_
