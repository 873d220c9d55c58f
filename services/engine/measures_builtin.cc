// The built-in measures. Generic ones read payload fields by name through
// protobuf reflection, so most catalogue entries need no code; specific ones
// implement a rule from INDICATORS.md that is more than "dated" or "open".

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <any>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/measure.h"
#include "engine/record.h"

namespace scorecard {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using v1::CaseEvent;
using Kinds = std::vector<CaseEvent::PayloadCase>;

const FieldDescriptor* PayloadField(std::string_view kind) {
  return CaseEvent::descriptor()->FindFieldByName(std::string(kind));
}

CaseEvent::PayloadCase KindCase(const std::string& kind) {
  const FieldDescriptor* f = PayloadField(kind);
  return f == nullptr ? CaseEvent::PAYLOAD_NOT_SET
                      : static_cast<CaseEvent::PayloadCase>(f->number());
}

// Text of a scalar field: strings as is, bools "true"/"false", enums by name,
// numbers in decimal.
std::string FieldText(const Message& m, const FieldDescriptor* f) {
  const auto* r = m.GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return r->GetString(m, f);
    case FieldDescriptor::CPPTYPE_BOOL:
      return r->GetBool(m, f) ? "true" : "false";
    case FieldDescriptor::CPPTYPE_ENUM:
      return r->GetEnum(m, f)->name();
    case FieldDescriptor::CPPTYPE_INT32:
      return std::to_string(r->GetInt32(m, f));
    case FieldDescriptor::CPPTYPE_INT64:
      return std::to_string(r->GetInt64(m, f));
    default:
      return "";
  }
}

// "field=a|b" or "field!=a|b"; all conditions of a filter must hold.
struct Condition {
  std::string field;
  bool negate = false;
  std::vector<std::string> values;
  const FieldDescriptor* descriptor = nullptr;  // resolved when the series is prepared
};

std::vector<Condition> ParseFilter(const std::vector<std::string>& items) {
  std::vector<Condition> out;
  for (const std::string& item : items) {
    Condition c;
    size_t eq = item.find("!=");
    size_t value_at = 0;
    if (eq != std::string::npos) {
      c.negate = true;
      value_at = eq + 2;
    } else {
      eq = item.find('=');
      value_at = eq == std::string::npos ? item.size() : eq + 1;
    }
    c.field = item.substr(0, eq);
    for (absl::string_view v : absl::StrSplit(item.substr(value_at), '|')) c.values.emplace_back(v);
    out.push_back(std::move(c));
  }
  return out;
}

// The field look-ups of a generic series, resolved once when the catalogue is
// loaded, so evaluating a subject does no parsing and no look-ups by name.
struct Selector {
  CaseEvent::PayloadCase kind = CaseEvent::PAYLOAD_NOT_SET;
  const FieldDescriptor* payload = nullptr;  // the payload field of CaseEvent
  const FieldDescriptor* first = nullptr;    // date_field, or start_field
  const FieldDescriptor* end = nullptr;      // end_field; nullptr: never closes
  std::vector<Condition> filter;

  const Message& PayloadOf(const CaseEvent& e) const {
    return e.GetReflection()->GetMessage(e, payload);
  }
  static std::optional<Day> Date(const Message& m, const FieldDescriptor* f) {
    std::string scratch;
    return DateOf(m.GetReflection()->GetStringReference(m, f, &scratch));
  }
  bool Matches(const Message& m) const {
    for (const Condition& c : filter) {
      const std::string text = FieldText(m, c.descriptor);
      const bool in = std::find(c.values.begin(), c.values.end(), text) != c.values.end();
      if (in == c.negate) return false;
    }
    return true;
  }
};

const Selector& SelectorOf(const MeasureParams& p) {
  // Set by PrepareSelector when the catalogue was loaded.
  return **std::any_cast<std::shared_ptr<const Selector>>(&p.prepared);
}

