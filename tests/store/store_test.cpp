// The store test suite, run against both engines: embedded SQLite always,
// PostgreSQL when IDMATCH_TEST_POSTGRES_URL names a database
// (tests/store/pg_test.sh starts a real server on loopback and sets it;
// without it the PostgreSQL cases are reported as skipped).
#include "store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "core/sha256.h"
#include "store/audit_log.h"
#include "store/key_store.h"
#include "store/retention.h"
#include "store/sql_db.h"
#include "store_engines.h"
#include "support/image_factory.h"

namespace idmatch::store {
namespace {

TEST_P(StoreEngines, KeysAreStoredHashedAndAuthenticate) {
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->engine(), GetParam());
  auto k = store->keys().Create("ops", KeyRole::kAdmin);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->secret.rfind("idm_" + k->info.id + "_", 0), 0u);
  auto who = store->keys().Authenticate(k->secret);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->role, KeyRole::kAdmin);
  std::string tampered = k->secret;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(store->keys().Authenticate(tampered).status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(store->keys().Revoke("ffffffffffffffff").code(), ErrorCode::kNotFound);
  ASSERT_TRUE(store->keys().Revoke(k->info.id).ok());
  EXPECT_EQ(store->keys().Authenticate(k->secret).status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(store->keys().List()->size(), 1u);
  EXPECT_EQ(*store->keys().Count(), 1);
  EXPECT_TRUE(store->Healthy());
  // The database never contains the key itself, only its SHA-256.
  EXPECT_EQ(Everything(*store).find(k->secret.substr(21)), std::string::npos);
  // A second connection (another replica) sees the same keys.
  auto replica = Open();
  ASSERT_TRUE(replica);
  EXPECT_EQ(replica->keys().Authenticate(k->secret).status().code(), ErrorCode::kPermissionDenied);
}

TEST_P(StoreEngines, AuditKeysetPagingFiltersAndRetention) {
  auto keys = Open();
  ASSERT_TRUE(keys);
  AuditLog& audit = keys->audit();
  // 25 rows over three days, two keys, alternating decisions; equal timestamps share a day.
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(audit.Record(Row(i)).ok());
  EXPECT_EQ(audit.Record(Row(0)).code(), ErrorCode::kUnavailable);  // ids are unique
  AuditQuery q;
  q.limit = 7;
  std::vector<std::string> seen;
  while (true) {
    auto page = audit.List(q);
    ASSERT_TRUE(page.ok());
    for (const auto& r : page->records) seen.push_back(r.id);
    if (!page->more) break;
    ASSERT_TRUE(DecodeAuditCursor(EncodeAuditCursor(page->records.back()), q));
  }
  ASSERT_EQ(seen.size(), 25u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  AuditQuery filtered;
  filtered.key_id = "bbbbbbbbbbbbbbbb";
  EXPECT_EQ(audit.List(filtered)->records.size(), 5u);
  filtered = {};
  filtered.decision = "match";
  filtered.since = "2026-01-02T00:00:00Z";
  filtered.until = "2026-01-03T00:00:00Z";
  EXPECT_EQ(audit.List(filtered)->records.size(), 5u);  // rows 10..19, even ones
  AuditQuery bad;
  bad.limit = 0;
  EXPECT_EQ(audit.List(bad).status().code(), ErrorCode::kInvalidArgument);
  AuditQuery junk;
  EXPECT_FALSE(DecodeAuditCursor("!!", junk));
  ASSERT_TRUE(audit.Delete("req_124").ok());
  EXPECT_EQ(audit.Delete("req_124").code(), ErrorCode::kNotFound);
  auto purged = audit.PurgeBefore("2026-01-03T00:00:00Z");
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 20);
  EXPECT_EQ(audit.List(AuditQuery{})->records.size(), 4u);
}

// The service's retention job purges rows older than its window on its own
// thread and stops promptly when destroyed.
TEST_P(StoreEngines, RetentionJobPurgesOldRowsInTheBackground) {
  auto store = Open();
  ASSERT_TRUE(store);
  AuditLog& audit = store->audit();
  VerificationRecord old_row = Row(1);
  old_row.created_at = "2020-01-01T00:00:00Z";
  VerificationRecord new_row = Row(2);
  new_row.created_at = NowUtc();
  ASSERT_TRUE(audit.Record(old_row).ok());
  ASSERT_TRUE(audit.Record(new_row).ok());
  {
    AuditRetention none(audit, 0);  // 0 days: no job at all
  }
  EXPECT_TRUE(audit.Get(old_row.id).ok());
  {
    AuditRetention job(audit, 30, std::chrono::milliseconds(20));
    for (int i = 0; i < 250 && audit.Get(old_row.id).ok(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(audit.Get(old_row.id).status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(audit.Get(new_row.id).ok());
}

TEST_P(StoreEngines, RecordsRoundTripEveryField) {
  auto keys = Open();
  ASSERT_TRUE(keys);
  AuditLog& audit = keys->audit();
  VerificationRecord r = Row(3);
  r.similarity = 68.4567;
  r.threshold = 40;
  r.latency_ms = 12.25;
  r.reasons_json = R"(["SIMILARITY_ABOVE_THRESHOLD"])";
  r.model_versions = "faceplugin-face-recognition-js@0.0.1,@vladmandic/face-api@1.7.15";
  r.model_profile = "fusion";
  r.similarity_scale = 2;
  r.quality_filter = "AUTO";
  r.quality_json = R"({"source":{"passed":true}})";
  r.liveness = "LIVE";
  r.liveness_score = 99.5;
  r.embeddings_json = EmbeddingsJson({1.0f, -0.5f}, {0.25f, 0.0f});
  ASSERT_TRUE(audit.Record(r).ok());
  VerificationRecord unassessed = Row(4);
  unassessed.liveness = "LIVENESS_DISABLED";
  ASSERT_TRUE(audit.Record(unassessed).ok());
  auto got = audit.Get(r.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->created_at, r.created_at);
  EXPECT_EQ(got->key_id, r.key_id);
  EXPECT_EQ(got->match, r.match);
  EXPECT_DOUBLE_EQ(got->similarity, 68.4567);
  EXPECT_DOUBLE_EQ(got->latency_ms, 12.25);
  EXPECT_EQ(got->reasons_json, r.reasons_json);
  EXPECT_EQ(got->quality_json, r.quality_json);
  EXPECT_EQ(got->liveness, "LIVE");
  EXPECT_EQ(got->model_versions, r.model_versions);
  EXPECT_EQ(got->model_profile, "fusion");
  EXPECT_EQ(audit.Get(unassessed.id)->model_profile, "default");
  EXPECT_EQ(got->similarity_scale, 2);
  EXPECT_EQ(audit.Get(unassessed.id)->similarity_scale, 1);
  ASSERT_TRUE(got->liveness_score.has_value());
  EXPECT_DOUBLE_EQ(*got->liveness_score, 99.5);
  EXPECT_FALSE(audit.Get(unassessed.id)->liveness_score.has_value());
  EXPECT_FALSE(audit.Get(unassessed.id)->embeddings_json.has_value());  // not stored unless enabled
  const auto json = AuditRecordJson(*got);
  EXPECT_EQ(json["embeddings"]["encoding"], "float32le-base64");
  EXPECT_EQ(json["model_profile"], "fusion");
  EXPECT_EQ(json["similarity_scale"], 2);
  EXPECT_EQ(json["embeddings"]["source"], "AACAPwAAAL8=");  // 1.0f, -0.5f little-endian
  EXPECT_FALSE(AuditRecordJson(*audit.Get(unassessed.id)).contains("embeddings"));
  EXPECT_EQ(audit.Get("req_nope").status().code(), ErrorCode::kNotFound);
}

TEST_P(StoreEngines, DocumentNumbersAreKeyedHashesSharedByReplicas) {
  auto keys = Open();
  ASSERT_TRUE(keys);
  auto replica = Open();  // a second process on the same store
  ASSERT_TRUE(replica);
  const std::string hash = keys->DocumentNumberHash("USA", "D1234562");
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(replica->DocumentNumberHash("USA", "D1234562"), hash) << "one key per store, not per process";
  EXPECT_EQ(keys->DocumentNumberHash("usa", "d 1234-562<<"), hash) << "spelling differences normalised";
  EXPECT_NE(keys->DocumentNumberHash("USA", "D1234563"), hash);
  EXPECT_NE(keys->DocumentNumberHash("CAN", "D1234562"), hash);
  EXPECT_NE(hash, sha256::Hex("USA|D1234562")) << "keyed, not a bare (guessable) hash";
  AuditLog& audit = keys->audit();
  VerificationRecord r = Row(1);
  r.document_json = R"({"read":true,"type":"DL","checks":[]})";
  r.document_number_hash = hash;
  ASSERT_TRUE(audit.Record(r).ok());
  ASSERT_TRUE(audit.Record(Row(2)).ok());
  auto got = audit.Get(r.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->document_json, r.document_json);
  EXPECT_EQ(got->document_number_hash, hash);
  EXPECT_FALSE(got->document_number.has_value());
  EXPECT_FALSE(audit.Get(Row(2).id)->document_json.has_value());
  AuditQuery q;
  q.document_number_hash = hash;
  auto page = audit.List(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->records.size(), 1u);
  EXPECT_EQ(page->records[0].id, r.id);
  EXPECT_EQ(AuditRecordJson(*got)["document"]["type"], "DL");
}

TEST_P(StoreEngines, ConcurrentOpenersMigrateOnceAndWritersLoseNothing) {
  // Four connections open the empty database at once (four replicas
  // starting together): every one succeeds and the schema is applied once.
  std::vector<std::unique_ptr<Store>> stores(4);
  {
    std::vector<std::thread> openers;
    for (auto& s : stores) openers.emplace_back([&] { s = Open(); });
    for (auto& t : openers) t.join();
  }
  for (const auto& s : stores) ASSERT_TRUE(s);
  // Every connection writes 50 rows from its own thread.
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (size_t w = 0; w < stores.size(); ++w) {
    writers.emplace_back([&, w] {
      AuditLog& audit = stores[w]->audit();
      for (int i = 0; i < 50; ++i) {
        VerificationRecord r = Row(i % 25);
        r.id = "req_w" + std::to_string(w) + "_" + std::to_string(i);
        if (!audit.Record(r).ok()) ++failures;
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0);
  AuditLog& audit = stores[0]->audit();
  AuditQuery all;
  all.limit = 1000;
  EXPECT_EQ(audit.List(all)->records.size(), 200u);
}

// One reading of the key format serves authentication and the failed-auth log.
TEST(KeyFormat, TheKeyIdIsReadOnlyFromAWellFormedKey) {
  const std::string secret(43, 'A');
  EXPECT_EQ(KeyIdOf("idm_0123456789abcdef_" + secret), "0123456789abcdef");
  EXPECT_EQ(KeyIdOf("idm_0123456789abcdef_x"), "0123456789abcdef");  // 22 characters: the shortest accepted
  EXPECT_FALSE(KeyIdOf("idm_0123456789abcdef_"));                    // 21
  EXPECT_FALSE(KeyIdOf("idm_0123456789ABCDEF_" + secret));           // ids are lower-case hex
  EXPECT_FALSE(KeyIdOf("idm_0123456789abcde\n_" + secret));          // nothing log-breaking passes
  EXPECT_FALSE(KeyIdOf("idk_0123456789abcdef_" + secret));
  EXPECT_FALSE(KeyIdOf("idm_0123456789abcdef-" + secret));
  EXPECT_FALSE(KeyIdOf("idm_0123456789abcdef_" + std::string(180, 'A')));  // over 200
}

// The database holds key hashes and the document-number hash key: a data
// directory idmatch creates is 0700, the database and its WAL are 0600.
TEST(SqliteStore, FilesAreReadableByTheOwnerOnly) {
  const fs::path dir = fs::temp_directory_path() / ("idmatch-perm-" + std::to_string(::getpid())) / "data";
  fs::remove_all(dir.parent_path());
  auto store = Store::Open(dir.string());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->keys().Create("perm", KeyRole::kUser).ok());  // a write: the WAL exists now
  auto mode = [](const fs::path& p) { return fs::status(p).permissions() & fs::perms::all; };
  EXPECT_EQ(mode(dir), fs::perms::owner_all);
  EXPECT_EQ(mode((*store)->path()), fs::perms::owner_read | fs::perms::owner_write);
  ASSERT_TRUE(fs::exists((*store)->path() + "-wal"));
  EXPECT_EQ(mode((*store)->path() + "-wal"), fs::perms::owner_read | fs::perms::owner_write);
  store->reset();
  fs::remove_all(dir.parent_path());
}

// /readyz's probe writes: while another connection holds the write lock
// (as a stuck writer or a read-only replica would stop every audit write),
// Healthy() says no after SQLite's 5 s busy timeout, and yes once released.
TEST(SqliteStore, HealthyMeansWritable) {
  const fs::path dir = fs::temp_directory_path() / ("idmatch-ready-" + std::to_string(::getpid())) / "data";
  fs::remove_all(dir.parent_path());
  auto store = Store::Open(dir.string());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_TRUE((*store)->Healthy());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((*store)->path().c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_FALSE((*store)->Healthy());
  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  EXPECT_TRUE((*store)->Healthy());
  store->reset();
  fs::remove_all(dir.parent_path());
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreEngines, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace idmatch::store
