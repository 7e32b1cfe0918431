#include "store/store.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include "core/sha256.h"

namespace idmatch::store {
namespace {

// Numbered migrations, applied in order once each (issue 6 adds the audit
// tables as migration 2+). Never edit a published migration; add a new one.
struct Migration {
  const char* sqlite;
  const char* postgres;  // the same schema in PostgreSQL's types
};

constexpr std::array<Migration, 9> kMigrations = {{
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
    // The similarity scale's version (rows written before the calibrated
    // scale were on version 1, the per-profile raw scores).
    {R"(ALTER TABLE verifications ADD COLUMN similarity_scale INTEGER NOT NULL DEFAULT 1)", nullptr},
    // AWS access key ids of keys made with `keys create --aws` (NULL for the
    // rest). Only the id: the secret is derived from the store's master
    // secret, which lives outside the database (store/aws_credentials.h).
    {R"(ALTER TABLE api_keys ADD COLUMN aws_access_key_id TEXT;
       CREATE UNIQUE INDEX api_keys_aws_access_key_id ON api_keys (aws_access_key_id))",
     nullptr},
    // Liveness challenges (store/challenge_store.h): answered once; the row
    // keeps the decision (live, score, reasons), never a frame. live and
    // matched are 0/1 integers in both engines.
    {R"(CREATE TABLE liveness_challenges (
         id TEXT PRIMARY KEY,
         key_id TEXT NOT NULL,
         actions TEXT NOT NULL,
         created_at TEXT NOT NULL,
         expires_at TEXT NOT NULL,
         answered_at TEXT,
         outcome TEXT NOT NULL DEFAULT '',
         live INTEGER,
         score REAL,
         reasons TEXT NOT NULL DEFAULT '[]',
         similarity REAL,
         matched INTEGER,
         latency_ms REAL);
       CREATE INDEX liveness_challenges_created ON liveness_challenges (created_at))",
     R"(CREATE TABLE liveness_challenges (
         id TEXT PRIMARY KEY,
         key_id TEXT NOT NULL,
         actions TEXT NOT NULL,
         created_at TEXT NOT NULL,
         expires_at TEXT NOT NULL,
         answered_at TEXT,
         outcome TEXT NOT NULL DEFAULT '',
         live INTEGER,
         score DOUBLE PRECISION,
         reasons TEXT NOT NULL DEFAULT '[]',
         similarity DOUBLE PRECISION,
         matched INTEGER,
         latency_ms DOUBLE PRECISION);
       CREATE INDEX liveness_challenges_created ON liveness_challenges (created_at))"},
}};

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& location) {
  auto db = IsPostgresUrl(location) ? OpenPostgres(location) : OpenSqlite(location + "/idmatch.db");
  if (!db.ok()) return db.status();
  std::unique_ptr<Store> store(new Store(std::move(db).value()));
  if (Status s = store->Migrate(); !s.ok()) return s;
  return store;
}

Store::Store(std::unique_ptr<SqlDb> db) : keys_(conn_), audit_(conn_), challenges_(conn_) { conn_.db = std::move(db); }
Store::~Store() = default;

Status Store::Migrate() {
  std::lock_guard lock(conn_.mutex);
  // Every pending migration in one transaction under the schema lock, so two
  // processes starting together cannot both apply one.
  if (Status s = conn_.db->BeginExclusive(); !s.ok()) return s;
  auto fail = [&](int version) {
    conn_.db->Rollback();
    std::string msg = "database migration ";
    return Status(ErrorCode::kUnavailable, msg.append(std::to_string(version)).append(" failed on ").append(path()));
  };
  if (!conn_.db
           ->ExecScript("CREATE TABLE IF NOT EXISTS schema_migrations "
                        "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
           .ok()) {
    return fail(0);
  }
  auto applied = conn_.db->Query("SELECT version FROM schema_migrations");
  if (!applied.ok()) return fail(0);
  std::vector<int> done;
  for (const auto& row : *applied) done.push_back(std::atoi(row[0].value_or("0").c_str()));
  const bool postgres = conn_.db->engine() == "postgres";
  for (size_t i = 0; i < kMigrations.size(); ++i) {
    const int version = static_cast<int>(i) + 1;
    if (std::find(done.begin(), done.end(), version) != done.end()) continue;
    const char* sql = postgres && kMigrations[i].postgres ? kMigrations[i].postgres : kMigrations[i].sqlite;
    if (!conn_.db->ExecScript(sql).ok()) return fail(version);
    if (!conn_.db
             ->Execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                       {std::to_string(version), NowUtc()})
             .ok()) {
      return fail(version);
    }
  }
  // The document-number hash key: 256 random bits, created by whichever
  // process migrates first and then shared by every replica of this store.
  unsigned char key_bytes[32];
  if (RAND_bytes(key_bytes, sizeof key_bytes) != 1) return fail(0);
  if (!conn_.db
           ->Execute("INSERT INTO settings (name, value) VALUES ('document_hash_key', ?) ON CONFLICT (name) DO NOTHING",
                     {sha256::HexOf(key_bytes, sizeof key_bytes)})
           .ok()) {
    return fail(0);
  }
  auto key = conn_.db->Query("SELECT value FROM settings WHERE name = 'document_hash_key'");
  if (!key.ok() || key->empty() || !(*key)[0][0]) return fail(0);
  document_hash_key_ = *(*key)[0][0];
  return conn_.db->Commit();
}

std::string Store::DocumentNumberHash(std::string_view issuing_country, std::string_view number) const {
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
  return sha256::HexOf(mac, mac_len);
}

bool Store::Healthy() {
  std::lock_guard lock(conn_.mutex);
  return conn_.db
      ->Execute(
          "INSERT INTO settings (name, value) VALUES ('readyz_probe', ?) "
          "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
          {NowUtc()})
      .ok();
}

}  // namespace idmatch::store