// Checks the generic parameters against the payload's fields (errors name the
// parameter) and attaches the resolved Selector. `first_param` is date_field
// or start_field; `end_param` is end_field or empty.
absl::Status PrepareSelector(MeasureParams& p, const std::string& first_param,
                             const std::string& end_param) {
  const FieldDescriptor* kind = PayloadField(p.Str("kind"));
  if (kind == nullptr || kind->containing_oneof() == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("parameter 'kind': '", p.Str("kind"), "' is not a payload kind"));
  }
  auto sel = std::make_shared<Selector>();
  sel->kind = static_cast<CaseEvent::PayloadCase>(kind->number());
  sel->payload = kind;
  const auto* msg = kind->message_type();
  auto date_field = [&](const std::string& param) -> absl::StatusOr<const FieldDescriptor*> {
    const std::string& name = p.Str(param);
    const FieldDescriptor* f = msg->FindFieldByName(name);
    if (f == nullptr || f->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
      return absl::InvalidArgumentError(absl::StrCat("parameter '", param, "': ", p.Str("kind"),
                                                     " has no date field '", name, "'"));
    }
    return f;
  };
  auto first = date_field(first_param);
  if (!first.ok()) return first.status();
  sel->first = *first;
  if (!end_param.empty() && !p.Str(end_param).empty()) {  // empty end_field: open for ever
    auto end = date_field(end_param);
    if (!end.ok()) return end.status();
    sel->end = *end;
  }
  sel->filter = ParseFilter(p.List("filter"));
  for (Condition& c : sel->filter) {
    c.descriptor = msg->FindFieldByName(c.field);
    if (c.descriptor == nullptr || c.descriptor->is_repeated() ||
        c.descriptor->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      return absl::InvalidArgumentError(absl::StrCat("parameter 'filter': ", p.Str("kind"),
                                                     " has no scalar field '", c.field, "'"));
    }
  }
  p.prepared = std::shared_ptr<const Selector>(std::move(sel));
  return absl::OkStatus();
}

std::vector<std::string> PayloadKindNames() {
  std::vector<std::string> names;
  const auto* oneof = CaseEvent::descriptor()->FindOneofByName("payload");
  for (int i = 0; i < oneof->field_count(); ++i) names.push_back(oneof->field(i)->name());
  return names;
}

ParamSpec KindParam() {
  return {"kind",
          ParamType::kString,
          "referral",
          PayloadKindNames(),
          0,
          0,
          "payload kind of the records counted"};
}
ParamSpec FilterParam() {
  return {"filter",
          ParamType::kList,
          "",
          {},
          0,
          0,
          "conditions on payload fields, all must hold: field=a|b or field!=a|b"};
}

Kinds KindInput(const MeasureParams& p) { return {KindCase(p.Str("kind"))}; }

// ---------------------------------------------------------------- generic

void RegisterGeneric(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "dated_records",
      SeriesKind::kFlow,
      "Flow: records of a kind counted on the day in a date field (records without the date "
      "are not counted).",
      {KindParam(),
       {"date_field", ParamType::kString, "date", {}, 0, 0, "the date the fact is counted on"},
       FilterParam()},
      KindInput,
      [](MeasureParams& p) { return PrepareSelector(p, "date_field", ""); },
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
        const Selector& sel = SelectorOf(p);
        for (const CaseEvent* e : v.Of(sel.kind)) {
          const Message& m = sel.PayloadOf(*e);
          if (!sel.Matches(m)) continue;
          if (auto d = Selector::Date(m, sel.first)) out.Flow(e->team_id(), *d);
        }
      }});

  const std::vector<ParamSpec> interval_params = {
      KindParam(),
      {"start_field", ParamType::kString, "start_date", {}, 0, 0, "the interval opens on"},
      {"end_field",
       ParamType::kString,
       "end_date",
       {},
       0,
       0,
       "the interval closes on (not open on that day); empty: never closes"},
      FilterParam()};
  auto interval_prepare = [](MeasureParams& p) {
    return PrepareSelector(p, "start_field", "end_field");
  };
  auto for_each_interval = [](const SubjectView& v, const MeasureParams& p, auto&& emit) {
    const Selector& sel = SelectorOf(p);
    for (const CaseEvent* e : v.Of(sel.kind)) {
      const Message& m = sel.PayloadOf(*e);
      if (!sel.Matches(m)) continue;
      auto start = Selector::Date(m, sel.first);
      if (!start) continue;
      std::optional<Day> end;
      if (sel.end != nullptr) end = Selector::Date(m, sel.end);
      emit(*e, *start, end);
    }
  };
  r.Register(MeasureSpec{
      "open_records", SeriesKind::kSnapshot,
      "Snapshot: records of a kind open on the date (start <= D < end), counting records.",
      interval_params, KindInput, interval_prepare,
      [for_each_interval](const SubjectView& v, const MeasureParams& p, const MeasureContext&,
                          Emitter& out) {
        for_each_interval(v, p, [&](const CaseEvent& e, Day s, std::optional<Day> end) {
          out.RecordInterval(e.team_id(), s, end);
        });
      }});
  r.Register(MeasureSpec{
      "open_children", SeriesKind::kSnapshot,
      "Snapshot: distinct children with at least one record of a kind open on the date; in a "
      "team's figure if any of those open records is the team's.",
      interval_params, KindInput, interval_prepare,
      [for_each_interval](const SubjectView& v, const MeasureParams& p, const MeasureContext&,
                          Emitter& out) {
        for_each_interval(v, p, [&](const CaseEvent& e, Day s, std::optional<Day> end) {
          out.ChildInterval(e.team_id(), s, end);
        });
      }});
}

