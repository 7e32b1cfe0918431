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

namespace idmatch::store {

class AuditRetention {
 public:
  // `days` > 0: purges once at start, then every `period`. `days` 0: no job.
  AuditRetention(AuditLog& audit, int days, std::chrono::milliseconds period = std::chrono::hours(1));
  ~AuditRetention();
  AuditRetention(const AuditRetention&) = delete;
  AuditRetention& operator=(const AuditRetention&) = delete;

 private:
  void Loop();

  AuditLog& audit_;
  const int days_;
  const std::chrono::milliseconds period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace idmatch::store
