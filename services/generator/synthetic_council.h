#ifndef SCORECARD_GENERATOR_SYNTHETIC_COUNCIL_H_
#define SCORECARD_GENERATOR_SYNTHETIC_COUNCIL_H_

// A synthetic council's case-system event stream, for demos, load tests and
// end-to-end checks. A day-by-day simulation of children moving through the
// front door, assessment, child protection, children in need and care, with
// social workers in teams who hold, visit and supervise their cases. The
// default council resembles the mid-sized council of the 2022 committee report
// (docs/generator.md gives the model and the measured volumes).
//
// Deterministic: the same options give the same events in the same order
// (no clocks, no unordered iteration, a self-contained PRNG).

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "engine/date.h"
#include "importers/event_output.h"

namespace scorecard::generator {

struct SyntheticCouncilOptions {
  uint64_t seed = 1;
  int years = 1;                         // simulated years after `start`
  Day start = DayFromCivil(2021, 4, 1);  // first simulated day
  double scale = 1.0;                    // multiplies every volume
  std::string la_code = "999";           // not a real council
  std::string source_system = "synthetic";
  // Imperfections of real feeds, each a probability per event (0..1):
  double out_of_order_rate = 0.0;  // delivered 1-30 days late
  double duplicate_rate = 0.0;     // delivered twice
  double correction_rate = 0.0;    // first sent with wrong dates, then corrected
  double delete_rate = 0.0;        // a record created in error, later deleted
};

struct GenerationStats {
  int64_t events = 0;
  int64_t children = 0;
  int64_t workers = 0;
  std::map<std::string, int64_t> events_by_kind;
};

// Runs the simulation and writes the events to `sink` in delivery order.
// Open cases at the start are seeded (records dated before `start`, recorded
// on `start`) so snapshot measures are at steady state from the first day.
// INVALID_ARGUMENT for out-of-range options (scale in (0, 100], years in
// [1, 50], rates in [0, 1], a valid la_code).
absl::StatusOr<GenerationStats> GenerateSyntheticCouncil(const SyntheticCouncilOptions& options,
                                                         importers::EventSink& sink);

}  // namespace scorecard::generator

#endif  // SCORECARD_GENERATOR_SYNTHETIC_COUNCIL_H_
