#ifndef SCORECARD_CLI_CATALOGUE_DOC_H_
#define SCORECARD_CLI_CATALOGUE_DOC_H_

// docs/indicators.md is generated from the catalogue (`scorecardctl
// catalogue-doc`), and a test fails when the committed file differs, so the
// documentation cannot drift from what the services compute.

#include <ostream>

#include "engine/catalogue.h"

namespace scorecard::cli {

// Markdown: per section a table of id, name, definition, kind, measure and
// parameters (canonical series keys), target/band/margin, unit and rate
// flag; then the data-quality rules. Deterministic: the same catalogue text
// gives the same bytes.
void WriteCatalogueMarkdown(const Catalogue& catalogue, std::ostream& out);

}  // namespace scorecard::cli

#endif  // SCORECARD_CLI_CATALOGUE_DOC_H_
