// The audit-retention job: every hour, deletes audit rows older than the
// configured number of days. A background job of the service (started by
// `idmatch serve`), not of the HTTP layer.
//
// Thread contract: construct and destroy from one thread; the destructor
// wakes the job and joins it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/audit_log.h"
#include "store/challenge_store.h"

namespace idmatch::store {

class AuditRetention {
 public:
  // `days` > 0: purges once at start, then every `period`. `days` 0: no job.
  // `challenges`, when given, loses its rows older than `days` too (the
  // liveness sessions' audit records).
  AuditRetention(AuditLog& audit, int days, std::chrono::milliseconds period = std::chrono::hours(1),
                 ChallengeStore* challenges = nullptr);
  ~AuditRetention();
  AuditRetention(const AuditRetention&) = delete;
  AuditRetention& operator=(const AuditRetention&) = delete;

 private:
  void Loop();

  AuditLog& audit_;
  ChallengeStore* challenges_;
  const int days_;
  const std::chrono::milliseconds period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace idmatch::store
