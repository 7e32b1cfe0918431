// The audit trail: one row per answered verification, in the same SQLite
// database as the keys. It holds decision facts only: no images, no
// embeddings, no document numbers.
//
// Guarantee (docs/api.md): a compare answered 200 has its row committed
// (synchronous=FULL, WAL) before the response is sent; if the write fails the
// client gets 503 UNAVAILABLE and no decision.
//
// Thread contract: thread-safe (serialised on the store's connection).
#pragma once

#include <string>

#include "idmatch/status.h"
#include "store/key_store.h"

namespace idmatch::store {

struct VerificationRecord {
  std::string id;          // the request_id
  std::string created_at;  // ISO 8601 UTC; filled by Record() when empty
  std::string key_id;      // "" when authentication is off
  std::string route;
  bool match = false;
  double similarity = 0;
  double threshold = 0;
  std::string reasons_json;  // JSON array of reason codes
  std::string model_versions;
  double latency_ms = 0;
};

class AuditLog {
 public:
  explicit AuditLog(KeyStore& db) : db_(db) {}

  Status Record(const VerificationRecord& record);
  // kNotFound when absent.
  Result<VerificationRecord> Get(const std::string& id);
  // kNotFound when absent.
  Status Delete(const std::string& id);

 private:
  KeyStore& db_;
};

}  // namespace idmatch::store
