#include "store/audit_log.h"

#include <sqlite3.h>

#include <ctime>

#include "core/log.h"

namespace idmatch::store {
namespace {

struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

std::string NowUtc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Text(sqlite3_stmt* s, int col) {
  const auto* t = sqlite3_column_text(s, col);
  return t ? reinterpret_cast<const char*>(t) : "";
}

Status Unavailable(sqlite3* db, const std::string& what) {
  IDMATCH_LOG_ERROR("sqlite audit: " + what + ": " + sqlite3_errmsg(db));
  return Status(ErrorCode::kUnavailable, "the audit store is not available");
}

void Bind(sqlite3_stmt* s, int i, const std::string& v) { sqlite3_bind_text(s, i, v.c_str(), -1, SQLITE_TRANSIENT); }

}  // namespace

Status AuditLog::Record(const VerificationRecord& r) {
  std::lock_guard lock(db_.mutex_);
  Stmt s;
  if (sqlite3_prepare_v2(db_.db_,
                         "INSERT INTO verifications (id, created_at, key_id, route, decision, similarity, threshold, "
                         "reasons, model_versions, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         -1, &s.s, nullptr) != SQLITE_OK) {
    return Unavailable(db_.db_, "prepare insert");
  }
  Bind(s.s, 1, r.id);
  Bind(s.s, 2, r.created_at.empty() ? NowUtc() : r.created_at);
  Bind(s.s, 3, r.key_id);
  Bind(s.s, 4, r.route);
  Bind(s.s, 5, r.match ? "match" : "no_match");
  sqlite3_bind_double(s.s, 6, r.similarity);
  sqlite3_bind_double(s.s, 7, r.threshold);
  Bind(s.s, 8, r.reasons_json);
  Bind(s.s, 9, r.model_versions);
  sqlite3_bind_double(s.s, 10, r.latency_ms);
  if (sqlite3_step(s.s) != SQLITE_DONE) return Unavailable(db_.db_, "insert verification");
  return Status::Ok();
}

Result<VerificationRecord> AuditLog::Get(const std::string& id) {
  std::lock_guard lock(db_.mutex_);
  Stmt s;
  sqlite3_prepare_v2(db_.db_,
                     "SELECT id, created_at, key_id, route, decision, similarity, threshold, reasons, model_versions, "
                     "latency_ms FROM verifications WHERE id = ?",
                     -1, &s.s, nullptr);
  Bind(s.s, 1, id);
  const int rc = sqlite3_step(s.s);
  if (rc == SQLITE_DONE) return Status(ErrorCode::kNotFound, "no verification with id " + id);
  if (rc != SQLITE_ROW) return Unavailable(db_.db_, "get verification");
  VerificationRecord r;
  r.id = Text(s.s, 0);
  r.created_at = Text(s.s, 1);
  r.key_id = Text(s.s, 2);
  r.route = Text(s.s, 3);
  r.match = Text(s.s, 4) == "match";
  r.similarity = sqlite3_column_double(s.s, 5);
  r.threshold = sqlite3_column_double(s.s, 6);
  r.reasons_json = Text(s.s, 7);
  r.model_versions = Text(s.s, 8);
  r.latency_ms = sqlite3_column_double(s.s, 9);
  return r;
}

Status AuditLog::Delete(const std::string& id) {
  std::lock_guard lock(db_.mutex_);
  Stmt s;
  sqlite3_prepare_v2(db_.db_, "DELETE FROM verifications WHERE id = ?", -1, &s.s, nullptr);
  Bind(s.s, 1, id);
  if (sqlite3_step(s.s) != SQLITE_DONE) return Unavailable(db_.db_, "delete verification");
  if (sqlite3_changes(db_.db_) == 0) return Status(ErrorCode::kNotFound, "no verification with id " + id);
  return Status::Ok();
}

}  // namespace idmatch::store
