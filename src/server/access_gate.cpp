#include "server/access_gate.h"

#include "core/log.h"

namespace idmatch::server {

AccessGate::AccessGate(const ServerConfig& config)
    : per_key_(config.rate_limit_per_second, config.rate_limit_burst),
      failures_per_address_(config.auth_failure_per_second, config.auth_failure_burst) {}

Status AccessGate::CheckAddress(const std::string& address, int* retry_after_s) {
  if (!failures_per_address_.Exhausted(address, retry_after_s)) return Status::Ok();
  return Status(ErrorCode::kRateLimited, "too many failed authentications from this address; retry after " +
                                             std::to_string(*retry_after_s) + " s");
}

void AccessGate::RecordFailure(const std::string& address, const Status& why, const std::string& key_id_tried) {
  failures_per_address_.Allow(address, nullptr);
  IDMATCH_LOG_WARNING("authentication failed (" + std::string(ErrorCodeName(why.code())) + ") from " + address +
                      " for key id " + key_id_tried);
}

Status AccessGate::CheckKey(const std::string& key_id, int* retry_after_s) {
  if (per_key_.Allow(key_id, retry_after_s)) return Status::Ok();
  return Status(ErrorCode::kRateLimited,
                "too many requests for this API key; retry after " + std::to_string(*retry_after_s) + " s");
}

}  // namespace idmatch::server
