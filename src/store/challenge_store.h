// Liveness challenges (issue 18): one row per challenge, in the same
// database as the keys and the audit trail, so replicas sharing PostgreSQL
// answer each other's challenges and a challenge is answered once across all
// of them. The row is also the liveness session's audit record: the
// decision, its score and reasons, never a frame.
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

struct ChallengeRecord {
  std::string id;
  std::string key_id;      // the key that asked for it ("" without authentication)
  std::string actions;     // "turn_left,blink"
  std::string created_at;  // ISO 8601 UTC
  std::string expires_at;  // ISO 8601 UTC
  // Set once, when the challenge is answered (or refused as expired).
  std::optional<std::string> answered_at;
  std::optional<bool> live;
  std::optional<double> score;       // 0..100
  std::string reasons_json = "[]";   // reason codes of the decision
  std::optional<double> similarity;  // against the ID photo, when one was given
  std::optional<bool> match;         // at the service's threshold
  std::optional<double> latency_ms;
  std::string outcome;  // "", "judged", "expired"
};

// A page of challenges in (created_at, id) order, for the audit export.
struct ChallengeQuery {
  std::string since;             // ISO 8601 UTC, inclusive; "" = no bound
  std::string until;             // ISO 8601 UTC, exclusive; "" = no bound
  int limit = 100;               // 1..1000
  std::string after_created_at;  // keyset cursor: rows strictly after
  std::string after_id;          // (after_created_at, after_id)
};

struct ChallengePage {
  std::vector<ChallengeRecord> records;
  bool more = false;  // another page follows the last record
};

// The record as `GET /v1/liveness/challenges/{id}` (without key_id) and
// `idmatch audit export --liveness` show it: id, key_id, actions (names),
// created_at, expires_at, state (pending, judged, expired), and once
// answered answered_at, live, score, reasons, similarity, match, latency_ms.
nlohmann::json ChallengeRecordJson(const ChallengeRecord& r);

class ChallengeStore {
 public:
  // Owned by Store, on its connection.
  explicit ChallengeStore(Connection& conn) : conn_(conn) {}

  Status Create(const ChallengeRecord& record);
  // kNotFound when absent.
  Result<ChallengeRecord> Get(const std::string& id);
  Result<ChallengePage> List(const ChallengeQuery& q);
  // Marks the challenge answered with `record`'s outcome fields, only if it
  // was not answered yet: true when this call answered it, false when another
  // answer came first (the one-time rule, atomic across replicas).
  Result<bool> Answer(const ChallengeRecord& record);
  // Deletes challenges created before `before` (ISO 8601 UTC), answered or
  // not; returns how many (retention).
  Result<int64_t> DeleteCreatedBefore(const std::string& before);

 private:
  Connection& conn_;
};

}  // namespace idmatch::store
