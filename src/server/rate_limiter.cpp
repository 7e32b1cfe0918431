#include "server/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace idmatch::server {

RateLimiter::Bucket& RateLimiter::Refilled(const std::string& key, Clock::time_point now) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    // Only a new key can grow the table, so only it pays for the sweep; a
    // known key (every request of a steady client) never scans.
    if (buckets_.size() >= kMaxBuckets) {
      for (auto old = buckets_.begin(); old != buckets_.end();) {
        const double elapsed = std::chrono::duration<double>(now - old->second.last).count();
        old = old->second.tokens + elapsed * rate_ >= double(burst_) ? buckets_.erase(old) : std::next(old);
      }
    }
    it = buckets_.emplace(key, Bucket{double(burst_), now}).first;
  }
  Bucket& b = it->second;
  const double elapsed = std::chrono::duration<double>(now - b.last).count();
  b.tokens = std::min(double(burst_), b.tokens + std::max(0.0, elapsed) * rate_);
  b.last = now;
  return b;
}

bool RateLimiter::Exhausted(const std::string& key, int* retry_after_s, Clock::time_point now) {
  if (rate_ <= 0) return false;
  std::lock_guard lock(mutex_);
  const Bucket& b = Refilled(key, now);
  if (b.tokens >= 1.0) return false;
  if (retry_after_s) *retry_after_s = std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_)));
  return true;
}

bool RateLimiter::Allow(const std::string& key, int* retry_after_s, Clock::time_point now) {
  if (rate_ <= 0) return true;
  std::lock_guard lock(mutex_);
  Bucket& b = Refilled(key, now);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  if (retry_after_s) *retry_after_s = std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_)));
  return false;
}

}  // namespace idmatch::server
