#include "query/query_metrics.h"

namespace scorecard {
namespace {

prometheus::Family<prometheus::Gauge>& GaugeFamily(prometheus::Registry& registry,
                                                   const std::string& name,
                                                   const std::string& help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(registry);
}

}  // namespace

RequestMetrics::RequestMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("scorecard_query_requests_total")
                    .Help("gRPC requests handled, by method and status code")
                    .Register(registry)),
      duration_(prometheus::BuildHistogram()
                    .Name("scorecard_query_duration_seconds")
                    .Help("gRPC request handling time, by method")
                    .Register(registry)) {}

void RequestMetrics::Observe(const std::string& method, const std::string& code, double seconds) {
  prometheus::Counter* counter;
  prometheus::Histogram* histogram;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto [it, inserted] = counters_.try_emplace({method, code}, nullptr);
    if (inserted) it->second = &requests_.Add({{"method", method}, {"code", code}});
    counter = it->second;
    auto [hit, hinserted] = histograms_.try_emplace(method, nullptr);
    if (hinserted) {
      hit->second = &duration_.Add({{"method", method}}, prometheus::Histogram::BucketBoundaries{
                                                             0.001, 0.0025, 0.005, 0.01, 0.025,
                                                             0.05, 0.1, 0.25, 0.5, 1, 2.5, 5});
    }
    histogram = hit->second;
  }
  counter->Increment();
  histogram->Observe(seconds);
}

double RagGaugeValue(v1::Rag rag) {
  switch (rag) {
    case v1::RAG_GREEN:
      return 1;
    case v1::RAG_AMBER:
      return 2;
    case v1::RAG_RED:
      return 3;
    default:
      return 0;
  }
}

IndicatorGauges::IndicatorGauges(prometheus::Registry& registry)
    : value_(GaugeFamily(registry, "scorecard_indicator_value",
                         "Live (as of today) indicator value; percentages are 0-100")),
      target_(GaugeFamily(registry, "scorecard_indicator_target",
                          "Indicator target (0 when it has none)")),
      band_low_(GaugeFamily(registry, "scorecard_indicator_band_low",
                            "Lower edge of the indicator's desirable band (0 when none)")),
      band_high_(GaugeFamily(registry, "scorecard_indicator_band_high",
                             "Upper edge of the indicator's desirable band (0 when none)")),
      rag_(GaugeFamily(registry, "scorecard_indicator_rag",
                       "RAG status: 0 none, 1 green, 2 amber, 3 red")),
      available_(GaugeFamily(registry, "scorecard_indicator_available",
                             "1 when the indicator has a value, 0 when not available or no "
                             "denominator")) {}

IndicatorGauges::Handles& IndicatorGauges::HandlesFor(const std::string& la,
                                                      const std::string& indicator) {
  auto [it, inserted] = handles_.try_emplace({la, indicator});
  if (inserted) {
    const prometheus::Labels labels{{"la_code", la}, {"indicator", indicator}};
    it->second = Handles{&value_.Add(labels),     &target_.Add(labels), &band_low_.Add(labels),
                         &band_high_.Add(labels), &rag_.Add(labels),    &available_.Add(labels)};
  }
  return it->second;
}

void IndicatorGauges::Update(const v1::Scorecard& card) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const v1::IndicatorValue& v : card.indicators()) {
    Handles& h = HandlesFor(card.la_code(), v.id());
    const bool ok = v.status() == v1::VALUE_STATUS_OK;
    const v1::Target& t = v.target();
    const bool band = t.direction() == v1::DIRECTION_BAND;
    h.value->Set(ok ? v.value() : 0);
    h.target->Set(!band && t.has_target() ? t.target() : 0);
    h.band_low->Set(band ? t.band_low() : 0);
    h.band_high->Set(band ? t.band_high() : 0);
    h.rag->Set(ok ? RagGaugeValue(v.rag()) : 0);
    h.available->Set(ok ? 1 : 0);
  }
}

}  // namespace scorecard
