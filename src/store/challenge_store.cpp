#include "store/challenge_store.h"

namespace idmatch::store {

namespace {

constexpr const char* kColumns =
    "SELECT id, key_id, actions, created_at, expires_at, answered_at, outcome, live, score, reasons, similarity, "
    "matched, latency_ms FROM liveness_challenges ";

std::optional<bool> Flag(const SqlValue& v) {
  if (!v) return std::nullopt;
  return *v == "1" || *v == "t" || *v == "true";
}

std::optional<double> Number(const SqlValue& v) {
  if (!v) return std::nullopt;
  return SqlDouble(v);
}

SqlValue FlagText(const std::optional<bool>& v) {
  if (!v) return std::nullopt;
  return std::string(*v ? "1" : "0");
}

SqlValue NumberText(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  return SqlNumber(*v);
}

}  // namespace

Status ChallengeStore::Create(const ChallengeRecord& r) {
  std::lock_guard lock(conn_.mutex);
  auto inserted = conn_.db->Execute(
      "INSERT INTO liveness_challenges (id, key_id, actions, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
      {r.id, r.key_id, r.actions, r.created_at, r.expires_at});
  return inserted.ok() ? Status() : inserted.status();
}

Result<ChallengeRecord> ChallengeStore::Get(const std::string& id) {
  std::lock_guard lock(conn_.mutex);
  auto rows = conn_.db->Query(std::string(kColumns) + "WHERE id = ?", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status(ErrorCode::kNotFound, "no liveness challenge with id " + id);
  const SqlRow& s = rows->front();
  ChallengeRecord r;
  r.id = s[0].value_or("");
  r.key_id = s[1].value_or("");
  r.actions = s[2].value_or("");
  r.created_at = s[3].value_or("");
  r.expires_at = s[4].value_or("");
  r.answered_at = s[5];
  r.outcome = s[6].value_or("");
  r.live = Flag(s[7]);
  r.score = Number(s[8]);
  r.reasons_json = s[9].value_or("[]");
  r.similarity = Number(s[10]);
  r.match = Flag(s[11]);
  r.latency_ms = Number(s[12]);
  return r;
}

Result<bool> ChallengeStore::Answer(const ChallengeRecord& r) {
  std::lock_guard lock(conn_.mutex);
  auto changed = conn_.db->Execute(
      "UPDATE liveness_challenges SET answered_at = ?, outcome = ?, live = ?, score = ?, reasons = ?, "
      "similarity = ?, matched = ?, latency_ms = ? WHERE id = ? AND answered_at IS NULL",
      {r.answered_at.value_or(""), r.outcome, FlagText(r.live), NumberText(r.score), r.reasons_json,
       NumberText(r.similarity), FlagText(r.match), NumberText(r.latency_ms), r.id});
  if (!changed.ok()) return changed.status();
  return *changed == 1;
}

Result<int64_t> ChallengeStore::DeleteCreatedBefore(const std::string& before) {
  std::lock_guard lock(conn_.mutex);
  return conn_.db->Execute("DELETE FROM liveness_challenges WHERE created_at < ?", {before});
}

}  // namespace idmatch::store