// ---------------------------------------------------------------- specific

// Referrals whose child had a different referral dated in [date - N months,
// date); an NFA referral counts as the earlier one; same-day referrals do not
// count each other.
void RegisterRereferrals(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "rereferrals",
      SeriesKind::kFlow,
      "Flow: referrals whose child had another referral dated in [date - months, date).",
      {{"months", ParamType::kInt, "12", {}, 1, 120, "look-back window in calendar months"}},
      [](const MeasureParams&) { return Kinds{CaseEvent::kReferral}; },
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext&, Emitter& out) {
        const auto& refs = v.Of(CaseEvent::kReferral);
        std::vector<Day> dates;
        dates.reserve(refs.size());
        for (const CaseEvent* e : refs) dates.push_back(DateOf(e->referral().date()).value_or(0));
        const int months = static_cast<int>(p.Int("months"));
        for (size_t i = 0; i < refs.size(); ++i) {
          const Day d = dates[i];
          const Day from = AddMonths(d, -months);
          bool earlier = false;
          for (size_t j = 0; j < refs.size() && !earlier; ++j) {
            earlier = j != i && dates[j] >= from && dates[j] < d;
          }
          if (earlier) out.Flow(refs[i]->team_id(), d);
        }
      }});
}

// Assessments authorised on a day, counted only when completed within
// `limit` working days of the anchor: the linked referral's date, or the
// assessment's own start. When the linked referral is absent the start is the
// anchor (see docs/ARCHITECTURE.md, "Decisions").
void RegisterAssessmentsWithin(MeasureRegistry& r) {
  r.Register(MeasureSpec{
      "assessments_within", SeriesKind::kFlow,
      "Flow: assessments authorised on the day with wd(anchor, authorised) <= limit.",
      AssessmentTimelinessParams(),
      [](const MeasureParams&) {
        return Kinds{CaseEvent::kAssessment, CaseEvent::kReferral};
      },
      nullptr,
      [](const SubjectView& v, const MeasureParams& p, const MeasureContext& ctx, Emitter& out) {
        const bool from_referral = p.Str("anchor") == "referral";
        const int64_t limit = p.Int("limit");
        for (const CaseEvent* e : v.Of(CaseEvent::kAssessment)) {
          const auto& a = e->assessment();
          const auto done = DateOf(a.authorised_date());
          const auto anchor = AssessmentAnchor(v, *e, from_referral);
          if (!done || !anchor) continue;
          if (ctx.calendar->WorkingDaysBetween(*anchor, *done) <= limit) {
            out.Flow(e->team_id(), *done);
          }
        }
      }});
}

}  // namespace

std::vector<ParamSpec> AssessmentTimelinessParams() {
  return {{"anchor",
           ParamType::kString,
           "referral",
           {"referral", "start"},
           0,
           0,
           "referral: the linked referral's date (the assessment start when it has none); start: "
           "the assessment start"},
          {"limit", ParamType::kInt, "45", {}, 0, 1000, "working days"}};
}

std::optional<Day> AssessmentAnchor(const SubjectView& view, const v1::CaseEvent& assessment,
                                    bool from_referral) {
  const auto& a = assessment.assessment();
  const auto start = DateOf(a.start_date());
  if (!start) return std::nullopt;
  if (from_referral && !a.referral_id().empty()) {
    if (const v1::CaseEvent* ref = view.Find(v1::CaseEvent::kReferral, a.referral_id())) {
      if (auto rd = DateOf(ref->referral().date())) return rd;
    }
  }
  return start;
}

void RegisterBuiltinMeasures(MeasureRegistry& registry) {
  RegisterGeneric(registry);
  RegisterRereferrals(registry);
  RegisterAssessmentsWithin(registry);
  RegisterClaMeasures(registry);
  RegisterExternalMeasures(registry);
  RegisterDataQualityMeasures(registry);
  RegisterCinCpMeasures(registry);
  RegisterVisitMeasures(registry);
  RegisterBreakdownMeasures(registry);
}

}  // namespace scorecard
