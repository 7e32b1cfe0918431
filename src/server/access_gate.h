// The checks every authenticated route shares, whatever the credential (an
// idmatch key or an AWS signature): the per-address throttle on failed
// authentications (before any key is looked up), counting and logging a
// failure, and the per-key rate limit. One gate per server, so the two
// kinds of route share one budget per address and per key.
//
// Thread contract: thread-safe (the rate limiters lock).
#pragma once

#include <string>

#include "idmatch/status.h"
#include "server/rate_limiter.h"
#include "server/server_config.h"

namespace idmatch::server {

class AccessGate {
 public:
  explicit AccessGate(const ServerConfig& config);

  // kRateLimited with *retry_after_s set when `address` failed too often.
  Status CheckAddress(const std::string& address, int* retry_after_s);
  // Counts a failed authentication from `address` and logs it with the key
  // id tried (the public part: never a secret).
  void RecordFailure(const std::string& address, const Status& why, const std::string& key_id_tried);
  // kRateLimited with *retry_after_s set when `key_id` is over its rate.
  Status CheckKey(const std::string& key_id, int* retry_after_s);

 private:
  RateLimiter per_key_;
  RateLimiter failures_per_address_;
};

}  // namespace idmatch::server
