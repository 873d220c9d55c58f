#include "cli/scorecard_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "google/protobuf/util/json_util.h"

namespace scorecard::cli {
namespace {

std::string Number(double v, bool percent) {
  char buf[64];
  if (percent) {
    std::snprintf(buf, sizeof buf, "%.1f%%", v);
  } else if (v == std::floor(v)) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  }
  return buf;
}

// Plain numbers for targets: "85", "12.5".
std::string Plain(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

std::string PeriodName(const v1::Period& p) {
  switch (p.kind()) {
    case v1::PERIOD_KIND_MONTH:
      return "month " + p.month();
    case v1::PERIOD_KIND_YTD:
      return "year to date " + p.month();
    case v1::PERIOD_KIND_ROLLING12:
      return "rolling 12 months to " + p.month();
    case v1::PERIOD_KIND_AS_OF:
      return "as of " + (p.date().empty() ? std::string("today") : p.date());
    default:
      return "unspecified";
  }
}

}  // namespace

std::string FormatIndicatorValue(const v1::IndicatorValue& v) {
  switch (v.status()) {
    case v1::VALUE_STATUS_OK:
      return Number(v.value(), v.unit() == "percent");
    case v1::VALUE_STATUS_NOT_AVAILABLE:
      return "n/a: " + v.reason();
    case v1::VALUE_STATUS_NO_DENOMINATOR:
      return "-";  // zero denominator: no value, no RAG
    default:
      return "?";
  }
}

std::string FormatRag(v1::Rag rag) {
  switch (rag) {
    case v1::RAG_GREEN:
      return "GREEN";
    case v1::RAG_AMBER:
      return "AMBER";
    case v1::RAG_RED:
      return "RED";
    default:
      return "-";
  }
}

std::string FormatTarget(const v1::Target& t, const std::string& unit) {
  const std::string pct = unit == "percent" ? "%" : "";
  const std::string margin =
      t.amber_margin() > 0 ? " (amber " + Plain(t.amber_margin()) + ")" : std::string();
  switch (t.direction()) {
    case v1::DIRECTION_HIGHER_IS_BETTER:
      return t.has_target() ? ">= " + Plain(t.target()) + pct + margin : "higher is better";
    case v1::DIRECTION_LOWER_IS_BETTER:
      return t.has_target() ? "<= " + Plain(t.target()) + pct + margin : "lower is better";
    case v1::DIRECTION_BAND:
      return "band " + Plain(t.band_low()) + "-" + Plain(t.band_high()) + pct + margin;
    default:
      return "-";
  }
}

std::string FormatRate(const v1::IndicatorValue& v) {
  if (!v.has_rate_per_10k()) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", v.rate_per_10k());
  return buf;
}

std::string FormatComparator(const v1::IndicatorValue& v) {
  const bool rate = v.has_rate_comparator() &&
                    (v.rate_comparator().has_england() || v.rate_comparator().has_neighbours());
  if (!rate && !v.has_comparator()) return "";
  const v1::Comparator& c = rate ? v.rate_comparator() : v.comparator();
  auto part = [&](bool has, double value) {
    if (!has) return std::string("-");
    if (rate) return Number(std::round(value * 10) / 10, false);
    return Number(value, v.unit() == "percent");
  };
  return "Eng " + part(c.has_england(), c.england()) + " / SN " +
         part(c.has_neighbours(), c.neighbours_average()) + (rate ? " per 10k" : "") + " (" +
         std::to_string(c.year()) + ")";
}

void PrintScorecardTable(const v1::Scorecard& card, std::ostream& out) {
  out << "Council " << card.la_code() << ", "
      << (card.team_id().empty() ? std::string("whole council") : "team " + card.team_id()) << "\n";
  out << "Period: " << PeriodName(card.period()) << " (" << card.period_start() << " to "
      << card.period_end() << ")\n";
  out << "Catalogue: " << card.catalogue_version() << "\n";

  // Sections in order of first appearance.
  std::vector<std::string> sections;
  for (const v1::IndicatorValue& v : card.indicators()) {
    bool known = false;
    for (const std::string& s : sections) known = known || s == v.section();
    if (!known) sections.push_back(v.section());
  }
  // The name column fits the longest name, so every row lines up.
  size_t name_width = 48;
  for (const v1::IndicatorValue& v : card.indicators()) {
    name_width = std::max(name_width, v.name().size() + 2);
    for (const v1::BreakdownCategory& c : v.breakdown()) {
      name_width = std::max(name_width, c.name().size() + 4);
    }
  }
  constexpr size_t kValue = 10, kRate = 9, kRatio = 14, kTarget = 24, kRag = 7;
  for (const std::string& section : sections) {
    out << "\n" << section << "\n";
    out << "  " << Pad("Indicator", name_width) << Pad("Value", kValue) << Pad("Per 10k", kRate)
        << Pad("Num/Den", kRatio) << Pad("Target", kTarget) << Pad("RAG", kRag)
        << "England / neighbours\n";
    for (const v1::IndicatorValue& v : card.indicators()) {
      if (v.section() != section) continue;
      out << "  " << Pad(v.name(), name_width);
      if (v.status() == v1::VALUE_STATUS_NOT_AVAILABLE) {
        out << FormatIndicatorValue(v) << "\n";
        continue;
      }
      std::string ratio;
      if (v.kind() == v1::MEASURE_KIND_RATIO) {
        ratio = Number(v.numerator(), false) + "/" + Number(v.denominator(), false);
      }
      out << Pad(FormatIndicatorValue(v), kValue) << Pad(FormatRate(v), kRate) << Pad(ratio, kRatio)
          << Pad(FormatTarget(v.target(), v.unit()), kTarget);
      const std::string comparator = FormatComparator(v);
      out << (comparator.empty() ? FormatRag(v.rag()) : Pad(FormatRag(v.rag()), kRag) + comparator);
      if (!v.source().empty()) out << "  (" << v.source() << ")";
      out << "\n";
      // Breakdowns: one indented row per category, its count in the value
      // column and its share of the total where the ratio would be.
      for (const v1::BreakdownCategory& c : v.breakdown()) {
        out << "  " << Pad("  " + c.name(), name_width) << Pad(Number(c.count(), false), kValue)
            << Pad("", kRate);
        if (c.has_share()) out << Number(c.share(), true) << " of total";
        out << "\n";
      }
    }
  }
  // Where the comparators come from, each release once.
  std::vector<std::string> releases;
  for (const v1::IndicatorValue& v : card.indicators()) {
    if (!v.has_comparator()) continue;
    if (std::find(releases.begin(), releases.end(), v.comparator().release()) == releases.end()) {
      releases.push_back(v.comparator().release());
    }
  }
  if (!releases.empty()) {
    out << "\nEngland / neighbours: published values (SN = mean of the council's statistical "
           "neighbours with a value; per 10k = published count over ONS mid-year population)\n";
    for (const std::string& r : releases) out << "  " << r << "\n";
  }
  // Consistency-rule breaches; nothing is printed while every count is 0.
  bool any = false;
  for (const v1::DataQualityCount& d : card.data_quality()) any = any || d.count() != 0;
  if (!any) return;
  out << "\nData quality (records breaking a consistency rule now)\n";
  for (const v1::DataQualityCount& d : card.data_quality()) {
    if (d.count() == 0) continue;
    out << "  " << Pad(d.description(), name_width) << d.count() << "\n";
  }
}

void PrintScorecardJson(const v1::Scorecard& card, std::ostream& out) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(card, &json, options);
  out << json;
  if (json.empty() || json.back() != '\n') out << "\n";
}

}  // namespace scorecard::cli
