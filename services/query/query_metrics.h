#ifndef SCORECARD_QUERY_QUERY_METRICS_H_
#define SCORECARD_QUERY_QUERY_METRICS_H_

// Prometheus metrics of the query service. Handles are resolved once per
// label set and cached (Family::Add takes a lock and a map lookup); label
// values are bounded: RPC method names and status codes, and council codes
// (validated, from the Councils sets) times catalogue indicator ids.
//
// Thread-safe.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "scorecard/v1/scorecard_service.pb.h"

namespace scorecard {

// scorecard_query_requests_total{method,code} and
// scorecard_query_duration_seconds{method}.
class RequestMetrics {
 public:
  explicit RequestMetrics(prometheus::Registry& registry);

  // `code` is the gRPC status code name, e.g. "OK", "NOT_FOUND".
  void Observe(const std::string& method, const std::string& code, double seconds);

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& duration_;
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, prometheus::Counter*> counters_;  // guarded
  std::map<std::string, prometheus::Histogram*> histograms_;                      // guarded
};

// RAG as a gauge value: 0 none, 1 green, 2 amber, 3 red.
double RagGaugeValue(v1::Rag rag);

// scorecard_indicator_{value,target,band_low,band_high,rag,available}
// {la_code,indicator}.
class IndicatorGauges {
 public:
  explicit IndicatorGauges(prometheus::Registry& registry);

  // Sets every gauge of the scorecard's council and indicators. Values of
  // an unavailable indicator (or one without a denominator) are 0 and its
  // available gauge says so; target/band gauges are 0 where not applicable.
  void Update(const v1::Scorecard& card);

 private:
  struct Handles {
    prometheus::Gauge* value;
    prometheus::Gauge* target;
    prometheus::Gauge* band_low;
    prometheus::Gauge* band_high;
    prometheus::Gauge* rag;
    prometheus::Gauge* available;
  };
  Handles& HandlesFor(const std::string& la, const std::string& indicator);  // REQUIRES: mu_ held

  prometheus::Family<prometheus::Gauge>& value_;
  prometheus::Family<prometheus::Gauge>& target_;
  prometheus::Family<prometheus::Gauge>& band_low_;
  prometheus::Family<prometheus::Gauge>& band_high_;
  prometheus::Family<prometheus::Gauge>& rag_;
  prometheus::Family<prometheus::Gauge>& available_;
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Handles> handles_;  // guarded by mu_
};

}  // namespace scorecard

#endif  // SCORECARD_QUERY_QUERY_METRICS_H_
