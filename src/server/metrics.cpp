#include "server/metrics.h"

#include <sstream>

#include "idmatch/vocabulary.h"

namespace idmatch::server {

void Metrics::CountRequest(const std::string& route, int status) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
}

void Metrics::ObserveStage(const std::string& stage, double ms) {
  std::lock_guard lock(mutex_);
  Histogram& h = stages_[stage];
  for (size_t i = 0; i < kBucketsMs.size(); ++i) {
    if (ms <= kBucketsMs[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += ms;
}

void Metrics::CountDecision(bool match) {
  std::lock_guard lock(mutex_);
  ++(match ? matches_ : non_matches_);
}

std::string Metrics::Render() const {
  std::ostringstream o;
  std::lock_guard lock(mutex_);
  o << "# HELP idmatch_requests_total HTTP requests by route and status.\n# TYPE idmatch_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    o << "idmatch_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n << "\n";
  }
  o << "# HELP idmatch_stage_duration_ms Latency per pipeline stage and whole request, milliseconds.\n"
       "# TYPE idmatch_stage_duration_ms histogram\n";
  for (const auto& [stage, h] : stages_) {
    for (size_t i = 0; i < kBucketsMs.size(); ++i) {
      o << "idmatch_stage_duration_ms_bucket{stage=\"" << stage << "\",le=\"" << kBucketsMs[i] << "\"} " << h.buckets[i]
        << "\n";
    }
    o << "idmatch_stage_duration_ms_bucket{stage=\"" << stage << "\",le=\"+Inf\"} " << h.count << "\n";
    o << "idmatch_stage_duration_ms_sum{stage=\"" << stage << "\"} " << h.sum << "\n";
    o << "idmatch_stage_duration_ms_count{stage=\"" << stage << "\"} " << h.count << "\n";
  }
  const int inflight = in_flight.load(), run = running.load();
  o << "# HELP idmatch_in_flight Compare/detect requests admitted and not yet answered.\n# TYPE idmatch_in_flight "
       "gauge\n"
    << "idmatch_in_flight " << inflight << "\n";
  o << "# HELP idmatch_queue_depth Admitted requests waiting for the engine.\n# TYPE idmatch_queue_depth gauge\n"
    << "idmatch_queue_depth " << std::max(0, inflight - run) << "\n";
  o << "# HELP idmatch_decisions_total Compare decisions.\n# TYPE idmatch_decisions_total counter\n"
    << "idmatch_decisions_total{decision=\"" << DecisionName(true) << "\"} " << matches_ << "\n"
    << "idmatch_decisions_total{decision=\"" << DecisionName(false) << "\"} " << non_matches_ << "\n";
  o << "# HELP idmatch_connections_open Client connections the edge holds.\n# TYPE idmatch_connections_open gauge\n"
    << "idmatch_connections_open " << connections_open.load() << "\n";
  o << "# HELP idmatch_connections_closed_total Connections the edge refused at accept or closed past a deadline.\n"
       "# TYPE idmatch_connections_closed_total counter\n"
    << "idmatch_connections_closed_total{reason=\"refused\"} " << connections_refused.load() << "\n"
    << "idmatch_connections_closed_total{reason=\"timeout\"} " << connections_timed_out.load() << "\n";
  o << "# HELP idmatch_requests_abandoned_total Requests whose client left while they waited or ran.\n"
       "# TYPE idmatch_requests_abandoned_total counter\n"
    << "idmatch_requests_abandoned_total " << requests_abandoned.load() << "\n";
  return o.str();
}

}  // namespace idmatch::server
