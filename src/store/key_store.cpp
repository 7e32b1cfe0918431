#include "store/key_store.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include <array>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "api/base64.h"
#include "core/log.h"
#include "models/model_lock.h"
#include "store/sqlite_util.h"

namespace idmatch::store {
namespace {

// Numbered migrations, applied in order once each (issue 6 adds the audit
// tables as migration 2+). Never edit a published migration; add a new one.
constexpr std::array<const char*, 3> kMigrations = {
    R"(CREATE TABLE api_keys (
         id TEXT PRIMARY KEY,
         name TEXT NOT NULL,
         role TEXT NOT NULL CHECK (role IN ('user', 'admin')),
         key_sha256 TEXT NOT NULL,
         created_at TEXT NOT NULL,
         revoked_at TEXT))",
    // One row per answered verification (store/audit_log.h). No images, no
    // embeddings: decision facts only.
    R"(CREATE TABLE verifications (
         id TEXT PRIMARY KEY,
         created_at TEXT NOT NULL,
         key_id TEXT NOT NULL,
         route TEXT NOT NULL,
         decision TEXT NOT NULL CHECK (decision IN ('match', 'no_match')),
         similarity REAL NOT NULL,
         threshold REAL NOT NULL,
         reasons TEXT NOT NULL,
         model_versions TEXT NOT NULL,
         latency_ms REAL NOT NULL);
       CREATE INDEX verifications_key_time ON verifications (key_id, created_at))",
    // Quality and liveness outcomes: the filter applied, per image whether the
    // deciding face passed and its measure scores (no pixels), the liveness
    // reason and score (NULL when not assessed).
    R"(ALTER TABLE verifications ADD COLUMN quality_filter TEXT NOT NULL DEFAULT '';
       ALTER TABLE verifications ADD COLUMN quality TEXT NOT NULL DEFAULT '{}';
       ALTER TABLE verifications ADD COLUMN liveness TEXT NOT NULL DEFAULT '';
       ALTER TABLE verifications ADD COLUMN liveness_score REAL)",
};

std::string Hex(const unsigned char* p, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += kDigits[p[i] >> 4];
    s += kDigits[p[i] & 15];
  }
  return s;
}

ApiKeyInfo RowToInfo(sqlite3_stmt* s) {
  ApiKeyInfo k{Text(s, 0), Text(s, 1), Text(s, 2), Text(s, 3), std::nullopt};
  if (sqlite3_column_type(s, 4) != SQLITE_NULL) k.revoked_at = Text(s, 4);
  return k;
}

Status DbError(sqlite3* db, const std::string& what) {
  IDMATCH_LOG_ERROR("sqlite: " + what + ": " + sqlite3_errmsg(db));
  return Status(ErrorCode::kUnavailable, "the key database is not available");
}

}  // namespace

Result<std::unique_ptr<KeyStore>> KeyStore::Open(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  std::unique_ptr<KeyStore> store(new KeyStore());
  store->path_ = data_dir + "/idmatch.db";
  if (sqlite3_open_v2(store->path_.c_str(), &store->db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
    return Status(ErrorCode::kUnavailable, "cannot open the database " + store->path_);
  }
  sqlite3_busy_timeout(store->db_, 5000);
  if (Status s = store->Exec("PRAGMA journal_mode=WAL"); !s.ok()) return s;
  if (Status s = store->Exec("PRAGMA synchronous=FULL"); !s.ok()) return s;
  if (Status s = store->Migrate(); !s.ok()) return s;
  return store;
}

KeyStore::~KeyStore() { sqlite3_close_v2(db_); }

Status KeyStore::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    IDMATCH_LOG_ERROR(std::string("sqlite exec failed: ") + (err ? err : "?"));
    sqlite3_free(err);
    return Status(ErrorCode::kUnavailable, "the database at " + path_ + " could not be initialised");
  }
  return Status::Ok();
}

