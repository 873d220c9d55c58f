// `scorecardctl scorecard` (over gRPC) and `scorecardctl batch` (in memory).

#include <chrono>
#include <iostream>
#include <vector>

#include "absl/status/status.h"
#include "cli/command_support.h"
#include "cli/commands.h"
#include "cli/scorecard_table.h"
#include "engine/calendar.h"
#include "engine/catalogue.h"
#include "engine/measure.h"
#include "engine/recompute.h"
#include "engine/reference_data.h"
#include "engine/scorecard.h"
#include "events/ndjson.h"
#include "events/validate.h"
#include "grpcpp/grpcpp.h"
#include "query/scorecard_queries.h"
#include "runtime/flags.h"
#include "scorecard/v1/scorecard_service.grpc.pb.h"

namespace scorecard::cli {
namespace {

void DefinePeriodFlags(Flags& flags) {
  flags.Define("la", "", "council code (required)");
  flags.Define("team", "", "team id (default: the whole council)");
  flags.Define("month", "", "YYYY-MM");
  flags.Define("period", "", "month, ytd or rolling12 (with --month)");
  flags.Define("as-of", "", "YYYY-MM-DD (default: today)");
  flags.DefineSwitch("json", "print the proto3 JSON instead of a table");
}

// Parses flags; on a usage error prints it and returns nullopt-like status.
absl::Status ParseCommon(Flags& flags, const Args& args, const std::string& usage) {
  absl::Status s = flags.Parse(args);
  if (s.ok() && flags.Get("la").empty()) s = absl::InvalidArgumentError("--la is required");
  if (s.ok()) s = ValidateLaCode(flags.Get("la"));
  if (!s.ok()) std::cerr << s.message() << "\n" << usage << flags.Usage();
  return s;
}

void Print(const v1::Scorecard& card, bool json) {
  if (json) {
    PrintScorecardJson(card, std::cout);
  } else {
    PrintScorecardTable(card, std::cout);
  }
}

}  // namespace

int RunScorecard(const Args& args) {
  Flags flags;
  DefinePeriodFlags(flags);
  flags.Define("server", "127.0.0.1:50051", "query service gRPC address");
  flags.Define("timeout-seconds", "30", "RPC deadline");
  if (!ParseCommon(flags, args, "usage: scorecardctl scorecard --la CODE [flags]\n").ok()) {
    return 2;
  }
  auto period = PeriodFromFlags(flags.Get("month"), flags.Get("period"), flags.Get("as-of"));
  auto timeout = flags.GetInt("timeout-seconds");
  if (!period.ok() || !timeout.ok() || *timeout < 1) {
    std::cerr << (period.ok() ? "--timeout-seconds: a positive integer"
                              : std::string(period.status().message()))
              << "\n";
    return 2;
  }
  v1::GetScorecardRequest request;
  request.set_la_code(flags.Get("la"));
  request.set_team_id(flags.Get("team"));
  *request.mutable_period() = *period;

  auto channel = grpc::CreateChannel(flags.Get("server"), grpc::InsecureChannelCredentials());
  auto stub = v1::ScorecardService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(*timeout));
  v1::Scorecard card;
  grpc::Status status = stub->GetScorecard(&context, request, &card);
  if (!status.ok()) {
    std::cerr << "GetScorecard failed: "
              << absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()))
              << ": " << status.error_message() << "\n";
    return 1;
  }
  Print(card, flags.GetBool("json"));
  return 0;
}

int RunBatch(const Args& args) {
  Flags flags;
  DefinePeriodFlags(flags);
  flags.Define("events", "", "NDJSON event file, - for stdin (required)");
  flags.Define("catalogue", "data/catalogue.yaml", "indicator catalogue (YAML)");
  flags.Define("population", "data/reference/population.csv",
               "ONS child population extract (rates per 10,000)");
  flags.Define("comparators", "data/reference/comparators.csv",
               "DfE published values extract (England and neighbour comparators)");
  flags.Define("neighbours", "data/reference/statistical_neighbours.csv",
               "DfE statistical neighbour groupings extract");
  flags.Define("calendar", "data/calendar/england-and-wales-bank-holidays.csv",
               "bank holidays CSV");
  const std::string usage = "usage: scorecardctl batch --events FILE --la CODE [flags]\n";
  if (!ParseCommon(flags, args, usage).ok()) return 2;
  if (flags.Get("events").empty()) {
    std::cerr << "--events is required\n" << usage;
    return 2;
  }
  auto period = PeriodFromFlags(flags.Get("month"), flags.Get("period"), flags.Get("as-of"));
  if (!period.ok()) {
    std::cerr << period.status().message() << "\n";
    return 2;
  }

  MeasureRegistry registry;
  RegisterBuiltinMeasures(registry);
  auto catalogue = Catalogue::LoadFile(flags.Get("catalogue"), registry);
  if (!catalogue.ok()) {
    std::cerr << catalogue.status().message() << "\n";
    return 1;
  }
  auto calendar = WorkingDayCalendar::LoadFile(flags.Get("calendar"));
  if (!calendar.ok()) {
    std::cerr << calendar.status().message() << "\n";
    return 1;
  }
  auto reference = ReferenceData::LoadFiles(flags.Get("population"), flags.Get("comparators"),
                                            flags.Get("neighbours"));
  if (!reference.ok()) {
    std::cerr << reference.status().message() << "\n";
    return 1;
  }
  const std::string& path = flags.Get("events");
  auto in = OpenInput(path);
  if (!in.ok()) {
    std::cerr << in.status().message() << "\n";
    return 1;
  }
  const std::string name = path == "-" ? "<stdin>" : path;
  std::vector<v1::CaseEvent> events;
  int64_t rejected = 0;
  ReadNdjson(
      **in,
      [&](int64_t line, v1::CaseEvent&& event) {
        if (auto rej = CheckEvent(event)) {
          ++rejected;
          ReportLine(std::cerr, name, line, rej->code, rej->field + ": " + rej->message);
          return;
        }
        events.push_back(std::move(event));
      },
      [&](int64_t line, const absl::Status& status) {
        ++rejected;
        ReportLine(std::cerr, name, line, "invalid_json",
                   "event: " + std::string(status.message()));
      });

  MeasureContext ctx;
  ctx.calendar = &*calendar;
  Recomputed state = Recompute(**catalogue, ctx, events);
  MemoryAggregateReader reader(state.aggregates, state.seen_kinds);
  auto card = BuildScorecard(**catalogue, reader, flags.Get("la"), flags.Get("team"), *period,
                             LocalToday(), reference->get());
  if (!card.ok()) {
    std::cerr << card.status() << "\n";
    return 1;
  }
  Print(*card, flags.GetBool("json"));
  if (rejected > 0) std::cerr << rejected << " line(s) rejected\n";
  return rejected > 0 ? 1 : 0;
}

}  // namespace scorecard::cli
