#include "importers/cin_census_importer.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/date.h"
#include "importers/return_codes.h"
#include "importers/return_common.h"

namespace scorecard::importers {
namespace {

std::string Text(pugi::xml_node parent, const char* name) {
  return Trimmed(parent.child(name).text().get());
}

// "YYYY-MM-DDTHH:MM:SS" with anything after the seconds (fraction, zone)
// ignored: the census writes local times and we only need an ordering.
std::optional<int64_t> ParseDateTimeVersion(const std::string& s) {
  if (s.size() < 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  const auto day = ParseIsoDate(std::string_view(s).substr(0, 10));
  if (!day) return std::nullopt;
  int hms[3];
  for (int i = 0; i < 3; ++i) {
    const char a = s[11 + 3 * i];
    const char b = s[12 + 3 * i];
    if (a < '0' || a > '9' || b < '0' || b > '9') return std::nullopt;
    hms[i] = (a - '0') * 10 + (b - '0');
  }
  if (hms[0] > 23 || hms[1] > 59 || hms[2] > 60) return std::nullopt;
  const YearMonthDay c = CivilFromDay(*day);
  return VersionFromDateTime(c.year, c.month, c.day, hms[0], hms[1], std::min(hms[2], 59));
}

std::optional<bool> ParseBool(const std::string& s) {
  if (s == "true" || s == "1" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "0" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

// Checks one record; the first failure rejects it (missing, malformed, unknown
// code, order, after the return, duplicate: in the order the caller checks).
class RecordCheck : public RecordChecker {
 public:
  RecordCheck(ImportReport& report, const std::string& file, std::string location,
              std::optional<Day> limit)
      : RecordChecker(report, file, std::move(location), kIsoDates, "census"), limit_(limit) {}

  void Order(const char* field, std::optional<Day> start, std::optional<Day> end,
             const char* what) {
    if (failed() || !start || !end || *end >= *start) return;
    Fail(field, kDateOrder,
         std::string(what) + " " + FormatIsoDate(*end) + " is before the start " +
             FormatIsoDate(*start));
  }

  void NotAfterReturn(const char* field, std::optional<Day> d) {
    if (failed() || !d || !limit_ || *d <= *limit_) return;
    Fail(field, kDateAfterReturn,
         FormatIsoDate(*d) + " is after the return was produced (" + FormatIsoDate(*limit_) + ")");
  }

 private:
  std::optional<Day> limit_;
};

struct Context {
  const CinCensusOptions& options;
  std::string la_code;
  int64_t version;
  google::protobuf::Timestamp recorded_at;
  std::optional<Day> limit;
  std::string file;
  EventSink& sink;
  ImportReport& report;
  std::unordered_set<std::string> seen;  // "<kind>|<record id>"
};

// The referral a record hangs off: valid when the child id and referral
// date are.
struct ReferralKey {
  std::string child;
  std::optional<Day> date;
  std::string id;         // "" when not formable
  std::string bad_field;  // why not
  const char* bad_reason = nullptr;
  std::string bad_detail;
};

void Emit(Context& ctx, const ReferralKey& key, std::string record_id, v1::CaseEvent& e) {
  e.set_la_code(ctx.la_code);
  e.set_source_system(ctx.options.source_system);
  e.set_child_id(key.child);
  e.set_record_id(std::move(record_id));
  e.set_record_version(ctx.version);
  e.set_op(v1::OP_UPSERT);
  *e.mutable_recorded_at() = ctx.recorded_at;
  e.set_team_id(ctx.options.team_id);
  AssignEventId(e);
  ctx.sink.Write(e);
  ++ctx.report.events_produced;
}

// Common tail of a dependent record's checks: a usable referral key, a valid
// record id, no duplicate. Returns the record id or "" (rejected).
std::string FinishRecord(Context& ctx, RecordCheck& c, const ReferralKey& key, const char* kind,
                         const std::string& suffix, const char* key_field) {
  if (c.failed()) return "";
  if (key.id.empty()) {
    c.Fail(key.bad_field, key.bad_reason, key.bad_detail);
    return "";
  }
  std::string id = suffix.empty() ? key.id : key.id + ":" + suffix;
  if (!IsValidId(id)) {
    c.Fail("LAchildID", kInvalidId, "record id '" + id + "' is not 1-64 of [A-Za-z0-9_.:-]");
    return "";
  }
  if (!ctx.seen.insert(std::string(kind) + "|" + id).second) {
    c.Fail(key_field, kDuplicateRecord, std::string("a second ") + kind + " " + id);
    return "";
  }
  return id;
}

void WarnBeforeReferral(Context& ctx, const RecordCheck& c, const ReferralKey& key,
                        const char* field, std::optional<Day> d) {
  if (d && key.date && *d < *key.date) {
    ctx.report.Warn(ctx.file, c.location(), field, kBeforeReferral,
                    FormatIsoDate(*d) + " precedes the referral " + FormatIsoDate(*key.date));
  }
}

void ImportCinDetails(Context& ctx, pugi::xml_node cd, const std::string& path,
                      const std::string& child_id) {
  ImportReport& report = ctx.report;
  ReferralKey key;
  key.child = child_id;
  const std::string referral_date = Text(cd, "CINreferralDate");
  if (child_id.empty()) {
    key.bad_field = "LAchildID";
    key.bad_reason = kMissingField;
    key.bad_detail = "the child has no LAchildID";
  } else if (referral_date.empty()) {
    key.bad_field = "CINreferralDate";
    key.bad_reason = kMissingField;
    key.bad_detail = "the referral has no CINreferralDate";
  } else if (!(key.date = ParseIsoDate(referral_date))) {
    key.bad_field = "CINreferralDate";
    key.bad_reason = kInvalidDate;
    key.bad_detail = "'" + referral_date + "' is not a real date YYYY-MM-DD";
  } else {
    key.id = child_id + ":" + FormatIsoDate(*key.date);
  }

  // Closure reasons RC7/RC8 say the assessment found no need.
  const std::string closure_reason = Text(cd, "ReasonForClosure");
  const bool closed_after_assessment = closure_reason == "RC7" || closure_reason == "RC8";

  // Referral.
  {
    ++report.rows_read;
    RecordCheck c(report, ctx.file, path, ctx.limit);
    const std::string source = Text(cd, "ReferralSource");
    const std::string need = Text(cd, "PrimaryNeedCode");
    const std::string nfa_text = Text(cd, "ReferralNFA");
    c.Code("ReferralSource", source, codes::IsReferralSource, false);
    c.Code("PrimaryNeedCode", need, codes::IsPrimaryNeed, false);
    const std::optional<bool> nfa =
        nfa_text.empty() ? std::optional<bool>(false) : ParseBool(nfa_text);
    if (!nfa) c.Fail("ReferralNFA", kUnknownCode, "'" + nfa_text + "' is not true/false/1/0");
    c.NotAfterReturn("CINreferralDate", key.date);
    const std::string id = FinishRecord(ctx, c, key, "referral", "", "CINreferralDate");
    if (!id.empty()) {
      v1::CaseEvent e;
      v1::Referral* r = e.mutable_referral();
      r->set_date(FormatIsoDate(*key.date));
      r->set_source(source);
      r->set_nfa(*nfa);
      r->set_primary_need(need);
      Emit(ctx, key, id, e);
    }
  }

  // Closure.
  const std::string closure_date = Text(cd, "CINclosureDate");
  if (!closure_date.empty() || !closure_reason.empty()) {
    ++report.rows_read;
    RecordCheck c(report, ctx.file, path + "/CINclosureDate", ctx.limit);
    const auto d = c.Date("CINclosureDate", closure_date, true);
    c.Code("ReasonForClosure", closure_reason, codes::IsReasonForClosure, true);
    c.Order("CINclosureDate", key.date, d, "closure");
    c.NotAfterReturn("CINclosureDate", d);
    const std::string id = FinishRecord(ctx, c, key, "cin_closure", "", "CINclosureDate");
    if (!id.empty()) {
      v1::CaseEvent e;
      v1::CinClosure* cl = e.mutable_cin_closure();
      cl->set_referral_id(key.id);
      cl->set_closure_date(FormatIsoDate(*d));
      cl->set_reason(closure_reason);
      Emit(ctx, key, id, e);
    }
  }

  // CP plan start dates (an ICPC that starts a plan says so).
  std::set<std::string> plan_starts;
  for (pugi::xml_node p : cd.children("ChildProtectionPlans")) {
    if (auto d = ParseIsoDate(Text(p, "CPPstartDate"))) plan_starts.insert(FormatIsoDate(*d));
  }
  std::set<std::string> s47_icpc_dates;
  for (pugi::xml_node s : cd.children("Section47")) {
    if (auto d = ParseIsoDate(Text(s, "DateOfInitialCPC")))
      s47_icpc_dates.insert(FormatIsoDate(*d));
  }

  auto emit_icpc = [&](RecordCheck& c, std::optional<Day> date, const std::string& s47_id) {
    c.NotAfterReturn("DateOfInitialCPC", date);
    const std::string iso = date ? FormatIsoDate(*date) : std::string();
    const std::string id = FinishRecord(ctx, c, key, "icpc", iso, "DateOfInitialCPC");
    if (id.empty()) return;
    WarnBeforeReferral(ctx, c, key, "DateOfInitialCPC", date);
    v1::CaseEvent e;
    v1::Icpc* icpc = e.mutable_icpc();
    icpc->set_date(iso);
    icpc->set_s47_id(s47_id);
    icpc->set_plan_started(plan_starts.contains(iso));
    Emit(ctx, key, id, e);
  };

  // Referral-level ICPC, unless a Section47 of this referral records it (the
  // same conference, one record).
  const std::string ref_icpc = Text(cd, "DateOfInitialCPC");
  if (!ref_icpc.empty()) {
    const auto parsed = ParseIsoDate(ref_icpc);
    if (!parsed || !s47_icpc_dates.contains(FormatIsoDate(*parsed))) {
      ++report.rows_read;
      RecordCheck c(report, ctx.file, path + "/DateOfInitialCPC", ctx.limit);
      const auto d = c.Date("DateOfInitialCPC", ref_icpc, true);
      emit_icpc(c, d, "");
    }
  }

  int n = 0;
  for (pugi::xml_node a : cd.children("Assessments")) {
    ++report.rows_read;
    RecordCheck c(report, ctx.file, path + "/Assessments[" + std::to_string(++n) + "]", ctx.limit);
    const auto start =
        c.Date("AssessmentActualStartDate", Text(a, "AssessmentActualStartDate"), true);
    const auto auth =
        c.Date("AssessmentAuthorisationDate", Text(a, "AssessmentAuthorisationDate"), false);
    std::vector<std::string> factors;
    for (pugi::xml_node f :
         a.child("FactorsIdentifiedAtAssessment").children("AssessmentFactors")) {
      std::string code = Trimmed(f.text().get());
      c.Code("AssessmentFactors", code, codes::IsAssessmentFactor, true);
      factors.push_back(std::move(code));
    }
    c.Order("AssessmentAuthorisationDate", start, auth, "authorisation");
    c.NotAfterReturn("AssessmentActualStartDate", start);
    c.NotAfterReturn("AssessmentAuthorisationDate", auth);
    const std::string id = FinishRecord(
        ctx, c, key, "assessment", start ? FormatIsoDate(*start) : "", "AssessmentActualStartDate");
    if (id.empty()) continue;
    WarnBeforeReferral(ctx, c, key, "AssessmentActualStartDate", start);
    v1::CaseEvent e;
    v1::Assessment* as = e.mutable_assessment();
    as->set_referral_id(key.id);
    as->set_start_date(FormatIsoDate(*start));
    if (auth) {
      as->set_authorised_date(FormatIsoDate(*auth));
      as->set_outcome(closed_after_assessment ? v1::ASSESSMENT_OUTCOME_NOT_IN_NEED
                                              : v1::ASSESSMENT_OUTCOME_IN_NEED);
    }
    for (auto& f : factors) as->add_factors(std::move(f));
    Emit(ctx, key, id, e);
  }

  n = 0;
  for (pugi::xml_node p : cd.children("CINPlanDates")) {
    ++report.rows_read;
    RecordCheck c(report, ctx.file, path + "/CINPlanDates[" + std::to_string(++n) + "]", ctx.limit);
    const auto start = c.Date("CINPlanStartDate", Text(p, "CINPlanStartDate"), true);
    const auto end = c.Date("CINPlanEndDate", Text(p, "CINPlanEndDate"), false);
    c.Order("CINPlanEndDate", start, end, "plan end");
    c.NotAfterReturn("CINPlanStartDate", start);
    c.NotAfterReturn("CINPlanEndDate", end);
    const std::string id = FinishRecord(ctx, c, key, "cin_plan", start ? FormatIsoDate(*start) : "",
                                        "CINPlanStartDate");
    if (id.empty()) continue;
    WarnBeforeReferral(ctx, c, key, "CINPlanStartDate", start);
    v1::CaseEvent e;
    v1::CinPlan* plan = e.mutable_cin_plan();
    plan->set_start_date(FormatIsoDate(*start));
    if (end) plan->set_end_date(FormatIsoDate(*end));
    plan->set_referral_id(key.id);
    Emit(ctx, key, id, e);
  }

  n = 0;
  for (pugi::xml_node s : cd.children("Section47")) {
    const std::string s_path = path + "/Section47[" + std::to_string(++n) + "]";
    ++report.rows_read;
    RecordCheck c(report, ctx.file, s_path, ctx.limit);
    const auto start = c.Date("S47ActualStartDate", Text(s, "S47ActualStartDate"), true);
    const std::string not_required_text = Text(s, "ICPCnotRequired");
    const std::string icpc_text = Text(s, "DateOfInitialCPC");
    std::optional<bool> not_required = false;
    if (!not_required_text.empty()) not_required = ParseBool(not_required_text);
    if (!not_required) {
      c.Fail("ICPCnotRequired", kUnknownCode, "'" + not_required_text + "' is not true/false/1/0");
    }
    c.NotAfterReturn("S47ActualStartDate", start);
    const std::string id = FinishRecord(ctx, c, key, "section47",
                                        start ? FormatIsoDate(*start) : "", "S47ActualStartDate");
    if (!id.empty()) {
      WarnBeforeReferral(ctx, c, key, "S47ActualStartDate", start);
      v1::CaseEvent e;
      v1::Section47* s47 = e.mutable_section47();
      s47->set_start_date(FormatIsoDate(*start));
      s47->set_icpc_required(!*not_required || !icpc_text.empty());
      s47->set_referral_id(key.id);
      Emit(ctx, key, id, e);
    }
    if (!icpc_text.empty()) {
      ++report.rows_read;
      RecordCheck ic(report, ctx.file, s_path + "/DateOfInitialCPC", ctx.limit);
      const auto d = ic.Date("DateOfInitialCPC", icpc_text, true);
      if (id.empty() && !ic.failed()) {
        ic.Fail("S47ActualStartDate", kMissingField,
                "the conference's section 47 was rejected, so it cannot be linked");
      }
      if (!ic.failed() && start && d && *d < *start) {
        ctx.report.Warn(ctx.file, ic.location(), "DateOfInitialCPC", kDateOrder,
                        "conference before its section 47 started (accepted: a consistency "
                        "rule, not a structural error)");
      }
      emit_icpc(ic, d, id);
    }
  }

  n = 0;
  for (pugi::xml_node p : cd.children("ChildProtectionPlans")) {
    ++report.rows_read;
    RecordCheck c(report, ctx.file, path + "/ChildProtectionPlans[" + std::to_string(++n) + "]",
                  ctx.limit);
    const auto start = c.Date("CPPstartDate", Text(p, "CPPstartDate"), true);
    const auto end = c.Date("CPPendDate", Text(p, "CPPendDate"), false);
    const std::string initial = Text(p, "InitialCategoryOfAbuse");
    const std::string latest = Text(p, "LatestCategoryOfAbuse");
    const std::string previous_text = Text(p, "NumberOfPreviousCPP");
    int previous = -1;
    if (!c.failed() && !previous_text.empty()) {
      const bool digits =
          previous_text.size() <= 3 && std::all_of(previous_text.begin(), previous_text.end(),
                                                   [](char ch) { return ch >= '0' && ch <= '9'; });
      if (digits) {
        previous = std::stoi(previous_text);
      } else {
        c.Fail("NumberOfPreviousCPP", kInvalidNumber,
               "'" + previous_text + "' is not a count of plans");
      }
    }
    c.Code("InitialCategoryOfAbuse", initial, codes::IsCategoryOfAbuse, false);
    c.Code("LatestCategoryOfAbuse", latest, codes::IsCategoryOfAbuse, false);
    c.Order("CPPendDate", start, end, "plan end");
    c.NotAfterReturn("CPPstartDate", start);
    c.NotAfterReturn("CPPendDate", end);
    const std::string id =
        FinishRecord(ctx, c, key, "cp_plan", start ? FormatIsoDate(*start) : "", "CPPstartDate");
    if (id.empty()) continue;
    WarnBeforeReferral(ctx, c, key, "CPPstartDate", start);
    v1::CaseEvent e;
    v1::CpPlan* plan = e.mutable_cp_plan();
    plan->set_start_date(FormatIsoDate(*start));
    if (end) plan->set_end_date(FormatIsoDate(*end));
    plan->set_initial_category(initial);
    plan->set_latest_category(latest);
    plan->set_previous_plans(previous);
    plan->set_referral_id(key.id);
    Emit(ctx, key, id, e);
  }
}

}  // namespace

ImportReport ImportCinCensus(const std::string& path, const CinCensusOptions& options,
                             EventSink& sink) {
  ImportReport report;
  const std::string file = std::filesystem::path(path).filename().string();
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_file(path.c_str());
  if (!parsed) {
    report.FileError(file, kMalformedFile,
                     std::string("not well-formed XML: ") + parsed.description() + " at byte " +
                         std::to_string(parsed.offset));
    return report;
  }
  const pugi::xml_node message = doc.child("Message");
  if (!message) {
    report.FileError(file, kMalformedFile, "no <Message> root element: not a CIN census return");
    return report;
  }
  const pugi::xml_node header = message.child("Header");
  const std::string lea = Text(header.child("Source"), "LEA");
  std::string la_code = options.la_code.empty() ? lea : options.la_code;
  if (!options.la_code.empty() && !lea.empty() && lea != options.la_code) {
    report.Warn(file, "/Message/Header/Source/LEA", "LEA", kConflictingValue,
                "the return says " + lea + "; --la " + options.la_code + " is used");
  }
  if (!IsValidId(la_code)) {
    report.FileError(file, kMissingField, "no council code: the header has no <LEA>; pass --la");
    return report;
  }

  const std::string reference_text = Text(header.child("CollectionDetails"), "ReferenceDate");
  const std::string datetime_text = Text(header.child("Source"), "DateTime");
  const std::optional<Day> reference = ParseIsoDate(reference_text);
  const std::optional<int64_t> produced = ParseDateTimeVersion(datetime_text);
  std::optional<int64_t> header_version;
  std::optional<Day> limit;
  if (reference) {
    const YearMonthDay c = CivilFromDay(*reference);
    header_version = VersionFromDateTime(c.year, c.month, c.day);
    limit = *reference;
  }
  if (produced) {
    header_version = std::max(header_version.value_or(0), *produced);
    const Day produced_day = *ParseIsoDate(std::string_view(datetime_text).substr(0, 10));
    limit = std::max(limit.value_or(produced_day), produced_day);
  }
  const int64_t version = options.version > 0 ? options.version : header_version.value_or(0);
  if (version <= 0) {
    report.FileError(file, kMissingField,
                     "the header has no valid ReferenceDate or DateTime to version the records; "
                     "pass --version");
    return report;
  }

  Context ctx{options, la_code, version, TimestampFromVersion(version), limit, file,
              sink,    report,  {}};
  int child_index = 0;
  for (pugi::xml_node child : message.child("Children").children("Child")) {
    const std::string child_path = "/Message/Children/Child[" + std::to_string(++child_index) + "]";
    const std::string child_id = Text(child.child("ChildIdentifiers"), "LAchildID");
    int cd_index = 0;
    for (pugi::xml_node cd : child.children("CINdetails")) {
      ImportCinDetails(ctx, cd, child_path + "/CINdetails[" + std::to_string(++cd_index) + "]",
                       child_id);
    }
  }
  return report;
}

}  // namespace scorecard::importers