Status KeyStore::Migrate() {
  std::lock_guard lock(mutex_);
  if (Status s =
          Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
      !s.ok()) {
    return s;
  }
  for (size_t i = 0; i < kMigrations.size(); ++i) {
    const int version = static_cast<int>(i) + 1;
    // Check inside the write transaction so two processes starting together
    // cannot both apply the same migration.
    if (Status s = Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
    bool applied_before = false;
    {
      Stmt q;
      sqlite3_prepare_v2(db_, "SELECT 1 FROM schema_migrations WHERE version = ?", -1, &q.s, nullptr);
      sqlite3_bind_int(q.s, 1, version);
      applied_before = sqlite3_step(q.s) == SQLITE_ROW;
    }
    if (applied_before) {
      if (Status s = Exec("COMMIT"); !s.ok()) return s;
      continue;
    }
    Status applied = Exec(kMigrations[i]);
    Stmt ins;
    sqlite3_prepare_v2(db_, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", -1, &ins.s, nullptr);
    sqlite3_bind_int(ins.s, 1, version);
    const std::string now = NowUtc();
    sqlite3_bind_text(ins.s, 2, now.c_str(), -1, SQLITE_TRANSIENT);
    if (!applied.ok() || sqlite3_step(ins.s) != SQLITE_DONE) {
      (void)Exec("ROLLBACK");
      return Status(ErrorCode::kUnavailable, "database migration " + std::to_string(version) + " failed");
    }
    if (Status s = Exec("COMMIT"); !s.ok()) return s;
  }
  return Status::Ok();
}

Result<CreatedKey> KeyStore::Create(const std::string& name, const std::string& role) {
  if (role != "user" && role != "admin") return Status(ErrorCode::kInvalidArgument, "role must be user or admin");
  if (name.empty() || name.size() > 100) return Status(ErrorCode::kInvalidArgument, "name must be 1..100 characters");
  unsigned char id_bytes[8], secret_bytes[32];
  if (RAND_bytes(id_bytes, sizeof id_bytes) != 1 || RAND_bytes(secret_bytes, sizeof secret_bytes) != 1) {
    return Status(ErrorCode::kInternal, "the random number generator failed");
  }
  CreatedKey k;
  k.info = {Hex(id_bytes, sizeof id_bytes), name, role, NowUtc(), std::nullopt};
  std::string secret = api::EncodeBase64(std::string_view(reinterpret_cast<char*>(secret_bytes), sizeof secret_bytes));
  for (auto& c : secret) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!secret.empty() && secret.back() == '=') secret.pop_back();
  k.secret = "idm_" + k.info.id + "_" + secret;
  const std::string hash = models::Sha256Hex(k.secret);
  std::lock_guard lock(mutex_);
  Stmt s;
  sqlite3_prepare_v2(db_, "INSERT INTO api_keys (id, name, role, key_sha256, created_at) VALUES (?, ?, ?, ?, ?)", -1,
                     &s.s, nullptr);
  sqlite3_bind_text(s.s, 1, k.info.id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s.s, 2, name.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s.s, 3, role.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s.s, 4, hash.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s.s, 5, k.info.created_at.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s.s) != SQLITE_DONE) return DbError(db_, "insert key");
  return k;
}

Result<std::vector<ApiKeyInfo>> KeyStore::List() {
  std::lock_guard lock(mutex_);
  Stmt s;
  sqlite3_prepare_v2(db_, "SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at, id", -1,
                     &s.s, nullptr);
  std::vector<ApiKeyInfo> out;
  int rc;
  while ((rc = sqlite3_step(s.s)) == SQLITE_ROW) out.push_back(RowToInfo(s.s));
  if (rc != SQLITE_DONE) return DbError(db_, "list keys");
  return out;
}

Status KeyStore::Revoke(const std::string& id) {
  std::lock_guard lock(mutex_);
  Stmt s;
  sqlite3_prepare_v2(db_, "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", -1, &s.s, nullptr);
  const std::string now = NowUtc();
  sqlite3_bind_text(s.s, 1, now.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s.s, 2, id.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s.s) != SQLITE_DONE) return DbError(db_, "revoke key");
  if (sqlite3_changes(db_) == 0) return Status(ErrorCode::kNotFound, "no API key with id " + id);
  return Status::Ok();
}

Result<ApiKeyInfo> KeyStore::Authenticate(const std::string& presented) {
  const Status unknown(ErrorCode::kUnauthenticated, "the API key is not valid");
  if (presented.size() < 22 || presented.size() > 200 || presented.rfind("idm_", 0) != 0 || presented[20] != '_') {
    return unknown;
  }
  const std::string id = presented.substr(4, 16);
  const std::string hash = models::Sha256Hex(presented);
  std::lock_guard lock(mutex_);
  Stmt s;
  sqlite3_prepare_v2(db_, "SELECT id, name, role, created_at, revoked_at, key_sha256 FROM api_keys WHERE id = ?", -1,
                     &s.s, nullptr);
  sqlite3_bind_text(s.s, 1, id.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(s.s);
  if (rc == SQLITE_DONE) return unknown;
  if (rc != SQLITE_ROW) return DbError(db_, "authenticate");
  const std::string stored = Text(s.s, 5);
  if (stored.size() != hash.size() || CRYPTO_memcmp(stored.data(), hash.data(), hash.size()) != 0) return unknown;
  ApiKeyInfo info = RowToInfo(s.s);
  if (info.revoked_at) return Status(ErrorCode::kPermissionDenied, "the API key was revoked");
  return info;
}

Result<int> KeyStore::Count() {
  std::lock_guard lock(mutex_);
  Stmt s;
  sqlite3_prepare_v2(db_, "SELECT COUNT(*) FROM api_keys", -1, &s.s, nullptr);
  if (sqlite3_step(s.s) != SQLITE_ROW) return DbError(db_, "count keys");
  return sqlite3_column_int(s.s, 0);
}

bool KeyStore::Healthy() {
  std::lock_guard lock(mutex_);
  Stmt s;
  return sqlite3_prepare_v2(db_, "SELECT 1 FROM schema_migrations LIMIT 1", -1, &s.s, nullptr) == SQLITE_OK &&
         sqlite3_step(s.s) != SQLITE_ERROR;
}

}  // namespace idmatch::store
