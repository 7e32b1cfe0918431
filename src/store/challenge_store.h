// Liveness challenges (issue 18): one row per challenge, in the same
// database as the keys and the audit trail, so replicas sharing PostgreSQL
// answer each other's challenges and a challenge is answered once across all
// of them. The row is also the liveness session's audit record: the
// decision, its score and reasons, never a frame.
//
// Thread contract: thread-safe (serialised on the store's connection).
#pragma once

#include <optional>
#include <string>

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

class ChallengeStore {
 public:
  // Owned by Store, on its connection.
  explicit ChallengeStore(Connection& conn) : conn_(conn) {}

  Status Create(const ChallengeRecord& record);
  // kNotFound when absent.
  Result<ChallengeRecord> Get(const std::string& id);
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
