#include "engine/catalogue.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/external_measures.h"
#include "engine/record.h"
#include "engine/reference_data.h"

namespace scorecard {
namespace {

// Error context: "file:line: field: message" (lines are 1-based).
class Errors {
 public:
  explicit Errors(std::string source) : source_(std::move(source)) {}
  absl::Status At(const YAML::Node& node, const std::string& field, const std::string& msg) const {
    const int line = node.IsDefined() ? node.Mark().line + 1 : 0;
    return absl::InvalidArgumentError(absl::StrCat(source_, ":", line, ": ", field, ": ", msg));
  }

 private:
  std::string source_;
};

absl::StatusOr<std::string> ScalarText(const YAML::Node& n, const std::string& field,
                                       const Errors& err) {
  // A missing key is an invalid node, on which yaml-cpp's type queries throw.
  if (!n.IsDefined()) return err.At(n, field, "missing");
  if (!n.IsScalar()) return err.At(n, field, "expected a single value");
  return n.Scalar();
}

absl::StatusOr<double> Number(const YAML::Node& n, const std::string& field, const Errors& err) {
  if (!n.IsScalar()) return err.At(n, field, "expected a number");
  try {
    return n.as<double>();
  } catch (const YAML::Exception&) {
    return err.At(n, field, "expected a number, got '" + n.Scalar() + "'");
  }
}

absl::Status CheckKeys(const YAML::Node& map, const std::string& where,
                       const std::set<std::string>& allowed, const Errors& err) {
  if (!map.IsMap()) return err.At(map, where, "expected a mapping");
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    if (!allowed.count(key)) {
      return err.At(kv.first, where + "." + key,
                    "unknown field (allowed: " + absl::StrJoin(allowed, ", ") + ")");
    }
  }
  return absl::OkStatus();
}

// One RAG rule. `inherited` is set for a rag_from entry: its direction may
// be left out, meaning the preceding rule's, and it also has `from`.
absl::StatusOr<v1::Target> ParseRag(const YAML::Node& n, const std::string& where,
                                    const Errors& err,
                                    std::optional<v1::Direction> inherited = std::nullopt) {
  v1::Target t;
  if (!n.IsDefined()) {
    t.set_direction(v1::DIRECTION_CONTEXT);
    return t;
  }
  std::set<std::string> allowed = {"direction", "target", "band", "amber_margin"};
  if (inherited) allowed.insert("from");
  if (auto s = CheckKeys(n, where, allowed, err); !s.ok()) return s;
  if (inherited && !n["direction"]) {
    t.set_direction(*inherited);
  } else {
    auto dir = ScalarText(n["direction"], where + ".direction", err);
    if (!dir.ok()) return dir.status();
    static const std::map<std::string, v1::Direction> kDirs = {
        {"context", v1::DIRECTION_CONTEXT},
        {"higher_is_better", v1::DIRECTION_HIGHER_IS_BETTER},
        {"lower_is_better", v1::DIRECTION_LOWER_IS_BETTER},
        {"band", v1::DIRECTION_BAND}};
    auto it = kDirs.find(*dir);
    if (it == kDirs.end()) {
      return err.At(n["direction"], where + ".direction",
                    "must be context, higher_is_better, lower_is_better or band");
    }
    t.set_direction(it->second);
  }
  if (n["amber_margin"]) {
    auto m = Number(n["amber_margin"], where + ".amber_margin", err);
    if (!m.ok()) return m.status();
    if (*m < 0) return err.At(n["amber_margin"], where + ".amber_margin", "must be >= 0");
    t.set_amber_margin(*m);
  }
  if (t.direction() == v1::DIRECTION_BAND) {
    const YAML::Node b = n["band"];
    if (!b.IsSequence() || b.size() != 2) {
      return err.At(b.IsDefined() ? b : n, where + ".band", "a band needs [low, high]");
    }
    auto lo = Number(b[0], where + ".band", err);
    auto hi = Number(b[1], where + ".band", err);
    if (!lo.ok()) return lo.status();
    if (!hi.ok()) return hi.status();
    if (*lo > *hi) return err.At(b, where + ".band", "low is above high");
    t.set_band_low(*lo);
    t.set_band_high(*hi);
    t.set_has_target(true);
  } else if (n["band"]) {
    return err.At(n["band"], where + ".band", "only direction: band takes a band");
  }
  if (n["target"]) {
    if (t.direction() == v1::DIRECTION_BAND || t.direction() == v1::DIRECTION_CONTEXT) {
      return err.At(n["target"], where + ".target", "a band or context measure has no target");
    }
    auto v = Number(n["target"], where + ".target", err);
    if (!v.ok()) return v.status();
    t.set_target(*v);
    t.set_has_target(true);
  }
  return t;
}

// `rag` (the rule from the beginning) and optional `rag_from`: a list of
// rules, each in force from its `from` date until the next one's. Dates must
// be strictly ascending, so there is exactly one rule on every day.
absl::StatusOr<std::vector<RagRule>> ParseRagRules(const YAML::Node& indicator,
                                                   const std::string& where, const Errors& err) {
  auto base = ParseRag(indicator["rag"], where + ".rag", err);
  if (!base.ok()) return base.status();
  std::vector<RagRule> rules = {{kFromTheBeginning, *base}};
  const YAML::Node schedule = indicator["rag_from"];
  if (!schedule.IsDefined()) return rules;
  if (!schedule.IsSequence() || schedule.size() == 0) {
    return err.At(schedule, where + ".rag_from",
                  "a list of rules, each {from: YYYY-MM-DD, ...the fields of rag}");
  }
  for (size_t i = 0; i < schedule.size(); ++i) {
    const YAML::Node entry = schedule[i];
    const std::string at = absl::StrCat(where, ".rag_from[", i, "]");
    if (!entry.IsMap()) return err.At(entry, at, "expected a mapping");
    if (!entry["from"]) return err.At(entry, at + ".from", "missing: the rule's first day");
    auto text = ScalarText(entry["from"], at + ".from", err);
    if (!text.ok()) return text.status();
    const std::optional<Day> from = ParseIsoDate(*text);
    if (!from) {
      return err.At(entry["from"], at + ".from",
                    "expected a date YYYY-MM-DD (1900-2199), got '" + *text + "'");
    }
    if (*from == rules.back().from) {
      return err.At(entry["from"], at + ".from", "duplicate date " + *text);
    }
    if (*from < rules.back().from) {
      return err.At(entry["from"], at + ".from",
                    "dates must be ascending: " + *text + " is before " +
                        rules.back().target.effective_from());
    }
    auto rule = ParseRag(entry, at, err, rules.back().target.direction());
    if (!rule.ok()) return rule.status();
    rule->set_effective_from(*text);
    rules.back().target.set_effective_until(*text);
    rules.push_back({*from, *rule});
  }
  return rules;
}

// `comparator: {measure: M}`: M must be a measure the reference extract
// provides, so a typo fails at startup rather than showing no comparator.
absl::StatusOr<std::string> ParseComparator(const YAML::Node& n, const std::string& where,
                                            const Errors& err) {
  if (auto s = CheckKeys(n, where, {"measure"}, err); !s.ok()) return s;
  auto measure = ScalarText(n["measure"], where + ".measure", err);
  if (!measure.ok()) return measure.status();
  const auto& known = KnownComparatorMeasures();
  if (std::find(known.begin(), known.end(), *measure) == known.end()) {
    return err.At(n["measure"], where + ".measure",
                  "unknown comparator measure '" + *measure +
                      "' (known: " + absl::StrJoin(known, ", ") + ")");
  }
  return *measure;
}

}  // namespace

