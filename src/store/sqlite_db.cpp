// SqlDb on embedded SQLite.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "core/log.h"
#include "store/sql_db.h"

namespace idmatch::store {
namespace {

struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

class SqliteDb final : public SqlDb {
 public:
  ~SqliteDb() override { sqlite3_close_v2(db_); }

  static Result<std::unique_ptr<SqlDb>> Open(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    // The database holds key hashes and the document-number hash key: owner
    // only. A directory we create is 0700; the file (and so SQLite's -wal and
    // -shm, which take the database file's mode) 0600.
    const fs::path dir = fs::path(path).parent_path();
    if (!dir.empty() && !fs::exists(dir, ec) && fs::create_directories(dir, ec)) {
      fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    }
    std::unique_ptr<SqliteDb> db(new SqliteDb());
    db->path_ = path;
    if (sqlite3_open_v2(path.c_str(), &db->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
      return Status(ErrorCode::kUnavailable, "cannot open the database " + path);
    }
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
    if (!dir.empty() &&
        (fs::status(dir, ec).permissions() & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none) {
      IDMATCH_LOG_WARNING("the data directory " + dir.string() +
                          " is readable by other users; idmatch keeps its own files there 0600");
    }
    sqlite3_busy_timeout(db->db_, kBusyTimeoutMs);
    if (Status s = db->SwitchToWal(); !s.ok()) return s;
    if (Status s = db->ExecScript("PRAGMA synchronous=FULL"); !s.ok()) return s;
    return std::unique_ptr<SqlDb>(std::move(db));
  }

  Result<std::vector<SqlRow>> Query(const std::string& sql, const std::vector<SqlValue>& params) override {
    Stmt s;
    if (Status st = Prepare(sql, params, s); !st.ok()) return st;
    std::vector<SqlRow> rows;
    int rc;
    while ((rc = sqlite3_step(s.s)) == SQLITE_ROW) {
      SqlRow row;
      for (int c = 0; c < sqlite3_column_count(s.s); ++c) {
        if (sqlite3_column_type(s.s, c) == SQLITE_NULL) {
          row.emplace_back();
        } else {
          row.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.s, c)));
        }
      }
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return Error("query");
    return rows;
  }

  Result<int64_t> Execute(const std::string& sql, const std::vector<SqlValue>& params) override {
    Stmt s;
    if (Status st = Prepare(sql, params, s); !st.ok()) return st;
    if (sqlite3_step(s.s) != SQLITE_DONE) return Error("execute");
    return static_cast<int64_t>(sqlite3_changes(db_));
  }

  Status ExecScript(const std::string& sql) override {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      IDMATCH_LOG_ERROR(std::string("sqlite exec failed: ") + (err ? err : "?"));
      sqlite3_free(err);
      return Status(ErrorCode::kUnavailable, "the database at " + path_ + " is not available");
    }
    return Status::Ok();
  }

  Status BeginExclusive() override { return ExecScript("BEGIN IMMEDIATE"); }
  Status Commit() override { return ExecScript("COMMIT"); }
  void Rollback() override { (void)ExecScript("ROLLBACK"); }
  std::string_view engine() const override { return "sqlite"; }
  const std::string& location() const override { return path_; }

 private:
  // How long a statement waits for another connection's lock, ms.
  static constexpr int kBusyTimeoutMs = 5000;

  SqliteDb() = default;

  // Switching a new database to WAL needs an exclusive lock. When several
  // processes open the same new file at once (replicas starting together),
  // SQLite answers SQLITE_BUSY at once instead of calling the busy handler
  // where waiting could deadlock (a reader upgrading its lock), so the switch
  // is retried here for up to kBusyTimeoutMs. Seen in CI as "database is
  // locked" from one of four concurrent openers.
  Status SwitchToWal() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    for (int attempt = 0;; ++attempt) {
      const int rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
      if (rc == SQLITE_OK) return Status::Ok();
      const bool busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
      if (!busy || std::chrono::steady_clock::now() >= deadline) {
        IDMATCH_LOG_ERROR(std::string("sqlite cannot switch to WAL: ") + sqlite3_errmsg(db_));
        return Status(ErrorCode::kUnavailable, "the database at " + path_ + " is not available");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5 + 5 * std::min(attempt, 9)));
    }
  }

  Status Prepare(const std::string& sql, const std::vector<SqlValue>& params, Stmt& s) {
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s.s, nullptr) != SQLITE_OK) return Error("prepare");
    for (size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      if (params[i]) {
        sqlite3_bind_text(s.s, at, params[i]->c_str(), -1, SQLITE_TRANSIENT);
      } else {
        sqlite3_bind_null(s.s, at);
      }
    }
    return Status::Ok();
  }

  Status Error(const char* what) {
    std::string msg = "sqlite ";
    msg.append(what).append(": ").append(sqlite3_errmsg(db_));
    IDMATCH_LOG_ERROR(msg);
    return Status(ErrorCode::kUnavailable, "the database is not available");
  }

  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<SqlDb>> OpenSqlite(const std::string& path) { return SqliteDb::Open(path); }

std::string SqlNumber(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

double SqlDouble(const SqlValue& v) { return v ? std::strtod(v->c_str(), nullptr) : 0.0; }

void AppendKeysetPage(const KeysetPage& page, std::string& sql, std::vector<SqlValue>& args) {
  if (!page.since.empty()) sql += " AND created_at >= ?", args.emplace_back(page.since);
  if (!page.until.empty()) sql += " AND created_at < ?", args.emplace_back(page.until);
  if (!page.after_created_at.empty()) {
    sql += " AND (created_at > ? OR (created_at = ? AND id > ?))";
    args.insert(args.end(), {page.after_created_at, page.after_created_at, page.after_id});
  }
  // COLLATE "C" on PostgreSQL would be needed for byte order on non-ASCII ids;
  // ids and ISO timestamps are ASCII, so both engines order them alike.
  sql += " ORDER BY created_at, id LIMIT " + std::to_string(page.limit + 1);
}

}  // namespace idmatch::store
