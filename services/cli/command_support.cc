#include "cli/command_support.h"

#include <fstream>
#include <iostream>
#include <string_view>

#include "cli/publish_command.h"
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

int WithEventSink(const Flags& flags, const std::string& name,
                  const std::function<int(importers::EventSink&)>& produce) {
  if (flags.Get("publish").empty()) {
    auto out = OpenOutput(flags.Get("out"));
    if (!out.ok()) {
      std::cerr << out.status().message() << "\n";
      return 2;
    }
    importers::NdjsonWriter writer(**out);
    const int rc = produce(writer);
    (*out)->flush();
    if (!**out) {
      std::cerr << "error writing the events\n";
      return 1;
    }
    return rc;
  }
  auto queue = ConnectQueue(flags, "publish");
  if (!queue.ok()) {
    std::cerr << queue.status().message() << "\n";
    return absl::IsInvalidArgument(queue.status()) ? 2 : 1;
  }
  BatchPublisher sink(*queue->publisher, 5000, name, std::cerr);
  const int rc = produce(sink);
  auto summary = sink.Finish();
  if (!summary.ok()) {
    std::cerr << "publish stopped: " << summary.status() << "\n";
    return 1;
  }
  std::cerr << "published " << summary->published << ", rejected " << summary->rejected << "\n";
  if (rc != 0) return rc;
  return summary->rejected > 0 ? 1 : 0;
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
