// scorecardctl: dispatches to the sub-commands in commands.h.

#include <iostream>
#include <string>

#include "cli/commands.h"
#include "runtime/flags.h"

namespace {

constexpr char kUsage[] =
    "usage: scorecardctl COMMAND [args]\n"
    "\n"
    "commands:\n"
    "  publish FILE.ndjson   publish NDJSON events to the Redis Streams queue\n"
    "  scorecard --la CODE   print a scorecard from the query service (gRPC)\n"
    "  batch --events FILE --la CODE\n"
    "                        compute a scorecard in memory from an event file\n"
    "  import-903            SSDA903 CSV return -> events\n"
    "  import-cin            CIN census XML return -> events\n"
    "  generate              synthetic council -> events\n"
    "  catalogue-doc         the catalogue as markdown (docs/indicators.md)\n"
    "  rebuild               recompute all state from the event streams into a fresh\n"
    "                        namespace, then switch to it\n"
    "  drop-namespace --namespace NAME\n"
    "                        delete a state namespace that is no longer current\n"
    "\n"
    "Run 'scorecardctl COMMAND --help' for a command's flags.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace scorecard::cli;
  const std::string command = argc > 1 ? argv[1] : "";
  const Args args = scorecard::ArgsOf(argc, argv, 2);
  if (command == "publish") return RunPublish(args);
  if (command == "scorecard") return RunScorecard(args);
  if (command == "batch") return RunBatch(args);
  if (command == "import-903") return RunImport903(args);
  if (command == "import-cin") return RunImportCin(args);
  if (command == "generate") return RunGenerate(args);
  if (command == "catalogue-doc") return RunCatalogueDoc(args);
  if (command == "rebuild") return RunRebuild(args);
  if (command == "drop-namespace") return RunDropNamespace(args);
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (!command.empty()) std::cerr << "scorecardctl: unknown command '" << command << "'\n";
  std::cerr << kUsage;
  return 2;
}
