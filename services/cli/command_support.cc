#include "cli/command_support.h"

#include <fstream>
#include <iostream>
#include <string_view>

#include "engine/date.h"

namespace scorecard::cli {

absl::StatusOr<std::shared_ptr<std::istream>> OpenInput(const std::string& path) {
  if (path == "-") return std::shared_ptr<std::istream>(&std::cin, [](std::istream*) {});
  auto file = std::make_shared<std::ifstream>(path);
  if (!*file) return absl::NotFoundError(path + ": cannot open");
  return std::shared_ptr<std::istream>(std::move(file));
}

absl::StatusOr<std::shared_ptr<std::ostream>> OpenOutput(const std::string& path) {
  if (path.empty() || path == "-") {
    return std::shared_ptr<std::ostream>(&std::cout, [](std::ostream*) {});
  }
  auto file = std::make_shared<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file) return absl::NotFoundError(path + ": cannot write");
  return std::shared_ptr<std::ostream>(std::move(file));
}

void ReportLine(std::ostream& err, const std::string& file, int64_t line, const std::string& code,
                const std::string& field_and_message) {
  // One report per line: parser messages may span lines; keep the first.
  const std::string_view text(field_and_message);
  err << file << ":" << line << ": " << code << ": " << text.substr(0, text.find('\n')) << "\n";
}

absl::StatusOr<v1::Period> PeriodFromFlags(const std::string& month, const std::string& period,
                                           const std::string& as_of) {
  v1::Period out;
  if (!as_of.empty()) {
    if (!month.empty()) return absl::InvalidArgumentError("--as-of: not with --month");
    if (!ParseIsoDate(as_of)) return absl::InvalidArgumentError("--as-of: expected YYYY-MM-DD");
    out.set_kind(v1::PERIOD_KIND_AS_OF);
    out.set_date(as_of);
    return out;
  }
  if (month.empty()) {
    if (!period.empty() && period != "month") {
      return absl::InvalidArgumentError("--period: needs --month");
    }
    out.set_kind(v1::PERIOD_KIND_AS_OF);
    return out;
  }
  if (month.size() != 7 || month[4] != '-' || !ParseIsoDate(month + "-01")) {
    return absl::InvalidArgumentError("--month: expected YYYY-MM");
  }
  out.set_month(month);
  if (period.empty() || period == "month") {
    out.set_kind(v1::PERIOD_KIND_MONTH);
  } else if (period == "ytd") {
    out.set_kind(v1::PERIOD_KIND_YTD);
  } else if (period == "rolling12") {
    out.set_kind(v1::PERIOD_KIND_ROLLING12);
  } else {
    return absl::InvalidArgumentError("--period: month, ytd or rolling12");
  }
  return out;
}

}  // namespace scorecard::cli
