#ifndef SCORECARD_EVENTS_CATALOGUE_STAMP_H_
#define SCORECARD_EVENTS_CATALOGUE_STAMP_H_

// What a state namespace records about the catalogue it was built with:
// "<fingerprint> <catalogue version>". The fingerprint covers exactly what
// decides the stored state, the set of series (each measure with its
// canonical parameters); targets, bands, names and texts are applied when
// scorecards are read and are not in it. Ingest, query and the rebuild
// compare fingerprints: state built with other series definitions is never
// written or read, while a target-only change needs no rebuild.

#include <string>
#include <string_view>

#include "engine/catalogue.h"

namespace scorecard {

// "s" + 16 hex digits of a stable hash of the sorted series keys.
std::string SeriesFingerprint(const Catalogue& catalogue);

// SeriesFingerprint + " " + version.
std::string CatalogueStamp(const Catalogue& catalogue);

// The parts of a stamp (a stamp without a space is all fingerprint).
std::string_view StampFingerprint(std::string_view stamp);
std::string_view StampVersion(std::string_view stamp);

}  // namespace scorecard

#endif  // SCORECARD_EVENTS_CATALOGUE_STAMP_H_
