#include "store/audit_log.h"

#include <sqlite3.h>

#include <ctime>

#include "api/base64.h"
#include "core/log.h"
#include "store/sqlite_util.h"

namespace idmatch::store {
namespace {

Status Unavailable(sqlite3* db, const std::string& what) {
  IDMATCH_LOG_ERROR("sqlite audit: " + what + ": " + sqlite3_errmsg(db));
  return Status(ErrorCode::kUnavailable, "the audit store is not available");
}

void Bind(sqlite3_stmt* s, int i, const std::string& v) { sqlite3_bind_text(s, i, v.c_str(), -1, SQLITE_TRANSIENT); }

constexpr const char* kColumns =
    "SELECT id, created_at, key_id, route, decision, similarity, threshold, reasons, model_versions, latency_ms, "
    "quality_filter, quality, liveness, liveness_score FROM verifications ";

VerificationRecord ReadRow(sqlite3_stmt* s) {
  VerificationRecord r;
  r.id = Text(s, 0);
  r.created_at = Text(s, 1);
  r.key_id = Text(s, 2);
  r.route = Text(s, 3);
  r.match = Text(s, 4) == "match";
  r.similarity = sqlite3_column_double(s, 5);
  r.threshold = sqlite3_column_double(s, 6);
  r.reasons_json = Text(s, 7);
  r.model_versions = Text(s, 8);
  r.latency_ms = sqlite3_column_double(s, 9);
  r.quality_filter = Text(s, 10);
  r.quality_json = Text(s, 11);
  r.liveness = Text(s, 12);
  if (sqlite3_column_type(s, 13) != SQLITE_NULL) r.liveness_score = sqlite3_column_double(s, 13);
  return r;
}

}  // namespace

Status AuditLog::Record(const VerificationRecord& r) {
  std::lock_guard lock(db_.mutex_);
  Stmt s;
  if (sqlite3_prepare_v2(db_.db_,
                         "INSERT INTO verifications (id, created_at, key_id, route, decision, similarity, threshold, "
                         "reasons, model_versions, latency_ms, quality_filter, quality, liveness, liveness_score) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
  Bind(s.s, 11, r.quality_filter);
  Bind(s.s, 12, r.quality_json);
  Bind(s.s, 13, r.liveness);
  if (r.liveness_score) {
    sqlite3_bind_double(s.s, 14, *r.liveness_score);
  } else {
    sqlite3_bind_null(s.s, 14);
  }
  if (sqlite3_step(s.s) != SQLITE_DONE) return Unavailable(db_.db_, "insert verification");
  return Status::Ok();
}

Result<VerificationRecord> AuditLog::Get(const std::string& id) {
  std::lock_guard lock(db_.mutex_);
  Stmt s;
  sqlite3_prepare_v2(db_.db_, (std::string(kColumns) + "WHERE id = ?").c_str(), -1, &s.s, nullptr);
  Bind(s.s, 1, id);
  const int rc = sqlite3_step(s.s);
  if (rc == SQLITE_DONE) return Status(ErrorCode::kNotFound, "no verification with id " + id);
  if (rc != SQLITE_ROW) return Unavailable(db_.db_, "get verification");
  return ReadRow(s.s);
}

Result<AuditPage> AuditLog::List(const AuditQuery& q) {
  if (q.limit < 1 || q.limit > 1000) return Status(ErrorCode::kInvalidArgument, "limit must be 1..1000");
  if (!q.decision.empty() && q.decision != "match" && q.decision != "no_match") {
    return Status(ErrorCode::kInvalidArgument, "decision must be match or no_match");
  }
  std::string sql = std::string(kColumns) + "WHERE 1 = 1";
  std::vector<std::string> args;
  auto add = [&](const char* clause, const std::string& v) {
    if (v.empty()) return;
    sql += clause;
    args.push_back(v);
  };
  add(" AND created_at >= ?", q.since);
  add(" AND created_at < ?", q.until);
  add(" AND decision = ?", q.decision);
  add(" AND key_id = ?", q.key_id);
  if (!q.after_created_at.empty()) {
    sql += " AND (created_at > ? OR (created_at = ? AND id > ?))";
    args.insert(args.end(), {q.after_created_at, q.after_created_at, q.after_id});
  }
  sql += " ORDER BY created_at, id LIMIT " + std::to_string(q.limit + 1);
  std::lock_guard lock(db_.mutex_);
  Stmt s;
  if (sqlite3_prepare_v2(db_.db_, sql.c_str(), -1, &s.s, nullptr) != SQLITE_OK) return Unavailable(db_.db_, "list");
  for (size_t i = 0; i < args.size(); ++i) Bind(s.s, static_cast<int>(i) + 1, args[i]);
  AuditPage page;
  int rc;
  while ((rc = sqlite3_step(s.s)) == SQLITE_ROW) page.records.push_back(ReadRow(s.s));
  if (rc != SQLITE_DONE) return Unavailable(db_.db_, "list");
  if (page.records.size() > static_cast<size_t>(q.limit)) {
    page.records.pop_back();
    page.more = true;
  }
  return page;
}

Result<int> AuditLog::PurgeBefore(const std::string& cutoff) {
  std::lock_guard lock(db_.mutex_);
  Stmt s;
  sqlite3_prepare_v2(db_.db_, "DELETE FROM verifications WHERE created_at < ?", -1, &s.s, nullptr);
  Bind(s.s, 1, cutoff);
  if (sqlite3_step(s.s) != SQLITE_DONE) return Unavailable(db_.db_, "purge");
  return sqlite3_changes(db_.db_);
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

nlohmann::json AuditRecordJson(const VerificationRecord& r) {
  nlohmann::json reasons = nlohmann::json::parse(r.reasons_json, nullptr, false);
  return {{"id", r.id},
          {"created_at", r.created_at},
          {"key_id", r.key_id},
          {"route", r.route},
          {"decision", r.match ? "match" : "no_match"},
          {"similarity", r.similarity},
          {"threshold", r.threshold},
          {"reasons", reasons.is_discarded() ? nlohmann::json::array() : reasons},
          {"model_versions", r.model_versions},
          {"latency_ms", r.latency_ms},
          {"quality_filter", r.quality_filter},
          {"quality",
           [&] {
             auto q = nlohmann::json::parse(r.quality_json, nullptr, false);
             return q.is_discarded() ? nlohmann::json::object() : q;
           }()},
          {"liveness", r.liveness},
          {"liveness_score", r.liveness_score ? nlohmann::json(*r.liveness_score) : nlohmann::json()}};
}

std::string EncodeAuditCursor(const VerificationRecord& last) {
  std::string c = api::EncodeBase64(last.created_at + "\n" + last.id);
  for (auto& ch : c) ch = ch == '+' ? '-' : ch == '/' ? '_' : ch;
  while (!c.empty() && c.back() == '=') c.pop_back();
  return c;
}

bool DecodeAuditCursor(const std::string& cursor, AuditQuery& q) {
  auto raw = api::DecodeBase64Field(cursor, "cursor");
  if (!raw.ok()) return false;
  const auto nl = raw->find('\n');
  if (nl == std::string::npos || nl == 0 || nl + 1 >= raw->size()) return false;
  q.after_created_at = raw->substr(0, nl);
  q.after_id = raw->substr(nl + 1);
  return true;
}

}  // namespace idmatch::store