v1::MeasureKind ToProtoKind(IndicatorKind k) {
  switch (k) {
    case IndicatorKind::kFlow:
      return v1::MEASURE_KIND_FLOW;
    case IndicatorKind::kSnapshot:
      return v1::MEASURE_KIND_SNAPSHOT;
    case IndicatorKind::kRatio:
      return v1::MEASURE_KIND_RATIO;
    case IndicatorKind::kExternal:
      return v1::MEASURE_KIND_EXTERNAL;
    case IndicatorKind::kBreakdown:
      return v1::MEASURE_KIND_BREAKDOWN;
  }
  return v1::MEASURE_KIND_UNSPECIFIED;
}

uint64_t Catalogue::KindBit(v1::CaseEvent::PayloadCase kind) {
  const int bit = static_cast<int>(kind) - v1::CaseEvent::kContact;
  return (bit < 0 || bit >= 64) ? 0 : (uint64_t{1} << bit);
}

absl::StatusOr<std::shared_ptr<const Catalogue>> Catalogue::LoadFile(
    const std::string& path, const MeasureRegistry& registry) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(path + ": cannot open catalogue file");
  std::stringstream ss;
  ss << in.rdbuf();
  return Parse(ss.str(), path, registry);
}

absl::StatusOr<std::shared_ptr<const Catalogue>> Catalogue::Parse(const std::string& text,
                                                                  const std::string& source_name,
                                                                  const MeasureRegistry& registry) {
  const Errors err(source_name);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(source_name, ":", e.mark.line + 1, ": (syntax): ", e.msg));
  }
  if (auto s = CheckKeys(root, "(top level)",
                         {"catalogue", "sections", "indicators", "data_quality"}, err);
      !s.ok()) {
    return s;
  }
  std::shared_ptr<Catalogue> cat(new Catalogue());

  const YAML::Node meta = root["catalogue"];
  if (auto s = CheckKeys(meta, "catalogue", {"name", "version"}, err); !s.ok()) return s;
  auto name = ScalarText(meta["name"], "catalogue.name", err);
  auto version = ScalarText(meta["version"], "catalogue.version", err);
  if (!name.ok()) return name.status();
  if (!version.ok()) return version.status();
  char hash[17];
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  snprintf(hash, sizeof(hash), "%016llx", static_cast<unsigned long long>(h));
  cat->version_ = absl::StrCat(*name, "@", *version, "+", std::string(hash, 8));

  std::map<std::string, std::string> section_names;
  const YAML::Node sections = root["sections"];
  if (!sections.IsSequence() || sections.size() == 0) {
    return err.At(sections.IsDefined() ? sections : root, "sections", "a list of sections");
  }
  for (size_t i = 0; i < sections.size(); ++i) {
    const std::string where = absl::StrCat("sections[", i, "]");
    if (auto s = CheckKeys(sections[i], where, {"id", "name"}, err); !s.ok()) return s;
    auto id = ScalarText(sections[i]["id"], where + ".id", err);
    auto nm = ScalarText(sections[i]["name"], where + ".name", err);
    if (!id.ok()) return id.status();
    if (!nm.ok()) return nm.status();
    if (!section_names.emplace(*id, *nm).second) {
      return err.At(sections[i]["id"], where + ".id", "duplicate section '" + *id + "'");
    }
    cat->sections_.push_back({*id, *nm});
  }

  std::map<std::string, int> series_by_key;
  // Interns the series of `spec` with `params` (errors point at `at`).
  auto intern_series = [&](const MeasureSpec* spec,
                           const std::map<std::string, std::string>& params, const YAML::Node& at,
                           const std::string& where) -> absl::StatusOr<int> {
    auto parsed = registry.ParseParams(*spec, params);
    if (!parsed.ok()) return err.At(at, where + ".params", std::string(parsed.status().message()));
    std::vector<std::string> parts;
    for (const auto& [k, v] : parsed->raw) parts.push_back(k + "=" + v);
    const std::string key = absl::StrCat(spec->name, "(", absl::StrJoin(parts, ","), ")");
    auto [it, inserted] = series_by_key.emplace(key, static_cast<int>(cat->series_.size()));
    if (inserted) {
      SeriesDef def;
      def.index = static_cast<uint32_t>(cat->series_.size());
      def.key = key;
      def.measure = spec;
      def.params = *parsed;
      def.kind = spec->kind;
      def.inputs = spec->inputs(*parsed);
      uint64_t mask = 0;
      for (auto k : def.inputs) mask |= KindBit(k);
      cat->series_kind_masks_.push_back(mask);
      cat->series_.push_back(std::move(def));
    }
    return it->second;
  };
  auto add_series = [&](const YAML::Node& n, const std::string& where) -> absl::StatusOr<int> {
    if (auto s = CheckKeys(n, where, {"measure", "params"}, err); !s.ok()) return s;
    auto m = ScalarText(n["measure"], where + ".measure", err);
    if (!m.ok()) return m.status();
    const MeasureSpec* spec = registry.Find(*m);
    if (spec == nullptr) {
      return err.At(
          n["measure"], where + ".measure",
          "unknown measure '" + *m + "' (known: " + absl::StrJoin(registry.Names(), ", ") + ")");
    }
    std::map<std::string, std::string> params;
    const YAML::Node p = n["params"];
    if (p.IsDefined()) {
      if (!p.IsMap()) return err.At(p, where + ".params", "expected a mapping");
      for (const auto& kv : p) {
        const std::string key = kv.first.Scalar();
        if (kv.second.IsSequence()) {
          std::vector<std::string> items;
          for (const auto& item : kv.second) items.push_back(item.Scalar());
          params[key] = absl::StrJoin(items, ",");
        } else if (kv.second.IsScalar()) {
          params[key] = kv.second.Scalar();
        } else {
          return err.At(kv.second, where + ".params." + key, "expected a value or a list");
        }
      }
    }
    return intern_series(spec, params, p.IsDefined() ? p : n, where);
  };

  const YAML::Node inds = root["indicators"];
  if (!inds.IsSequence() || inds.size() == 0) {
    return err.At(inds.IsDefined() ? inds : root, "indicators", "a list of indicators");
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < inds.size(); ++i) {
    const YAML::Node n = inds[i];
    std::string where = absl::StrCat("indicators[", i, "]");
    if (auto s = CheckKeys(n, where,
                           {"id", "name", "section", "definition", "unit", "kind", "value",
                            "numerator", "denominator", "rate_per_10k", "rag", "rag_from",
                            "comparator", "source", "categories"},
                           err);
        !s.ok()) {
      return s;
    }
    IndicatorDef ind;
    auto id = ScalarText(n["id"], where + ".id", err);
    if (!id.ok()) return id.status();
    ind.id = *id;
    where = absl::StrCat("indicators[", i, "] (", ind.id, ")");
    if (!ids.insert(ind.id).second) return err.At(n["id"], where + ".id", "duplicate id");
    auto nm = ScalarText(n["name"], where + ".name", err);
    if (!nm.ok()) return nm.status();
    ind.name = *nm;
    auto sec = ScalarText(n["section"], where + ".section", err);
    if (!sec.ok()) return sec.status();
    auto sit = section_names.find(*sec);
    if (sit == section_names.end()) {
      return err.At(n["section"], where + ".section", "no section with id '" + *sec + "'");
    }
    ind.section = sit->second;
    if (n["definition"]) {
      auto d = ScalarText(n["definition"], where + ".definition", err);
      if (!d.ok()) return d.status();
      ind.definition = *d;
    }
    auto kind = ScalarText(n["kind"], where + ".kind", err);
    if (!kind.ok()) return kind.status();
    if (*kind == "ratio") {
      ind.kind = IndicatorKind::kRatio;
      if (n["value"]) return err.At(n["value"], where + ".value", "a ratio has no value series");
      auto num = add_series(n["numerator"], where + ".numerator");
      if (!num.ok()) return num.status();
      auto den = add_series(n["denominator"], where + ".denominator");
      if (!den.ok()) return den.status();
      if (cat->series_[*num].kind != cat->series_[*den].kind) {
        return err.At(n["denominator"], where + ".denominator",
                      "numerator and denominator must both be flows or both snapshots");
      }
      ind.numerator = *num;
      ind.denominator = *den;
      ind.unit = "percent";
    } else if (*kind == "flow" || *kind == "snapshot") {
      ind.kind = *kind == "flow" ? IndicatorKind::kFlow : IndicatorKind::kSnapshot;
      if (n["numerator"] || n["denominator"]) {
        return err.At(n, where, "only a ratio has numerator and denominator");
      }
      auto v = add_series(n["value"], where + ".value");
      if (!v.ok()) return v.status();
      const SeriesKind want =
          ind.kind == IndicatorKind::kFlow ? SeriesKind::kFlow : SeriesKind::kSnapshot;
      if (cat->series_[*v].kind != want) {
        return err.At(n["value"], where + ".value.measure",
                      "measure '" + cat->series_[*v].measure->name + "' is not a " + *kind);
      }
      ind.value_series = *v;
      ind.unit = "count";
    } else if (*kind == "external") {
      // The series are implied by the id: ExternalValue events carry the
      // catalogue id as indicator_id (external_measures.h).
      ind.kind = IndicatorKind::kExternal;
      if (n["value"] || n["numerator"] || n["denominator"]) {
        return err.At(n, where, "an external indicator takes no value, numerator or denominator");
      }
      const MeasureSpec* spec = registry.Find(kExternalMeasure);
      if (spec == nullptr) {
        return err.At(n["kind"], where + ".kind", "external values are not registered");
      }
      std::vector<int> parts;
      for (const char* part : kExternalParts) {
        auto s = intern_series(spec, {{"indicator", ind.id}, {"part", part}}, n["id"], where);
        if (!s.ok()) return s.status();
        parts.push_back(*s);
      }
      ind.value_series = parts[0];
      ind.numerator = parts[1];
      ind.denominator = parts[2];
      ind.period_start_series = parts[3];
      ind.period_end_series = parts[4];
      ind.unit = "count";
      ind.parameters[std::string(kExternalMeasure) + ".indicator"] = ind.id;
    } else if (*kind == "breakdown") {
      // The total is `value`; each category is a series of the same kind
      // (flow or snapshot), shown with its count and share of the total.
      ind.kind = IndicatorKind::kBreakdown;
      if (n["numerator"] || n["denominator"]) {
        return err.At(n, where, "only a ratio has numerator and denominator");
      }
      auto v = add_series(n["value"], where + ".value");
      if (!v.ok()) return v.status();
      ind.value_series = *v;
      ind.unit = "count";
      const YAML::Node cats = n["categories"];
      if (!cats.IsSequence() || cats.size() == 0) {
        // An empty `categories:` is a null node marked after the key: name
        // the indicator's line instead.
        return err.At(cats.IsDefined() && !cats.IsNull() ? cats : n, where + ".categories",
                      "a breakdown needs a list of categories, each {id, name, value}");
      }
      std::set<std::string> category_ids;
      for (size_t c = 0; c < cats.size(); ++c) {
        std::string at = absl::StrCat(where, ".categories[", c, "]");
        if (auto s = CheckKeys(cats[c], at, {"id", "name", "value"}, err); !s.ok()) return s;
        for (const char* required : {"id", "name", "value"}) {
          if (!cats[c][required]) return err.At(cats[c], at + "." + required, "missing");
        }
        BreakdownCategoryDef category;
        auto cid = ScalarText(cats[c]["id"], at + ".id", err);
        if (!cid.ok()) return cid.status();
        category.id = *cid;
        at = absl::StrCat(at, " (", category.id, ")");
        if (!category_ids.insert(category.id).second) {
          return err.At(cats[c]["id"], at + ".id", "duplicate category id");
        }
        auto cname = ScalarText(cats[c]["name"], at + ".name", err);
        if (!cname.ok()) return cname.status();
        category.name = *cname;
        auto cs = add_series(cats[c]["value"], at + ".value");
        if (!cs.ok()) return cs.status();
        if (cat->series_[*cs].kind != cat->series_[*v].kind) {
          return err.At(cats[c]["value"], at + ".value.measure",
                        "a category must be the same kind (flow or snapshot) as the total");
        }
        category.series = *cs;
        ind.categories.push_back(std::move(category));
      }
    } else {
      return err.At(n["kind"], where + ".kind",
                    "must be flow, snapshot, ratio, external or breakdown");
    }
    if (n["categories"] && ind.kind != IndicatorKind::kBreakdown) {
      return err.At(n["categories"], where + ".categories", "only a breakdown has categories");
    }
    if (n["source"]) {
      if (ind.kind != IndicatorKind::kExternal) {
        return err.At(n["source"], where + ".source", "only an external indicator has a source");
      }
      auto src = ScalarText(n["source"], where + ".source", err);
      if (!src.ok()) return src.status();
      ind.source = *src;
    }
    if (n["unit"]) {
      auto u = ScalarText(n["unit"], where + ".unit", err);
      if (!u.ok()) return u.status();
      if (*u != "count" && *u != "percent") {
        return err.At(n["unit"], where + ".unit", "must be count or percent");
      }
      ind.unit = *u;
    }
    if (n["rate_per_10k"]) {
      auto r = ScalarText(n["rate_per_10k"], where + ".rate_per_10k", err);
      if (!r.ok()) return r.status();
      if (*r != "true" && *r != "false") {
        return err.At(n["rate_per_10k"], where + ".rate_per_10k", "must be true or false");
      }
      ind.rate_per_10k = *r == "true";
    }
    if (n["comparator"]) {
      auto measure = ParseComparator(n["comparator"], where + ".comparator", err);
      if (!measure.ok()) return measure.status();
      ind.comparator_measure = *measure;
    }
    auto rules = ParseRagRules(n, where, err);
    if (!rules.ok()) return rules.status();
    ind.rag_rules = std::move(*rules);
    ind.target = ind.rag_rules.front().target;
    for (int s : {ind.value_series, ind.numerator, ind.denominator}) {
      if (s < 0 || ind.kind == IndicatorKind::kExternal) continue;
      for (const auto& [k, v] : cat->series_[s].params.raw) {
        ind.parameters[cat->series_[s].measure->name + "." + k] = v;
      }
    }
    cat->indicators_.push_back(std::move(ind));
  }

  // Optional: consistency rules, each a snapshot measure counting the
  // records that break it (data_quality_measures.cc).
  const YAML::Node rules = root["data_quality"];
  if (rules.IsDefined() && !rules.IsSequence()) {
    return err.At(rules, "data_quality", "a list of rules");
  }
  std::set<std::string> rule_ids;
  for (size_t i = 0; rules.IsDefined() && i < rules.size(); ++i) {
    std::string where = absl::StrCat("data_quality[", i, "]");
    if (auto s = CheckKeys(rules[i], where, {"id", "description", "measure"}, err); !s.ok()) {
      return s;
    }
    DataQualityDef rule;
    auto id = ScalarText(rules[i]["id"], where + ".id", err);
    if (!id.ok()) return id.status();
    rule.id = *id;
    where = absl::StrCat(where, " (", rule.id, ")");
    if (!rule_ids.insert(rule.id).second) {
      return err.At(rules[i]["id"], where + ".id", "duplicate rule id");
    }
    auto desc = ScalarText(rules[i]["description"], where + ".description", err);
    if (!desc.ok()) return desc.status();
    rule.description = *desc;
    auto series = add_series(rules[i]["measure"], where + ".measure");
    if (!series.ok()) return series.status();
    if (cat->series_[*series].kind != SeriesKind::kSnapshot) {
      return err.At(rules[i]["measure"], where + ".measure",
                    "a data-quality rule needs a snapshot measure (a current count)");
    }
    rule.series = *series;
    cat->data_quality_.push_back(std::move(rule));
  }
  return std::shared_ptr<const Catalogue>(std::move(cat));
}

