#include "store/key_store.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include "core/base64.h"
#include "core/sha256.h"
#include "models/model_lock.h"

namespace idmatch::store {
namespace {

// Numbered migrations, applied in order once each (issue 6 adds the audit
// tables as migration 2+). Never edit a published migration; add a new one.
struct Migration {
  const char* sqlite;
  const char* postgres;  // the same schema in PostgreSQL's types
};

constexpr std::array<Migration, 6> kMigrations = {{
    {R"(CREATE TABLE api_keys (
         id TEXT PRIMARY KEY,
         name TEXT NOT NULL,
         role TEXT NOT NULL CHECK (role IN ('user', 'admin')),
         key_sha256 TEXT NOT NULL,
         created_at TEXT NOT NULL,
         revoked_at TEXT))",
     nullptr},  // nullptr: the SQLite text is valid PostgreSQL as it stands
    // One row per answered verification (store/audit_log.h). No images, no
    // embeddings: decision facts only.
    {R"(CREATE TABLE verifications (
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
     R"(CREATE TABLE verifications (
         id TEXT PRIMARY KEY,
         created_at TEXT NOT NULL,
         key_id TEXT NOT NULL,
         route TEXT NOT NULL,
         decision TEXT NOT NULL CHECK (decision IN ('match', 'no_match')),
         similarity DOUBLE PRECISION NOT NULL,
         threshold DOUBLE PRECISION NOT NULL,
         reasons TEXT NOT NULL,
         model_versions TEXT NOT NULL,
         latency_ms DOUBLE PRECISION NOT NULL);
       CREATE INDEX verifications_key_time ON verifications (key_id, created_at))"},
    // Quality and liveness outcomes: the filter applied, per image whether the
    // deciding face passed and its measure scores (no pixels), the liveness
    // reason and score (NULL when not assessed).
    {R"(ALTER TABLE verifications ADD COLUMN quality_filter TEXT NOT NULL DEFAULT '';
       ALTER TABLE verifications ADD COLUMN quality TEXT NOT NULL DEFAULT '{}';
       ALTER TABLE verifications ADD COLUMN liveness TEXT NOT NULL DEFAULT '';
       ALTER TABLE verifications ADD COLUMN liveness_score REAL)",
     R"(ALTER TABLE verifications ADD COLUMN quality_filter TEXT NOT NULL DEFAULT '';
       ALTER TABLE verifications ADD COLUMN quality TEXT NOT NULL DEFAULT '{}';
       ALTER TABLE verifications ADD COLUMN liveness TEXT NOT NULL DEFAULT '';
       ALTER TABLE verifications ADD COLUMN liveness_score DOUBLE PRECISION)"},
    // Opt-in face embeddings (server config audit_store_embeddings); NULL
    // unless the operator enabled storing them.
    {R"(ALTER TABLE verifications ADD COLUMN embeddings TEXT)", nullptr},
    // Document checks of the target (JSON; NULL when the compare did not read
    // a document), the keyed hash of the document number, the number itself
    // only with audit_store_document_number, and store-wide settings (the
    // document-number hash key, created once per database).
    {R"(ALTER TABLE verifications ADD COLUMN document TEXT;
       ALTER TABLE verifications ADD COLUMN document_number_hash TEXT;
       ALTER TABLE verifications ADD COLUMN document_number TEXT;
       CREATE INDEX verifications_document_hash ON verifications (document_number_hash);
       CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL))",
     nullptr},
    // The model profile whose scale similarity and threshold are on (rows
    // written before profiles existed were all 'default').
    {R"(ALTER TABLE verifications ADD COLUMN model_profile TEXT NOT NULL DEFAULT 'default')", nullptr},
}};

std::string Hex(const unsigned char* p, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += kDigits[p[i] >> 4];
    s += kDigits[p[i] & 15];
  }
  return s;
}

ApiKeyInfo RowToInfo(const SqlRow& r) {
  // The schema's CHECK allows only the two names; anything else reads as the lesser role.
  return ApiKeyInfo{r[0].value_or(""), r[1].value_or(""), ParseKeyRole(r[2].value_or("")).value_or(KeyRole::kUser),
                    r[3].value_or(""), r[4]};
}

}  // namespace

std::string_view KeyRoleName(KeyRole role) { return role == KeyRole::kAdmin ? "admin" : "user"; }

std::optional<KeyRole> ParseKeyRole(std::string_view name) {
  if (name == "user") return KeyRole::kUser;
  if (name == "admin") return KeyRole::kAdmin;
  return std::nullopt;
}

Result<std::unique_ptr<KeyStore>> KeyStore::Open(const std::string& location) {
  auto db = IsPostgresUrl(location) ? OpenPostgres(location) : OpenSqlite(location + "/idmatch.db");
  if (!db.ok()) return db.status();
  std::unique_ptr<KeyStore> store(new KeyStore(std::move(db).value()));
  if (Status s = store->Migrate(); !s.ok()) return s;
  return store;
}

KeyStore::~KeyStore() = default;

