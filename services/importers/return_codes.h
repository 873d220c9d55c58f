#ifndef SCORECARD_IMPORTERS_RETURN_CODES_H_
#define SCORECARD_IMPORTERS_RETURN_CODES_H_

// Code lists of the statutory returns (DfE SSDA903 and CIN census guidance).
// A value outside its list makes the row structurally invalid: the importer
// rejects it rather than inventing a meaning. When DfE adds a code, add it
// here (one place) and to docs/importers.md.

#include <string_view>

namespace scorecard::importers::codes {

// SSDA903 episodes.
bool IsReasonNewEpisode(std::string_view v);     // RNE: S P L T U B
bool IsLegalStatus(std::string_view v);          // LS: C1 C2 D1 E1 J1-J3 L1-L3 V2-V4
bool IsCategoryOfNeed(std::string_view v);       // CIN: N1-N8
bool IsPlacementType(std::string_view v);        // PLACE / PL
bool IsPlacementProvider(std::string_view v);    // PLACE_PROVIDER: PR0-PR5
bool IsReasonEpisodeCeased(std::string_view v);  // REC
bool IsReasonPlaceChange(std::string_view v);    // REASON_PLACE_CHANGE

// CIN census.
bool IsReferralSource(std::string_view v);    // 1A..10
bool IsPrimaryNeed(std::string_view v);       // N0-N9
bool IsReasonForClosure(std::string_view v);  // RC1-RC8
bool IsCategoryOfAbuse(std::string_view v);   // NEG PHY SAB EMO MUL
bool IsAssessmentFactor(std::string_view v);

}  // namespace scorecard::importers::codes

#endif  // SCORECARD_IMPORTERS_RETURN_CODES_H_
