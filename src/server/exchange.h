// Per-request bookkeeping of the HTTP server: the request id, the facts the
// access log and metrics need, and the in-flight counters' RAII guards.
//
// Thread contract: an Exchange belongs to one request's thread; the guards
// update Metrics' atomic counters.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "idmatch/status.h"
#include "server/metrics.h"
#include "store/key_store.h"

namespace idmatch::server {

// `prefix` + 2 x `bytes` random hex digits (OpenSSL's RAND_bytes, at most 32
// bytes); "" if the generator fails.
std::string RandomHexId(std::string_view prefix, size_t bytes);

// "req_" + 24 random hex digits; "req-unknown" if the generator fails.
std::string NewRequestId();

// Per-request facts the access log and metrics need.
struct Exchange {
  std::string request_id = NewRequestId();
  std::string route;
  std::string key_id;
  std::optional<store::KeyRole> key_role;  // unset when auth is off
  bool finished = false;                   // the access line was written (Finish)
  std::string decision;                    // "match" / "no_match" / "" when none
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

// The answer when admission refuses a request (503 with Retry-After).
inline Status OverloadedStatus() { return Status(ErrorCode::kOverloaded, "the server is at capacity; retry shortly"); }

// Admission control: at most `limit` compare/detect requests in flight; the
// rest are told to retry (503) at once instead of queueing without bound.
class AdmissionSlot {
 public:
  AdmissionSlot(Metrics& m, int limit) : m_(m), admitted_(++m.in_flight <= limit) {
    if (!admitted_) --m_.in_flight;
  }
  ~AdmissionSlot() {
    if (admitted_) --m_.in_flight;
  }
  AdmissionSlot(const AdmissionSlot&) = delete;
  AdmissionSlot& operator=(const AdmissionSlot&) = delete;
  bool admitted() const { return admitted_; }

 private:
  Metrics& m_;
  bool admitted_;
};

// Counts a request whose engine work is running (the metrics' `running`).
struct RunningMark {
  explicit RunningMark(Metrics& m) : m_(m) { ++m_.running; }
  ~RunningMark() { --m_.running; }
  RunningMark(const RunningMark&) = delete;
  RunningMark& operator=(const RunningMark&) = delete;
  Metrics& m_;
};

}  // namespace idmatch::server
