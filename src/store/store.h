// The service's database: one connection (embedded SQLite or PostgreSQL),
// its numbered migrations and store-wide secrets, and the two stores that
// share it as equals: API keys, the audit log and liveness challenges.
//
// Thread contract: every method is thread-safe; statements on the one
// connection are serialised by Connection::mutex.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "idmatch/status.h"
#include "store/audit_log.h"
#include "store/challenge_store.h"
#include "store/key_store.h"
#include "store/sql_db.h"

namespace idmatch::store {

class Store {
 public:
  // `location`: a postgres:// or postgresql:// URL, or else a data directory
  // whose idmatch.db is opened (created when absent, 0600 in a 0700
  // directory) in WAL mode. Applies the numbered migrations in one
  // transaction under the engine's schema lock. kUnavailable naming the
  // location when it cannot.
  static Result<std::unique_ptr<Store>> Open(const std::string& location);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  KeyStore& keys() { return keys_; }
  AuditLog& audit() { return audit_; }
  ChallengeStore& challenges() { return challenges_; }

  // HMAC-SHA256 (hex) of a document number and its issuing country under this
  // store's random key (created once per database, shared by replicas): the
  // audit trail can link verifications of one document without holding its
  // number. Upper-cased; spaces, '-' and MRZ fillers '<' ignored.
  std::string DocumentNumberHash(std::string_view issuing_country, std::string_view number) const;
  // Is the database reachable *and writable* (for /readyz)? Writes the time
  // into the settings row 'readyz_probe' in a transaction: a read-only file,
  // a full disk or a PostgreSQL replica in recovery all answer false, where
  // every compare would fail its audit write.
  bool Healthy();
  // The SQLite file path, or the PostgreSQL URL without its password.
  const std::string& path() const { return conn_.db->location(); }
  std::string_view engine() const { return conn_.db->engine(); }

 private:
  explicit Store(std::unique_ptr<SqlDb> db);
  Status Migrate();

  Connection conn_;
  std::string document_hash_key_;  // hex; set by Migrate()
  KeyStore keys_;
  AuditLog audit_;
  ChallengeStore challenges_;
};

}  // namespace idmatch::store
