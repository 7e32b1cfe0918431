#include "store/challenge_store.h"

#include <algorithm>

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

ChallengeRecord ReadRow(const SqlRow& s) {
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

}  // namespace

nlohmann::json ChallengeRecordJson(const ChallengeRecord& r) {
  nlohmann::json actions = nlohmann::json::array();
  for (size_t from = 0; from < r.actions.size();) {
    const size_t comma = std::min(r.actions.find(',', from), r.actions.size());
    actions.push_back(r.actions.substr(from, comma - from));
    from = comma + 1;
  }
  nlohmann::json out{{"id", r.id},
                     {"key_id", r.key_id},
                     {"actions", actions},
                     {"created_at", r.created_at},
                     {"expires_at", r.expires_at}};
  out["state"] = !r.answered_at ? "pending" : r.outcome.empty() ? "judged" : r.outcome;
  if (r.answered_at) out["answered_at"] = *r.answered_at;
  if (r.live) out["live"] = *r.live;
  if (r.score) out["score"] = *r.score;
  out["reasons"] = nlohmann::json::parse(r.reasons_json, nullptr, false);
  if (r.similarity) out["similarity"] = *r.similarity;
  if (r.match) out["match"] = *r.match;
  if (r.latency_ms) out["latency_ms"] = *r.latency_ms;
  return out;
}

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
  return ReadRow(rows->front());
}

Result<ChallengePage> ChallengeStore::List(const ChallengeQuery& q) {
  if (q.limit < 1 || q.limit > 1000) return Status(ErrorCode::kInvalidArgument, "limit must be 1..1000");
  std::string sql = std::string(kColumns) + "WHERE 1 = 1";
  std::vector<SqlValue> args;
  AppendKeysetPage({q.since, q.until, q.after_created_at, q.after_id, q.limit}, sql, args);
  std::lock_guard lock(conn_.mutex);
  auto rows = conn_.db->Query(sql, args);
  if (!rows.ok()) return rows.status();
  ChallengePage page;
  for (const auto& row : *rows) page.records.push_back(ReadRow(row));
  page.more = MoreThan(page.records, q.limit);
  return page;
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
