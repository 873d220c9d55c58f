#include "events/validate.h"

#include <array>
#include <initializer_list>
#include <string_view>

#include "engine/date.h"
#include "engine/record.h"

namespace scorecard {
namespace {

using v1::CaseEvent;

bool IdChars(std::string_view s) {
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool OneOf(std::string_view v, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed) {
    if (v == a) return true;
  }
  return false;
}

// Accumulates the first problem found; later checks are skipped.
class Checker {
 public:
  explicit Checker(std::string prefix) : prefix_(std::move(prefix)) {}

  bool ok() const { return !rejection_.has_value(); }
  std::optional<Rejection> Take() { return std::move(rejection_); }

  void Fail(std::string code, const std::string& field, std::string message) {
    if (rejection_) return;
    rejection_ = Rejection{std::move(code), field, std::move(message)};
  }

  void Id(const std::string& field, const std::string& value, bool required,
          size_t max = kMaxIdLength) {
    if (value.empty()) {
      if (required) Fail("missing_field", field, "is required");
      return;
    }
    if (value.size() > max) {
      Fail("invalid_id", field, "longer than " + std::to_string(max) + " characters");
    } else if (!IdChars(value)) {
      Fail("invalid_id", field, "may contain only letters, digits and _ . : -");
    }
  }

  // Returns the parsed date, or nullopt when empty or invalid.
  std::optional<Day> Date(const std::string& name, const std::string& value, bool required) {
    const std::string field = prefix_ + name;
    if (value.empty()) {
      if (required) Fail("missing_field", field, "date is required");
      return std::nullopt;
    }
    auto d = ParseIsoDate(value);
    if (!d) Fail("invalid_date", field, "expected a real date YYYY-MM-DD in 1900-2199");
    return d;
  }

  void Order(const std::optional<Day>& start, const std::optional<Day>& end,
             const std::string& end_name) {
    if (start && end && *end < *start) {
      Fail("date_order", prefix_ + end_name, "is before the start date");
    }
  }

  void Code(const std::string& name, const std::string& value,
            std::initializer_list<std::string_view> allowed, bool required) {
    const std::string field = prefix_ + name;
    if (value.empty()) {
      if (required) Fail("missing_field", field, "is required");
      return;
    }
    if (!OneOf(value, allowed)) Fail("unknown_code", field, "unknown code '" + value + "'");
  }

  void FreeCode(const std::string& name, const std::string& value) {
    if (value.size() > kMaxCodeLength || !IdChars(value)) {
      Fail("invalid_code", prefix_ + name, "codes are short and use letters and digits only");
    }
  }

