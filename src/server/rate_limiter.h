// Per-key token bucket (API keys; client addresses for failed
// authentication). Buckets that have refilled are forgotten once more than
// kMaxBuckets exist, so a flood of distinct keys cannot grow it without bound.
// Thread contract: thread-safe.
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
  // True when `key` has no token left (nothing is consumed); *retry_after_s
  // says when one will be there.
  bool Exhausted(const std::string& key, int* retry_after_s, Clock::time_point now = Clock::now());

  static constexpr size_t kMaxBuckets = 100'000;
  // Keys with a bucket now (for tests of the bound).
  size_t tracked() {
    std::lock_guard lock(mutex_);
    return buckets_.size();
  }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point last;
  };
  Bucket& Refilled(const std::string& key, Clock::time_point now);  // mutex_ held
  double rate_;
  int burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace idmatch::server
