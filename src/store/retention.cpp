#include "store/retention.h"

#include <ctime>

#include "core/iso_time.h"
#include "core/log.h"

namespace idmatch::store {

AuditRetention::AuditRetention(AuditLog& audit, int days, std::chrono::milliseconds period, ChallengeStore* challenges)
    : audit_(audit), challenges_(challenges), days_(days), period_(period) {
  if (days_ > 0) thread_ = std::thread([this] { Loop(); });
}

AuditRetention::~AuditRetention() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AuditRetention::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const std::string cutoff = IsoUtc(std::time(nullptr) - std::time_t(days_) * 86400);
    lock.unlock();
    auto purged = audit_.PurgeBefore(cutoff);
    if (purged.ok() && *purged > 0) {
      IDMATCH_LOG_INFO("retention: purged " + std::to_string(*purged) + " audit rows created before " + cutoff);
    } else if (!purged.ok()) {
      IDMATCH_LOG_ERROR("retention: purge failed: " + purged.status().message());
    }
    if (challenges_) {
      auto gone = challenges_->DeleteCreatedBefore(cutoff);
      if (!gone.ok()) IDMATCH_LOG_ERROR("retention: liveness purge failed: " + gone.status().message());
    }
    lock.lock();
    wake_.wait_for(lock, period_, [&] { return stopping_; });
  }
}

}  // namespace idmatch::store
