// Per-key token bucket. Thread contract: thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace idmatch::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // rate: tokens per second (0 disables); burst: bucket size.
  RateLimiter(double rate, int burst) : rate_(rate), burst_(burst) {}

  // True when `key` may proceed now; otherwise *retry_after_s says when.
  bool Allow(const std::string& key, int* retry_after_s, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point last;
  };
  double rate_;
  int burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace idmatch::server
