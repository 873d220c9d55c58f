#include "importers/return_codes.h"

#include <algorithm>
#include <initializer_list>

namespace scorecard::importers::codes {
namespace {

bool In(std::string_view v, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

bool IsReasonNewEpisode(std::string_view v) { return In(v, {"S", "P", "L", "T", "U", "B"}); }

bool IsLegalStatus(std::string_view v) {
  return In(v, {"C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"});
}

bool IsCategoryOfNeed(std::string_view v) {
  return In(v, {"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"});
}

bool IsPlacementType(std::string_view v) {
  return In(v, {"A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
                "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"});
}

bool IsPlacementProvider(std::string_view v) {
  return In(v, {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"});
}

bool IsReasonEpisodeCeased(std::string_view v) {
  return In(v, {"E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E41", "E45",
                "E46", "E47", "E48", "E4A", "E4B", "E5",  "E6",  "E7", "E8", "E9",  "X1"});
}

bool IsReasonPlaceChange(std::string_view v) {
  return In(v, {"ALLEG", "APPRR", "CARPL", "CHILD", "CLOSE", "CREQB", "CREQO", "CUSTOD", "LAREQ",
                "OTHER", "PLACE", "STAND"});
}

bool IsReferralSource(std::string_view v) {
  return In(v, {"1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E",
                "3F", "4",  "5A", "5B", "5C", "6",  "7",  "8",  "9",  "10"});
}

bool IsPrimaryNeed(std::string_view v) {
  return In(v, {"N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"});
}

bool IsReasonForClosure(std::string_view v) {
  return In(v, {"RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8"});
}

bool IsCategoryOfAbuse(std::string_view v) { return In(v, {"NEG", "PHY", "SAB", "EMO", "MUL"}); }

bool IsAssessmentFactor(std::string_view v) {
  return In(v, {"1A",  "1B",  "1C",  "2A",  "2B",  "2C",  "3A",  "3B",  "3C",  "4A",  "4B",
                "4C",  "5A",  "5B",  "5C",  "6A",  "6B",  "6C",  "7A",  "8B",  "8C",  "8D",
                "8E",  "8F",  "9A",  "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A",
                "18B", "18C", "19B", "19C", "20",  "21",  "22A", "23A", "24A"});
}

}  // namespace scorecard::importers::codes
