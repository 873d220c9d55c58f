#ifndef SCORECARD_ENGINE_MEASURE_H_
#define SCORECARD_ENGINE_MEASURE_H_

// Measures: the few computation kinds that catalogue series are built from.
//
// A measure is a pure function from one subject's records to contribution
// items of one series. It is registered once, by name, with the parameters it
// accepts; the catalogue (a data file) composes indicators from measures and
// parameter values. Adding an indicator is a catalogue entry; only a new kind
// of computation needs a new measure.

#include <any>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/calendar.h"
#include "engine/contribution.h"
#include "scorecard/v1/event.pb.h"

namespace scorecard {

enum class SeriesKind { kFlow, kSnapshot };

// The records of one subject, indexed for the look-ups measures make.
// REQUIRES: the events outlive the view.
class SubjectView {
 public:
  explicit SubjectView(const std::vector<const v1::CaseEvent*>& records);

  const std::vector<const v1::CaseEvent*>& Of(v1::CaseEvent::PayloadCase kind) const;
  // The live record of `kind` with `record_id`, or nullptr.
  const v1::CaseEvent* Find(v1::CaseEvent::PayloadCase kind, std::string_view record_id) const;

 private:
  std::map<int, std::vector<const v1::CaseEvent*>> by_kind_;
};

// Typed parameter values of one series, checked against the measure's spec.
class MeasureParams {
 public:
  int64_t Int(const std::string& name) const;
  const std::string& Str(const std::string& name) const;
  bool Bool(const std::string& name) const;
  const std::vector<std::string>& List(const std::string& name) const;

  std::map<std::string, std::string> raw;  // canonical text form, for keys and docs
  std::map<std::string, int64_t> ints;
  std::map<std::string, std::string> strs;
  std::map<std::string, bool> bools;
  std::map<std::string, std::vector<std::string>> lists;
  // A measure's own pre-resolved form of these values (see MeasureSpec::prepare).
  std::any prepared;
};

enum class ParamType { kInt, kString, kBool, kList };

struct ParamSpec {
  std::string name;
  ParamType type;
  std::string default_value;         // canonical text
  std::vector<std::string> allowed;  // for kString/kList: allowed values (empty = any)
  int64_t min = 0, max = 0;          // for kInt
  std::string doc;
};

// Receives a measure's output for one series. Flows add +1 on a day; record
// intervals add +1/-1; child intervals are unioned per team first so that a
// child counts once however many of its records are open.
class Emitter {
 public:
  Emitter(uint32_t series, Contribution& out) : series_(series), out_(out) {}
  ~Emitter();
  Emitter(const Emitter&) = delete;
  Emitter& operator=(const Emitter&) = delete;

  void Flow(const std::string& team, Day day, int64_t weight = 1);
  // Open on D iff start <= D < end (no end: open for ever).
  void RecordInterval(const std::string& team, Day start, std::optional<Day> end);
  void ChildInterval(const std::string& team, Day start, std::optional<Day> end);

 private:
  void Add(const std::string& team, Day day, int64_t delta);
  void FlushChildIntervals();

  uint32_t series_;
  Contribution& out_;
  struct Span {
    std::string team;
    Day start;
    Day end;  // exclusive; kOpenEnd when open
  };
  std::vector<Span> child_spans_;
};

// A day beyond every real date: intervals open "for ever" close here, which
// no query reaches.
inline constexpr Day kOpenEnd = 2'000'000;

struct MeasureContext {
  const WorkingDayCalendar* calendar = nullptr;
};

using MeasureFn =
    std::function<void(const SubjectView&, const MeasureParams&, const MeasureContext&, Emitter&)>;

struct MeasureSpec {
  std::string name;
  SeriesKind kind;
  std::string doc;
  std::vector<ParamSpec> params;
  // Record kinds a series reads (for "not available" and for skipping
  // series an event cannot change).
  std::function<std::vector<v1::CaseEvent::PayloadCase>(const MeasureParams&)> inputs;
  // Checks parameter values beyond their types and may attach a
  // pre-resolved form in `prepared`, so evaluation does no look-ups by name
  // (may be empty). Runs once, when the catalogue is loaded.
  std::function<absl::Status(MeasureParams&)> prepare;
  MeasureFn fn;
};

class MeasureRegistry {
 public:
  void Register(MeasureSpec spec);
  const MeasureSpec* Find(std::string_view name) const;
  std::vector<std::string> Names() const;

  // Parses parameter text values against the measure's spec (missing ones take
  // defaults). INVALID_ARGUMENT names the parameter.
  absl::StatusOr<MeasureParams> ParseParams(const MeasureSpec& spec,
                                            const std::map<std::string, std::string>& text) const;

 private:
  std::map<std::string, MeasureSpec, std::less<>> specs_;
};

// Registers every built-in measure (the explicit registration list).
void RegisterBuiltinMeasures(MeasureRegistry& registry);
// The children-looked-after measures (cla_measures.cc); part of the built-ins.
void RegisterClaMeasures(MeasureRegistry& registry);
// External indicator values (external_measures.cc) and data-quality rules
// (data_quality_measures.cc); part of the built-ins.
void RegisterExternalMeasures(MeasureRegistry& registry);
void RegisterDataQualityMeasures(MeasureRegistry& registry);
// Assessment timeliness, strategy discussions, S47 and conferences, children
// in need and CP plans (cin_cp_measures.cc); part of the built-ins.
void RegisterCinCpMeasures(MeasureRegistry& registry);
// The visit measures (visit_measures.cc); part of the built-ins.
void RegisterVisitMeasures(MeasureRegistry& registry);
// The measures behind breakdown categories: contacts by source, CP plans by
// duration (breakdown_measures.cc); part of the built-ins.
void RegisterBreakdownMeasures(MeasureRegistry& registry);

// Helpers for measures.
std::optional<Day> DateOf(const std::string& iso);

// Assessment timeliness (assessments_within, assessments_overdue): the
// "anchor" (referral | start) and "limit" (working days) parameters, and the
// anchor day of an assessment: its linked referral's date when
// `from_referral` and the child has that referral, else the assessment
// start (nullopt when the start is missing).
std::vector<ParamSpec> AssessmentTimelinessParams();
std::optional<Day> AssessmentAnchor(const SubjectView& view, const v1::CaseEvent& assessment,
                                    bool from_referral);

}  // namespace scorecard

#endif  // SCORECARD_ENGINE_MEASURE_H_
