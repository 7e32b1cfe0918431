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
  // With Create(..., aws = true): the AWS access key id ("IDMA" + 16
  // upper-case hex); its secret is DeriveAwsSecret(master, id), never stored.
  std::string aws_access_key_id;
};

// The public key id of a presented key ("idm_<16 hex id>_<secret>", 22..200
// characters), or nullopt when it does not have that form. Safe to log.
std::optional<std::string> KeyIdOf(std::string_view presented);

// API keys: only their SHA-256 is stored. Owned by Store, on its connection.
class KeyStore {
 public:
  explicit KeyStore(Connection& conn) : conn_(conn) {}

  // `aws`: the key also gets an AWS access key id (Signature V4 routes).
  Result<CreatedKey> Create(const std::string& name, KeyRole role, bool aws = false);
  Result<std::vector<ApiKeyInfo>> List();
  // kNotFound when no such id; revoking twice keeps the first time.
  Status Revoke(const std::string& id);
  // The key's record when `presented` is a known key. kUnauthenticated for an
  // unknown or malformed key, kPermissionDenied for a revoked one.
  Result<ApiKeyInfo> Authenticate(const std::string& presented);
  // The key an AWS access key id belongs to: kUnauthenticated when unknown,
  // kPermissionDenied when the key was revoked (one revocation covers both
  // ways of presenting it).
  Result<ApiKeyInfo> FindAws(const std::string& access_key_id);
  // Number of keys (revoked included); used to create the first key once.
  Result<int> Count();

 private:
  Connection& conn_;
};

}  // namespace idmatch::store
