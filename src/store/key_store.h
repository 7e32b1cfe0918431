// API keys in the store's database: embedded SQLite (<data-dir>/idmatch.db)
// or PostgreSQL (a postgres:// URL; replicas then share one key table). Only
// the SHA-256 of each key is stored; the key itself is shown once.
//
// Key format: "idm_" + 16 hex key id + "_" + 43 base64url chars (256 random
// bits). The id part lets a lookup find the row without scanning; the secret
// is compared by hash in constant time.
//
// Thread contract: all methods thread-safe (one connection, serialised).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "idmatch/status.h"
#include "store/sql_db.h"

namespace idmatch::store {

// What a key may do: kUser compares and reads its own audit rows; kAdmin
// also reads and deletes every key's rows.
enum class KeyRole { kUser, kAdmin };
std::string_view KeyRoleName(KeyRole role);  // "user", "admin" (stored in the database)
std::optional<KeyRole> ParseKeyRole(std::string_view name);

struct ApiKeyInfo {
  std::string id;    // public key id (16 hex chars)
  std::string name;  // operator's label
  KeyRole role = KeyRole::kUser;
  std::string created_at;  // ISO 8601 UTC
  std::optional<std::string> revoked_at;
};

struct CreatedKey {
  ApiKeyInfo info;
  std::string secret;  // the full key; never stored, shown once
};

class KeyStore {
 public:
  // `location`: a postgres:// or postgresql:// URL, or else a data directory
  // whose idmatch.db is opened (created when absent) in WAL mode. Applies the
  // numbered migrations. kUnavailable naming the location when it cannot.
  static Result<std::unique_ptr<KeyStore>> Open(const std::string& location);
  ~KeyStore();

  Result<CreatedKey> Create(const std::string& name, KeyRole role);
  Result<std::vector<ApiKeyInfo>> List();
  // kNotFound when no such id; revoking twice keeps the first time.
  Status Revoke(const std::string& id);
  // The key's record when `presented` is a known key. kUnauthenticated for an
  // unknown or malformed key, kPermissionDenied for a revoked one.
  Result<ApiKeyInfo> Authenticate(const std::string& presented);
  // Number of keys (revoked included); used to create the first key once.
  Result<int> Count();
  // HMAC-SHA256 (hex) of a document number and its issuing country under this
  // store's random key (created once per database, shared by replicas): the
  // audit trail can link verifications of one document without holding its
  // number. Upper-cased; spaces, '-' and MRZ fillers '<' ignored.
  std::string DocumentNumberHash(std::string_view issuing_country, std::string_view number) const;
  // A trivial query: is the database reachable (for /readyz)?
  bool Healthy();
  // The SQLite file path, or the PostgreSQL URL without its password.
  const std::string& path() const { return db_->location(); }
  std::string_view engine() const { return db_->engine(); }

 private:
  friend class AuditLog;  // shares this connection and its mutex
  explicit KeyStore(std::unique_ptr<SqlDb> db) : db_(std::move(db)) {}
  Status Migrate();

  std::unique_ptr<SqlDb> db_;
  std::mutex mutex_;
  std::string document_hash_key_;  // hex; set by Migrate()
};

}  // namespace idmatch::store
