// The audit trail: one row per answered verification, in the same database
// as the keys (SQLite or PostgreSQL). It holds decision facts only: no
// images; document checks and a keyed hash of the document number, the
// number itself and the embeddings only when the operator enables them.
//
// Guarantee (docs/api.md): a compare answered 200 has its row committed
// (synchronous=FULL, WAL) before the response is sent; if the write fails the
// client gets 503 UNAVAILABLE and no decision.
//
// Thread contract: thread-safe (serialised on the store's connection).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "idmatch/status.h"
#include "store/sql_db.h"

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
  std::string model_profile = "default";  // default | open | fusion
  // Version of the similarity scale similarity and threshold are on:
  // 1 = the per-profile raw scores (rows before the calibrated scale), 2 =
  // the calibrated scale where 80 is FMR 1e-4 (pipeline/calibration.h).
  int similarity_scale = 1;
  double latency_ms = 0;
  std::string quality_filter;            // NONE, AUTO, LOW, MEDIUM, HIGH
  std::string quality_json = "{}";       // {"source": {"passed", "level", "scores": {...}}, "target": {...}}
  std::string liveness;                  // LIVE, SPOOF_SUSPECTED_..., LIVENESS_DISABLED, LIVENESS_NOT_ASSESSED
  std::optional<double> liveness_score;  // 0..100 when assessed
  // Only when the operator enabled audit_store_embeddings: JSON
  // {"encoding": "float32le-base64", "source": "...", "target": "..."}.
  std::optional<std::string> embeddings_json;
  // When the compare read the target as a document: JSON {"read", "source",
  // "type", "issuing_country", "jurisdiction", "checks": [...]} (no names,
  // dates or numbers).
  std::optional<std::string> document_json;
  std::optional<std::string> document_number_hash;  // KeyStore::DocumentNumberHash
  // The number itself: only when the operator enabled audit_store_document_number.
  std::optional<std::string> document_number;
};

struct AuditQuery {
  std::string since;                 // ISO 8601 UTC, inclusive; "" = no bound
  std::string until;                 // ISO 8601 UTC, exclusive; "" = no bound
  std::string decision;              // "match", "no_match" or "" for both
  std::string key_id;                // only this key's rows; "" = every key (admin)
  std::string document_number_hash;  // only rows of this document; "" = any
  int limit = 100;                   // 1..1000
  std::string after_created_at;      // keyset cursor: rows strictly after
  std::string after_id;              // (after_created_at, after_id)
};

struct AuditPage {
  std::vector<VerificationRecord> records;  // ordered by (created_at, id)
  bool more = false;                        // another page follows the last record
};

class AuditLog {
 public:
  // Owned by Store, on its connection.
  explicit AuditLog(Connection& conn) : conn_(conn) {}

  Status Record(const VerificationRecord& record);
  // kNotFound when absent.
  Result<VerificationRecord> Get(const std::string& id);
  // kNotFound when absent.
  Status Delete(const std::string& id);
  // Keyset paging: O(limit) per page however deep, stable under inserts.
  Result<AuditPage> List(const AuditQuery& query);
  // Deletes rows created before `cutoff` (ISO 8601 UTC); returns how many.
  Result<int> PurgeBefore(const std::string& cutoff);

 private:
  Connection& conn_;
};

// {"encoding": "float32le-base64", "source": ..., "target": ...} of two embeddings.
std::string EmbeddingsJson(const std::vector<float>& source, const std::vector<float>& target);

// The record as the API and `idmatch audit export` show it.
nlohmann::json AuditRecordJson(const VerificationRecord& record);

// Opaque keyset cursor for (created_at, id) and back.
std::string EncodeAuditCursor(const VerificationRecord& last);
bool DecodeAuditCursor(const std::string& cursor, AuditQuery& query);

}  // namespace idmatch::store
