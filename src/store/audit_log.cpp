#include "store/audit_log.h"

#include <cstdint>
#include <cstring>

#include "core/base64.h"
#include "idmatch/vocabulary.h"

namespace idmatch::store {
namespace {

constexpr const char* kColumns =
    "SELECT id, created_at, key_id, route, decision, similarity, threshold, reasons, model_versions, latency_ms, "
    "quality_filter, quality, liveness, liveness_score, embeddings, document, document_number_hash, document_number, "
    "model_profile, similarity_scale FROM verifications ";

VerificationRecord ReadRow(const SqlRow& s) {
  VerificationRecord r;
  r.id = s[0].value_or("");
  r.created_at = s[1].value_or("");
  r.key_id = s[2].value_or("");
  r.route = s[3].value_or("");
  r.match = s[4].value_or("") == kDecisionMatch;
  r.similarity = SqlDouble(s[5]);
  r.threshold = SqlDouble(s[6]);
  r.reasons_json = s[7].value_or("[]");
  r.model_versions = s[8].value_or("");
  r.latency_ms = SqlDouble(s[9]);
  r.quality_filter = s[10].value_or("");
  r.quality_json = s[11].value_or("{}");
  r.liveness = s[12].value_or("");
  if (s[13]) r.liveness_score = SqlDouble(s[13]);
  r.embeddings_json = s[14];
  r.document_json = s[15];
  r.document_number_hash = s[16];
  r.document_number = s[17];
  r.model_profile = s[18].value_or("default");
  r.similarity_scale = static_cast<int>(SqlDouble(s[19]));
  return r;
}

}  // namespace

Status AuditLog::Record(const VerificationRecord& r) {
  std::lock_guard lock(conn_.mutex);
  auto inserted = conn_.db->Execute(
      "INSERT INTO verifications (id, created_at, key_id, route, decision, similarity, threshold, reasons, "
      "model_versions, latency_ms, quality_filter, quality, liveness, liveness_score, embeddings, document, "
      "document_number_hash, document_number, model_profile, similarity_scale) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {r.id,
       r.created_at.empty() ? NowUtc() : r.created_at,
       r.key_id,
       r.route,
       std::string(DecisionName(r.match)),
       SqlNumber(r.similarity),
       SqlNumber(r.threshold),
       r.reasons_json,
       r.model_versions,
       SqlNumber(r.latency_ms),
       r.quality_filter,
       r.quality_json,
       r.liveness,
       r.liveness_score ? SqlValue(SqlNumber(*r.liveness_score)) : SqlValue(),
       r.embeddings_json,
       r.document_json,
       r.document_number_hash,
       r.document_number,
       r.model_profile,
       std::to_string(r.similarity_scale)});
  return inserted.ok() ? Status::Ok() : inserted.status();
}

