#include "engine/record.h"

#include <array>
#include <charconv>

namespace scorecard {

const std::string& PayloadKindName(v1::CaseEvent::PayloadCase kind) {
  // Indexed by field number - 19: payload field numbers are 20..39.
  static const std::array<std::string, 21> kNames = {"",
                                                     "contact",
                                                     "early_help_episode",
                                                     "early_help_assessment",
                                                     "referral",
                                                     "assessment",
                                                     "exploitation_assessment",
                                                     "strategy_discussion",
                                                     "section47",
                                                     "icpc",
                                                     "cin_closure",
                                                     "cin_plan",
                                                     "cp_plan",
                                                     "cla_episode",
                                                     "visit",
                                                     "supervision",
                                                     "allocation",
                                                     "worker",
                                                     "person",
                                                     "external_value",
                                                     "population_estimate"};
  const int idx = static_cast<int>(kind) - v1::CaseEvent::kContact + 1;
  if (idx < 1 || idx >= static_cast<int>(kNames.size())) return kNames[0];
  return kNames[static_cast<size_t>(idx)];
}

const std::string& PayloadKindName(const v1::CaseEvent& event) {
  return PayloadKindName(event.payload_case());
}

std::string SubjectOf(const v1::CaseEvent& event) {
  switch (event.payload_case()) {
    case v1::CaseEvent::kWorker:
      return "w:" + event.worker_id();
    case v1::CaseEvent::kExternalValue:
    case v1::CaseEvent::kPopulationEstimate:
      return "la";
    default:
      return "c:" + event.child_id();
  }
}

std::string RecordField(const v1::CaseEvent& event) {
  std::string f = PayloadKindName(event);
  f.push_back('/');
  f.append(event.record_id());
  return f;
}

bool HasRecordField(const v1::CaseEvent& event, std::string_view field) {
  const std::string& kind = PayloadKindName(event);
  const std::string& id = event.record_id();
  return field.size() == kind.size() + 1 + id.size() && field.substr(0, kind.size()) == kind &&
         field[kind.size()] == '/' && field.substr(kind.size() + 1) == id;
}

RecordMeta RecordMeta::Of(const v1::CaseEvent& event) {
  return RecordMeta{event.record_version(), event.op() == v1::OP_DELETE, event.event_id(),
                    SubjectOf(event)};
}

std::string RecordMeta::Encode() const {
  std::string out = std::to_string(version);
  out.push_back('|');
  out.push_back(deleted ? 'd' : 'u');
  out.push_back('|');
  out.append(subject);
  out.push_back('|');
  out.append(event_id);
  return out;
}

std::optional<RecordMeta> RecordMeta::Decode(std::string_view text) {
  // Ids cannot contain '|', so the split is unambiguous.
  const size_t a = text.find('|');
  if (a == std::string_view::npos || a + 2 >= text.size() || text[a + 2] != '|') {
    return std::nullopt;
  }
  RecordMeta m;
  auto [p, ec] = std::from_chars(text.data(), text.data() + a, m.version);
  if (ec != std::errc() || p != text.data() + a) return std::nullopt;
  const char flag = text[a + 1];
  if (flag != 'd' && flag != 'u') return std::nullopt;
  m.deleted = flag == 'd';
  const std::string_view rest = text.substr(a + 3);
  const size_t b = rest.find('|');
  if (b == std::string_view::npos) return std::nullopt;
  m.subject = std::string(rest.substr(0, b));
  m.event_id = std::string(rest.substr(b + 1));
  return m;
}

bool Supersedes(const RecordMeta& candidate, const RecordMeta& current) {
  if (candidate.version != current.version) return candidate.version > current.version;
  if (candidate.deleted != current.deleted) return candidate.deleted;
  return candidate.event_id > current.event_id;
}

}  // namespace scorecard