 private:
  std::string prefix_;
  std::optional<Rejection> rejection_;
};

void CheckPayload(const CaseEvent& e, Checker& c) {
  switch (e.payload_case()) {
    case CaseEvent::kContact: {
      const auto& p = e.contact();
      c.Date("date", p.date(), true);
      c.FreeCode("source", p.source());
      c.FreeCode("outcome", p.outcome());
      break;
    }
    case CaseEvent::kEarlyHelpEpisode: {
      const auto& p = e.early_help_episode();
      c.Order(c.Date("start_date", p.start_date(), true), c.Date("end_date", p.end_date(), false),
              "end_date");
      break;
    }
    case CaseEvent::kEarlyHelpAssessment: {
      const auto& p = e.early_help_assessment();
      c.Order(c.Date("start_date", p.start_date(), true),
              c.Date("completed_date", p.completed_date(), false), "completed_date");
      c.FreeCode("lead_agency", p.lead_agency());
      break;
    }
    case CaseEvent::kReferral: {
      const auto& p = e.referral();
      c.Date("date", p.date(), true);
      c.FreeCode("source", p.source());
      c.FreeCode("primary_need", p.primary_need());
      break;
    }
    case CaseEvent::kAssessment: {
      const auto& p = e.assessment();
      c.Id("assessment.referral_id", p.referral_id(), false);
      c.Order(c.Date("start_date", p.start_date(), true),
              c.Date("authorised_date", p.authorised_date(), false), "authorised_date");
      // An authorised assessment without an outcome is accepted: CIN census
      // returns often leave it implicit.
      for (const auto& f : p.factors()) c.FreeCode("factors", f);
      break;
    }
    case CaseEvent::kExploitationAssessment: {
      const auto& p = e.exploitation_assessment();
      c.Order(c.Date("start_date", p.start_date(), true),
              c.Date("completed_date", p.completed_date(), false), "completed_date");
      break;
    }
    case CaseEvent::kStrategyDiscussion: {
      const auto& p = e.strategy_discussion();
      const auto req = c.Date("requested_date", p.requested_date(), false);
      const auto held = c.Date("held_date", p.held_date(), false);
      if (!req && !held && c.ok()) {
        c.Fail("missing_field", "strategy_discussion.held_date",
               "a requested or held date is required");
      }
      c.Order(req, held, "held_date");
      break;
    }
    case CaseEvent::kSection47: {
      const auto& p = e.section47();
      c.Order(c.Date("start_date", p.start_date(), true), c.Date("end_date", p.end_date(), false),
              "end_date");
      c.Id("section47.strategy_discussion_id", p.strategy_discussion_id(), false);
      break;
    }
    case CaseEvent::kIcpc: {
      const auto& p = e.icpc();
      c.Date("date", p.date(), true);
      c.Id("icpc.s47_id", p.s47_id(), false);
      break;
    }
    case CaseEvent::kCinClosure: {
      const auto& p = e.cin_closure();
      c.Id("cin_closure.referral_id", p.referral_id(), true);
      c.Date("closure_date", p.closure_date(), true);
      c.FreeCode("reason", p.reason());
      break;
    }
    case CaseEvent::kCinPlan: {
      const auto& p = e.cin_plan();
      c.Order(c.Date("start_date", p.start_date(), true), c.Date("end_date", p.end_date(), false),
              "end_date");
      break;
    }
    case CaseEvent::kCpPlan: {
      const auto& p = e.cp_plan();
      c.Order(c.Date("start_date", p.start_date(), true), c.Date("end_date", p.end_date(), false),
              "end_date");
      c.Code("initial_category", p.initial_category(), {"NEG", "PHY", "SAB", "EMO", "MUL"}, false);
      c.Code("latest_category", p.latest_category(), {"NEG", "PHY", "SAB", "EMO", "MUL"}, false);
      c.Id("cp_plan.family_id", p.family_id(), false);
      if (p.previous_plans() < -1) {
        c.Fail("out_of_range", "cp_plan.previous_plans", "must be -1 (unknown) or more");
      }
      break;
    }
    case CaseEvent::kClaEpisode: {
      const auto& p = e.cla_episode();
      c.Order(c.Date("decom", p.decom(), true), c.Date("dec", p.dec(), false), "dec");
      c.Code("rne", p.rne(), {"S", "L", "P", "T", "U", "B"}, true);
      c.Code("ls", p.ls(),
             {"C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"}, true);
      c.FreeCode("cin", p.cin());
      c.FreeCode("place", p.place());
      c.FreeCode("place_provider", p.place_provider());
      c.FreeCode("rec", p.rec());
      if (!p.dec().empty() && p.rec().empty()) {
        c.Fail("missing_field", "cla_episode.rec", "a ceased episode needs a reason (REC)");
      }
      break;
    }
    case CaseEvent::kVisit: {
      const auto& p = e.visit();
      c.Date("date", p.date(), true);
      if (p.kind() == v1::VISIT_KIND_UNSPECIFIED && c.ok()) {
        c.Fail("missing_field", "visit.kind", "CP, CLA or CIN is required");
      }
      if (p.seen_alone() && !p.seen() && c.ok()) {
        c.Fail("inconsistent", "visit.seen_alone", "a child seen alone must be seen");
      }
      break;
    }
    case CaseEvent::kSupervision:
      c.Date("date", e.supervision().date(), true);
      break;
    case CaseEvent::kAllocation: {
      const auto& p = e.allocation();
      c.Order(c.Date("start_date", p.start_date(), true), c.Date("end_date", p.end_date(), false),
              "end_date");
      break;
    }
    case CaseEvent::kWorker: {
      const auto& p = e.worker();
      c.Order(c.Date("start_date", p.start_date(), true), c.Date("end_date", p.end_date(), false),
              "end_date");
      if (!(p.fte() > 0.0 && p.fte() <= 1.5) && c.ok()) {
        c.Fail("out_of_range", "worker.fte", "must be in (0, 1.5]");
      }
      for (const auto& t : p.team_tags()) c.Id("worker.team_tags", t, true);
      break;
    }
    case CaseEvent::kPerson: {
      const auto& p = e.person();
      c.Date("birth_date", p.birth_date(), true);
      c.Date("uasc_ceased_date", p.uasc_ceased_date(), false);
      break;
    }
    case CaseEvent::kExternalValue: {
      const auto& p = e.external_value();
      c.Id("external_value.indicator_id", p.indicator_id(), true);
      c.Order(c.Date("period_start", p.period_start(), true),
              c.Date("period_end", p.period_end(), true), "period_end");
      if (p.source().size() > kMaxIdLength * 2 && c.ok()) {
        c.Fail("too_long", "external_value.source", "at most 128 characters");
      }
      break;
    }
    case CaseEvent::kPopulationEstimate: {
      const auto& p = e.population_estimate();
      if ((p.mid_year() < kMinYear || p.mid_year() > kMaxYear) && c.ok()) {
        c.Fail("out_of_range", "population_estimate.mid_year", "not a plausible year");
      }
      if (p.population() <= 0 && c.ok()) {
        c.Fail("out_of_range", "population_estimate.population", "must be positive");
      }
      break;
    }
    case CaseEvent::PAYLOAD_NOT_SET:
      break;
  }
}

// Which subject ids a payload kind needs.
struct SubjectNeeds {
  bool child;
  bool worker;
};

SubjectNeeds NeedsFor(CaseEvent::PayloadCase k) {
  switch (k) {
    case CaseEvent::kWorker:
      return {false, true};
    case CaseEvent::kAllocation:
      return {true, true};
    case CaseEvent::kExternalValue:
    case CaseEvent::kPopulationEstimate:
      return {false, false};
    default:
      return {true, false};
  }
}

}  // namespace

std::optional<Rejection> CheckEvent(const CaseEvent& e) {
  Checker c("");
  c.Id("event_id", e.event_id(), true, kMaxEventIdLength);
  c.Id("la_code", e.la_code(), true, 16);
  c.Id("record_id", e.record_id(), true);
  c.Id("team_id", e.team_id(), false);
  c.Id("source_system", e.source_system(), false);
  if (!c.ok()) return c.Take();
  if (e.op() != v1::OP_UPSERT && e.op() != v1::OP_DELETE) {
    return Rejection{"invalid_op", "op", "must be OP_UPSERT or OP_DELETE"};
  }
  if (e.record_version() < 1) {
    return Rejection{"invalid_version", "record_version", "must be 1 or more"};
  }
  if (e.payload_case() == CaseEvent::PAYLOAD_NOT_SET) {
    return Rejection{"missing_payload", "payload",
                     "exactly one payload kind is required (deletes too: it names the kind)"};
  }
  const SubjectNeeds needs = NeedsFor(e.payload_case());
  c.Id("child_id", e.child_id(), needs.child);
  c.Id("worker_id", e.worker_id(), needs.worker);
  if (!c.ok()) return c.Take();
  if (e.op() == v1::OP_DELETE) return std::nullopt;  // a tombstone needs no payload fields
  Checker pc(PayloadKindName(e) + ".");
  CheckPayload(e, pc);
  return pc.Take();
}

absl::Status ValidateEvent(const CaseEvent& event) {
  auto r = CheckEvent(event);
  if (!r) return absl::OkStatus();
  return absl::InvalidArgumentError(r->ToString());
}

}  // namespace scorecard
