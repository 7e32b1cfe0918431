// Prometheus text-format metrics: request counters by route and status,
// latency histograms per pipeline stage, in-flight and queue gauges, and
// decisions. Thread contract: all methods thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

namespace idmatch::server {

class Metrics {
 public:
  // Upper bounds of the latency buckets, milliseconds.
  static constexpr std::array<double, 11> kBucketsMs = {5, 10, 25, 50, 75, 100, 250, 500, 1000, 2500, 10000};

  void CountRequest(const std::string& route, int status);
  void ObserveStage(const std::string& stage, double ms);  // "decode", "detect", ..., "request"
  void CountDecision(bool match);
  std::atomic<int> in_flight{0};  // admitted compare/detect requests
  std::atomic<int> running{0};    // of those, holding the engine
  // The edge (server/edge.h).
  std::atomic<int> connections_open{0};
  std::atomic<uint64_t> connections_refused{0};    // at accept: over max_connections or the per-address cap
  std::atomic<uint64_t> connections_timed_out{0};  // a head, body or write past its deadline, or idle
  std::atomic<uint64_t> requests_abandoned{0};     // the client left while its request waited or ran

  std::string Render() const;

 private:
  struct Histogram {
    std::array<uint64_t, kBucketsMs.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> stages_;
  uint64_t matches_ = 0, non_matches_ = 0;
};

}  // namespace idmatch::server
