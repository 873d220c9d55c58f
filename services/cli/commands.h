#ifndef SCORECARD_CLI_COMMANDS_H_
#define SCORECARD_CLI_COMMANDS_H_

// Sub-commands of the `scorecardctl` command-line tool. Each takes the
// arguments after its name and returns the process exit code: 0 success,
// 1 the work ran but found problems (e.g. rejected rows), 2 usage error.
// Messages go to stderr, results to stdout.

#include <string>
#include <vector>

namespace scorecard::cli {

using Args = std::vector<std::string>;

int RunPublish(const Args& args);        // publish an NDJSON event file to the queue
int RunScorecard(const Args& args);      // print a scorecard (table, or --json)
int RunBatch(const Args& args);          // events file -> scorecard in memory (no Redis)
int RunImport903(const Args& args);      // SSDA903 CSV return -> events
int RunImportCin(const Args& args);      // CIN census XML return -> events
int RunGenerate(const Args& args);       // synthetic council -> events
int RunCatalogueDoc(const Args& args);   // catalogue -> markdown (docs/indicators.md)
int RunRebuild(const Args& args);        // event streams -> fresh namespace, then switch
int RunDropNamespace(const Args& args);  // delete a namespace that is not current

}  // namespace scorecard::cli

#endif  // SCORECARD_CLI_COMMANDS_H_