Result<VerificationRecord> AuditLog::Get(const std::string& id) {
  std::lock_guard lock(conn_.mutex);
  auto rows = conn_.db->Query(std::string(kColumns) + "WHERE id = ?", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status(ErrorCode::kNotFound, "no verification with id " + id);
  return ReadRow((*rows)[0]);
}

Result<AuditPage> AuditLog::List(const AuditQuery& q) {
  if (q.limit < 1 || q.limit > 1000) return Status(ErrorCode::kInvalidArgument, "limit must be 1..1000");
  if (!q.decision.empty() && q.decision != kDecisionMatch && q.decision != kDecisionNoMatch) {
    return Status(ErrorCode::kInvalidArgument, "decision must be match or no_match");
  }
  std::string sql = std::string(kColumns) + "WHERE 1 = 1";
  std::vector<SqlValue> args;
  auto add = [&](const char* clause, const std::string& v) {
    if (v.empty()) return;
    sql += clause;
    args.emplace_back(v);
  };
  add(" AND decision = ?", q.decision);
  add(" AND key_id = ?", q.key_id);
  add(" AND document_number_hash = ?", q.document_number_hash);
  AppendKeysetPage({q.since, q.until, q.after_created_at, q.after_id, q.limit}, sql, args);
  std::lock_guard lock(conn_.mutex);
  auto rows = conn_.db->Query(sql, args);
  if (!rows.ok()) return rows.status();
  AuditPage page;
  for (const auto& row : *rows) page.records.push_back(ReadRow(row));
  page.more = MoreThan(page.records, q.limit);
  return page;
}

Result<int> AuditLog::PurgeBefore(const std::string& cutoff) {
  std::lock_guard lock(conn_.mutex);
  auto n = conn_.db->Execute("DELETE FROM verifications WHERE created_at < ?", {cutoff});
  if (!n.ok()) return n.status();
  return static_cast<int>(*n);
}

Status AuditLog::Delete(const std::string& id) {
  std::lock_guard lock(conn_.mutex);
  auto n = conn_.db->Execute("DELETE FROM verifications WHERE id = ?", {id});
  if (!n.ok()) return n.status();
  if (*n == 0) return Status(ErrorCode::kNotFound, "no verification with id " + id);
  return Status::Ok();
}

nlohmann::json AuditRecordJson(const VerificationRecord& r) {
  nlohmann::json reasons = nlohmann::json::parse(r.reasons_json, nullptr, false);
  nlohmann::json j = {{"id", r.id},
                      {"created_at", r.created_at},
                      {"key_id", r.key_id},
                      {"route", r.route},
                      {"decision", DecisionName(r.match)},
                      {"similarity", r.similarity},
                      {"threshold", r.threshold},
                      {"reasons", reasons.is_discarded() ? nlohmann::json::array() : reasons},
                      {"model_versions", r.model_versions},
                      {"model_profile", r.model_profile},
                      {"similarity_scale", r.similarity_scale},
                      {"latency_ms", r.latency_ms},
                      {"quality_filter", r.quality_filter},
                      {"quality",
                       [&] {
                         auto q = nlohmann::json::parse(r.quality_json, nullptr, false);
                         return q.is_discarded() ? nlohmann::json::object() : q;
                       }()},
                      {"liveness", r.liveness},
                      {"liveness_score", r.liveness_score ? nlohmann::json(*r.liveness_score) : nlohmann::json()}};
  if (r.document_json) {
    auto d = nlohmann::json::parse(*r.document_json, nullptr, false);
    if (!d.is_discarded()) j["document"] = d;
  }
  if (r.document_number_hash) j["document_number_hash"] = *r.document_number_hash;
  if (r.document_number) j["document_number"] = *r.document_number;
  if (r.embeddings_json) {
    auto e = nlohmann::json::parse(*r.embeddings_json, nullptr, false);
    if (!e.is_discarded()) j["embeddings"] = e;
  }
  return j;
}

std::string EmbeddingsJson(const std::vector<float>& source, const std::vector<float>& target) {
  auto encode = [](const std::vector<float>& v) {
    std::string bytes(v.size() * sizeof(float), '\0');
    for (size_t i = 0; i < v.size(); ++i) {
      uint32_t bits;
      std::memcpy(&bits, &v[i], sizeof bits);
      for (int b = 0; b < 4; ++b) bytes[i * 4 + b] = static_cast<char>((bits >> (8 * b)) & 0xFF);  // little-endian
    }
    return base64::Encode(bytes);
  };
  return nlohmann::json{{"encoding", "float32le-base64"}, {"source", encode(source)}, {"target", encode(target)}}
      .dump();
}

std::string EncodeAuditCursor(const VerificationRecord& last) {
  std::string c = base64::Encode(last.created_at + "\n" + last.id);
  for (auto& ch : c) ch = ch == '+' ? '-' : ch == '/' ? '_' : ch;
  while (!c.empty() && c.back() == '=') c.pop_back();
  return c;
}

bool DecodeAuditCursor(const std::string& cursor, AuditQuery& q) {
  auto raw = base64::DecodeField(cursor, "cursor");
  if (!raw.ok()) return false;
  const auto nl = raw->find('\n');
  if (nl == std::string::npos || nl == 0 || nl + 1 >= raw->size()) return false;
  q.after_created_at = raw->substr(0, nl);
  q.after_id = raw->substr(nl + 1);
  return true;
}

}  // namespace idmatch::store
