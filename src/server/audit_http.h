// The HTTP side of the audit trail: the row a compare writes, and the query
// and page forms of GET /v1/verifications.
//
// Thread contract: pure functions (AuditLog does the locking).
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "idmatch/status.h"
#include "idmatch/types.h"
#include "server/exchange.h"
#include "server/metrics.h"
#include "server/server_config.h"
#include "store/audit_log.h"
#include "store/store.h"

namespace idmatch::server {

// Who asked and how: the parts of a row that do not come from the result.
struct AuditContext {
  std::string request_id;
  std::string key_id;
  std::string route;
  std::string model_versions;
  double latency_ms = 0;
};

// The row of one answered compare: decision facts, quality and liveness
// outcomes, the document's checks and keyed number hash; embeddings and the
// document number only when `config` enables them.
store::VerificationRecord AuditRecordFor(const CompareResult& result, const AuditContext& context,
                                         const ServerConfig& config, const store::Store& store);

// Commits the row of an answered compare before its decision leaves the
// server, then counts the decision (metrics, the exchange's access line).
// kUnavailable when the write fails: the decision is then not released.
// Latency is measured from the exchange's start to now.
Status RecordDecision(const CompareResult& result, Exchange& ex, const std::string& model_versions,
                      const ServerConfig& config, store::Store& store, Metrics& metrics);

// since, until, decision, document_number_hash, limit, cursor; `own_key_id`
// non-empty limits the rows to that key. kInvalidArgument for a cursor this
// server did not issue.
Result<store::AuditQuery> AuditQueryFrom(const httplib::Request& req, const std::string& own_key_id);

// {"records": [...], "next_cursor": "..." or null}
nlohmann::json AuditPageJson(const store::AuditPage& page);

}  // namespace idmatch::server
