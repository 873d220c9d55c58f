#include "engine/measure.h"

#include <algorithm>
#include <charconv>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/record.h"

namespace scorecard {

// ---------------------------------------------------------------- SubjectView

SubjectView::SubjectView(const std::vector<const v1::CaseEvent*>& records) {
  for (const v1::CaseEvent* r : records) by_kind_[r->payload_case()].push_back(r);
}

const std::vector<const v1::CaseEvent*>& SubjectView::Of(v1::CaseEvent::PayloadCase kind) const {
  static const std::vector<const v1::CaseEvent*> kEmpty;
  auto it = by_kind_.find(kind);
  return it == by_kind_.end() ? kEmpty : it->second;
}

const v1::CaseEvent* SubjectView::Find(v1::CaseEvent::PayloadCase kind,
                                       std::string_view record_id) const {
  for (const v1::CaseEvent* r : Of(kind)) {
    if (r->record_id() == record_id) return r;
  }
  return nullptr;
}

// ---------------------------------------------------------------- params

int64_t MeasureParams::Int(const std::string& name) const { return ints.at(name); }
const std::string& MeasureParams::Str(const std::string& name) const { return strs.at(name); }
bool MeasureParams::Bool(const std::string& name) const { return bools.at(name); }
const std::vector<std::string>& MeasureParams::List(const std::string& name) const {
  return lists.at(name);
}

// ---------------------------------------------------------------- Emitter

Emitter::~Emitter() { FlushChildIntervals(); }

void Emitter::Add(const std::string& team, Day day, int64_t delta) {
  out_.push_back(ContributionItem{series_, "*", day, delta});
  if (!team.empty()) out_.push_back(ContributionItem{series_, team, day, delta});
}

void Emitter::Flow(const std::string& team, Day day, int64_t weight) { Add(team, day, weight); }

void Emitter::RecordInterval(const std::string& team, Day start, std::optional<Day> end) {
  const Day e = end.value_or(kOpenEnd);
  if (e <= start) return;  // empty interval: never open
  Add(team, start, +1);
  if (e != kOpenEnd) Add(team, e, -1);
}

void Emitter::ChildInterval(const std::string& team, Day start, std::optional<Day> end) {
  const Day e = end.value_or(kOpenEnd);
  if (e <= start) return;
  child_spans_.push_back(Span{team, start, e});
}

void Emitter::FlushChildIntervals() {
  if (child_spans_.empty()) return;
  // Union per team, and across all teams for the council-wide series.
  auto emit_union = [this](std::vector<std::pair<Day, Day>> spans, const std::string& team) {
    std::sort(spans.begin(), spans.end());
    Day cur_start = spans.front().first;
    Day cur_end = spans.front().second;
    auto flush = [&] {
      out_.push_back(ContributionItem{series_, team, cur_start, +1});
      if (cur_end != kOpenEnd) out_.push_back(ContributionItem{series_, team, cur_end, -1});
    };
    for (size_t i = 1; i < spans.size(); ++i) {
      if (spans[i].first <= cur_end) {
        cur_end = std::max(cur_end, spans[i].second);
      } else {
        flush();
        cur_start = spans[i].first;
        cur_end = spans[i].second;
      }
    }
    flush();
  };
  std::vector<std::pair<Day, Day>> all;
  std::map<std::string, std::vector<std::pair<Day, Day>>> by_team;
  for (const Span& s : child_spans_) {
    all.emplace_back(s.start, s.end);
    if (!s.team.empty()) by_team[s.team].emplace_back(s.start, s.end);
  }
  emit_union(std::move(all), "*");
  for (auto& [team, spans] : by_team) emit_union(std::move(spans), team);
  child_spans_.clear();
}

// ---------------------------------------------------------------- registry

void MeasureRegistry::Register(MeasureSpec spec) {
  std::string name = spec.name;
  specs_.emplace(std::move(name), std::move(spec));
}

const MeasureSpec* MeasureRegistry::Find(std::string_view name) const {
  auto it = specs_.find(name);
  return it == specs_.end() ? nullptr : &it->second;
}

std::vector<std::string> MeasureRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [n, s] : specs_) names.push_back(n);
  return names;
}

absl::StatusOr<MeasureParams> MeasureRegistry::ParseParams(
    const MeasureSpec& spec, const std::map<std::string, std::string>& text) const {
  for (const auto& [name, value] : text) {
    const bool known = std::any_of(spec.params.begin(), spec.params.end(),
                                   [&](const ParamSpec& p) { return p.name == name; });
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter '", name, "' is not a parameter of measure ", spec.name));
    }
  }
  MeasureParams out;
  for (const ParamSpec& p : spec.params) {
    auto it = text.find(p.name);
    const std::string value = it == text.end() ? p.default_value : it->second;
    out.raw[p.name] = value;
    switch (p.type) {
      case ParamType::kInt: {
        int64_t v = 0;
        auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
        if (ec != std::errc() || ptr != value.data() + value.size() || v < p.min || v > p.max) {
          return absl::InvalidArgumentError(absl::StrCat("parameter '", p.name,
                                                         "' must be an integer in [", p.min, ", ",
                                                         p.max, "], got '", value, "'"));
        }
        out.ints[p.name] = v;
        break;
      }
      case ParamType::kBool:
        if (value != "true" && value != "false") {
          return absl::InvalidArgumentError(
              absl::StrCat("parameter '", p.name, "' must be true or false, got '", value, "'"));
        }
        out.bools[p.name] = value == "true";
        break;
      case ParamType::kString:
        if (!p.allowed.empty() &&
            std::find(p.allowed.begin(), p.allowed.end(), value) == p.allowed.end()) {
          return absl::InvalidArgumentError(absl::StrCat("parameter '", p.name, "' must be one of ",
                                                         absl::StrJoin(p.allowed, ", "), "; got '",
                                                         value, "'"));
        }
        out.strs[p.name] = value;
        break;
      case ParamType::kList: {
        std::vector<std::string> items;
        for (absl::string_view s : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
          std::string item(absl::StripAsciiWhitespace(s));
          if (!p.allowed.empty() &&
              std::find(p.allowed.begin(), p.allowed.end(), item) == p.allowed.end()) {
            return absl::InvalidArgumentError(absl::StrCat("parameter '", p.name, "': '", item,
                                                           "' is not one of ",
                                                           absl::StrJoin(p.allowed, ", ")));
          }
          items.push_back(std::move(item));
        }
        out.lists[p.name] = std::move(items);
        break;
      }
    }
  }
  if (spec.prepare) {
    if (absl::Status s = spec.prepare(out); !s.ok()) return s;
  }
  return out;
}

std::optional<Day> DateOf(const std::string& iso) {
  if (iso.empty()) return std::nullopt;
  return ParseIsoDate(iso);
}

}  // namespace scorecard