Status KeyStore::Migrate() {
  std::lock_guard lock(mutex_);
  // Every pending migration in one transaction under the schema lock, so two
  // processes starting together cannot both apply one.
  if (Status s = db_->BeginExclusive(); !s.ok()) return s;
  auto fail = [&](int version) {
    db_->Rollback();
    std::string msg = "database migration ";
    return Status(ErrorCode::kUnavailable, msg.append(std::to_string(version)).append(" failed on ").append(path()));
  };
  if (!db_->ExecScript("CREATE TABLE IF NOT EXISTS schema_migrations "
                       "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
           .ok()) {
    return fail(0);
  }
  auto applied = db_->Query("SELECT version FROM schema_migrations");
  if (!applied.ok()) return fail(0);
  std::vector<int> done;
  for (const auto& row : *applied) done.push_back(std::atoi(row[0].value_or("0").c_str()));
  const bool postgres = db_->engine() == "postgres";
  for (size_t i = 0; i < kMigrations.size(); ++i) {
    const int version = static_cast<int>(i) + 1;
    if (std::find(done.begin(), done.end(), version) != done.end()) continue;
    const char* sql = postgres && kMigrations[i].postgres ? kMigrations[i].postgres : kMigrations[i].sqlite;
    if (!db_->ExecScript(sql).ok()) return fail(version);
    if (!db_->Execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                      {std::to_string(version), NowUtc()})
             .ok()) {
      return fail(version);
    }
  }
  // The document-number hash key: 256 random bits, created by whichever
  // process migrates first and then shared by every replica of this store.
  unsigned char key_bytes[32];
  if (RAND_bytes(key_bytes, sizeof key_bytes) != 1) return fail(0);
  if (!db_->Execute("INSERT INTO settings (name, value) VALUES ('document_hash_key', ?) ON CONFLICT (name) DO NOTHING",
                    {Hex(key_bytes, sizeof key_bytes)})
           .ok()) {
    return fail(0);
  }
  auto key = db_->Query("SELECT value FROM settings WHERE name = 'document_hash_key'");
  if (!key.ok() || key->empty() || !(*key)[0][0]) return fail(0);
  document_hash_key_ = *(*key)[0][0];
  return db_->Commit();
}

Result<CreatedKey> KeyStore::Create(const std::string& name, KeyRole role) {
  if (name.empty() || name.size() > 100) return Status(ErrorCode::kInvalidArgument, "name must be 1..100 characters");
  unsigned char id_bytes[8], secret_bytes[32];
  if (RAND_bytes(id_bytes, sizeof id_bytes) != 1 || RAND_bytes(secret_bytes, sizeof secret_bytes) != 1) {
    return Status(ErrorCode::kInternal, "the random number generator failed");
  }
  CreatedKey k;
  k.info = {Hex(id_bytes, sizeof id_bytes), name, role, NowUtc(), std::nullopt};
  std::string secret = base64::Encode(std::string_view(reinterpret_cast<char*>(secret_bytes), sizeof secret_bytes));
  for (auto& c : secret) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!secret.empty() && secret.back() == '=') secret.pop_back();
  k.secret = "idm_" + k.info.id + "_" + secret;
  const std::string hash = sha256::Hex(k.secret);
  std::lock_guard lock(mutex_);
  auto inserted = db_->Execute("INSERT INTO api_keys (id, name, role, key_sha256, created_at) VALUES (?, ?, ?, ?, ?)",
                               {k.info.id, name, std::string(KeyRoleName(role)), hash, k.info.created_at});
  if (!inserted.ok()) return inserted.status();
  return k;
}

Result<std::vector<ApiKeyInfo>> KeyStore::List() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query("SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at, id");
  if (!rows.ok()) return rows.status();
  std::vector<ApiKeyInfo> out;
  for (const auto& r : *rows) out.push_back(RowToInfo(r));
  return out;
}

Status KeyStore::Revoke(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto changed = db_->Execute("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", {NowUtc(), id});
  if (!changed.ok()) return changed.status();
  if (*changed == 0) return Status(ErrorCode::kNotFound, "no API key with id " + id);
  return Status::Ok();
}

Result<ApiKeyInfo> KeyStore::Authenticate(const std::string& presented) {
  const Status unknown(ErrorCode::kUnauthenticated, "the API key is not valid");
  if (presented.size() < 22 || presented.size() > 200 || presented.rfind("idm_", 0) != 0 || presented[20] != '_') {
    return unknown;
  }
  const std::string id = presented.substr(4, 16);
  const std::string hash = sha256::Hex(presented);
  std::lock_guard lock(mutex_);
  auto rows = db_->Query("SELECT id, name, role, created_at, revoked_at, key_sha256 FROM api_keys WHERE id = ?", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return unknown;
  const std::string stored = (*rows)[0][5].value_or("");
  if (stored.size() != hash.size() || CRYPTO_memcmp(stored.data(), hash.data(), hash.size()) != 0) return unknown;
  ApiKeyInfo info = RowToInfo((*rows)[0]);
  if (info.revoked_at) return Status(ErrorCode::kPermissionDenied, "the API key was revoked");
  return info;
}

Result<int> KeyStore::Count() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query("SELECT COUNT(*) FROM api_keys");
  if (!rows.ok()) return rows.status();
  return std::atoi((*rows)[0][0].value_or("0").c_str());
}

std::string KeyStore::DocumentNumberHash(std::string_view issuing_country, std::string_view number) const {
  // Normalised so the barcode's and the MRZ's spelling of one number agree.
  std::string message;
  for (std::string_view part : {issuing_country, std::string_view("|"), number}) {
    for (char c : part) {
      if (c == ' ' || c == '<' || c == '-') continue;
      message += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), document_hash_key_.data(), static_cast<int>(document_hash_key_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &mac_len);
  return Hex(mac, mac_len);
}

bool KeyStore::Healthy() {
  std::lock_guard lock(mutex_);
  return db_->Query("SELECT 1 FROM schema_migrations LIMIT 1").ok();
}

}  // namespace idmatch::store