const IndicatorDef* Catalogue::FindIndicator(const std::string& id) const {
  for (const auto& i : indicators_) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

std::vector<v1::CaseEvent::PayloadCase> Catalogue::InputsOf(const IndicatorDef& ind) const {
  std::set<v1::CaseEvent::PayloadCase> kinds;
  for (int s : ind.SeriesRead()) kinds.insert(series_[s].inputs.begin(), series_[s].inputs.end());
  return {kinds.begin(), kinds.end()};
}

const v1::Target& IndicatorDef::TargetOn(Day day) const {
  if (rag_rules.empty()) return target;
  auto it = std::upper_bound(rag_rules.begin(), rag_rules.end(), day,
                             [](Day d, const RagRule& r) { return d < r.from; });
  // rag_rules.front().from is kFromTheBeginning, so `it` is past it.
  return std::prev(it)->target;
}

std::vector<int> IndicatorDef::SeriesRead() const {
  std::vector<int> out;
  for (int s : {value_series, numerator, denominator, period_start_series, period_end_series}) {
    if (s >= 0) out.push_back(s);
  }
  for (const BreakdownCategoryDef& c : categories) out.push_back(c.series);
  return out;
}

Contribution Catalogue::ContributionOf(const std::vector<const v1::CaseEvent*>& records,
                                       const MeasureContext& ctx) const {
  return ContributionOf(records, ctx, ~uint64_t{0});
}

Contribution Catalogue::ContributionOf(const std::vector<const v1::CaseEvent*>& records,
                                       const MeasureContext& ctx, uint64_t kind_mask) const {
  Contribution out;
  if (records.empty()) return out;
  const SubjectView view(records);
  for (const SeriesDef& s : series_) {
    if ((series_kind_masks_[s.index] & kind_mask) == 0) continue;
    Emitter emitter(s.index, out);
    s.measure->fn(view, s.params, ctx, emitter);
  }
  Normalize(out);
  return out;
}

}  // namespace scorecard
