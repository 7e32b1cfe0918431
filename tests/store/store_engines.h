// The store suites' fixture: one parameter per engine, embedded SQLite
// always, PostgreSQL when IDMATCH_TEST_POSTGRES_URL names a database
// (tests/store/pg_test.sh starts a real server on loopback and sets it;
// without it the PostgreSQL cases are reported as skipped).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "store/audit_log.h"
#include "store/sql_db.h"
#include "store/store.h"
#include "support/image_factory.h"

namespace idmatch::store {

namespace fs = std::filesystem;

class StoreEngines : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      const char* url = std::getenv("IDMATCH_TEST_POSTGRES_URL");
      if (url == nullptr || *url == '\0') {
        GTEST_SKIP() << "IDMATCH_TEST_POSTGRES_URL is not set (tests/store/pg_test.sh starts PostgreSQL and sets it)";
      }
      location_ = url;
      auto db = OpenPostgres(location_);
      ASSERT_TRUE(db.ok()) << db.status().ToString();
      ASSERT_TRUE(
          (*db)
              ->ExecScript(
                  "DROP TABLE IF EXISTS verifications, api_keys, settings, liveness_challenges, schema_migrations")
              .ok());
    } else {
      static std::atomic<int> counter{0};
      dir_ =
          fs::temp_directory_path() / ("idmatch-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
      fs::remove_all(dir_);
      location_ = dir_.string();
    }
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::unique_ptr<Store> Open() {
    auto s = Store::Open(location_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  // Every stored byte a reader of the database could see.
  std::string Everything(Store& store) {
    if (GetParam() == "sqlite") {
      return testing::ReadFileOrEmpty(store.path()) + testing::ReadFileOrEmpty(store.path() + "-wal");
    }
    auto db = OpenPostgres(location_);
    std::string all;
    for (const char* table : {"api_keys", "verifications"}) {
      auto rows = (*db)->Query(std::string("SELECT * FROM ") + table);
      for (const auto& row : *rows) {
        for (const auto& v : row) all += v.value_or("") + "\n";
      }
    }
    return all;
  }
  static VerificationRecord Row(int i) {
    VerificationRecord r;
    r.id = "req_" + std::to_string(100 + i);
    r.created_at = "2026-01-0" + std::to_string(1 + i / 10) + "T00:00:00Z";
    r.key_id = i % 5 == 0 ? "bbbbbbbbbbbbbbbb" : "aaaaaaaaaaaaaaaa";
    r.route = "/v1/compare";
    r.match = i % 2 == 0;
    r.similarity = 40.0 + i * 0.25;
    r.reasons_json = "[]";
    return r;
  }

  std::string location_;
  fs::path dir_;
};

}  // namespace idmatch::store
