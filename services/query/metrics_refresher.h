#ifndef SCORECARD_QUERY_METRICS_REFRESHER_H_
#define SCORECARD_QUERY_METRICS_REFRESHER_H_

// Keeps the indicator gauges current: every interval, for each council in
// the Councils sets, computes the AS_OF today scorecard and updates the
// gauges. A failed refresh (Redis down) is logged and retried next interval.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "query/query_metrics.h"
#include "query/scorecard_queries.h"

namespace scorecard {

class MetricsRefresher {
 public:
  // REQUIRES: `queries` and `gauges` outlive the refresher.
  MetricsRefresher(ScorecardQueries& queries, IndicatorGauges& gauges,
                   std::chrono::seconds interval)
      : queries_(queries), gauges_(gauges), interval_(interval) {}
  MetricsRefresher(const MetricsRefresher&) = delete;
  MetricsRefresher& operator=(const MetricsRefresher&) = delete;
  ~MetricsRefresher();  // stops the thread

  // One refresh of every council. The first error is returned after the
  // other councils were still refreshed.
  absl::Status RefreshOnce();

  // Starts the background thread (first refresh immediately). Stop() (or the
  // destructor) wakes it and joins.
  void Start();
  void Stop();

 private:
  void Run();

  ScorecardQueries& queries_;
  IndicatorGauges& gauges_;
  std::chrono::seconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace scorecard

#endif  // SCORECARD_QUERY_METRICS_REFRESHER_H_
