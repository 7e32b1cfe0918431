// One database connection behind the stores: embedded SQLite (default) or
// PostgreSQL (a postgres:// URL, for replicas sharing one store). SQL is
// written once with '?' placeholders (rewritten to $1, $2... for PostgreSQL);
// values travel as text, NULL as an empty optional. Engine errors are logged
// with their detail and returned as kUnavailable without it.
//
// Thread contract: none; users lock Connection::mutex around every statement.
#pragma once

#include <cstdint>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/iso_time.h"
#include "idmatch/status.h"

namespace idmatch::store {

using SqlValue = std::optional<std::string>;
using SqlRow = std::vector<SqlValue>;

class SqlDb {
 public:
  virtual ~SqlDb() = default;
  virtual Result<std::vector<SqlRow>> Query(const std::string& sql, const std::vector<SqlValue>& params = {}) = 0;
  // Returns the number of rows changed.
  virtual Result<int64_t> Execute(const std::string& sql, const std::vector<SqlValue>& params = {}) = 0;
  // Several statements without parameters (migrations).
  virtual Status ExecScript(const std::string& sql) = 0;
  // Opens a transaction that holds the engine's schema lock, so two processes
  // starting together cannot both apply a migration (SQLite: BEGIN IMMEDIATE;
  // PostgreSQL: BEGIN + a transaction-scoped advisory lock).
  virtual Status BeginExclusive() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
  virtual std::string_view engine() const = 0;  // "sqlite" or "postgres"
  // The file path, or the URL with any password removed (safe to log).
  virtual const std::string& location() const = 0;
};

// Opens (creating when absent) an SQLite database file in WAL mode with
// synchronous=FULL.
Result<std::unique_ptr<SqlDb>> OpenSqlite(const std::string& path);
// Connects to PostgreSQL; `url` is a libpq URI (postgres://user:pw@host:port/db?...).
Result<std::unique_ptr<SqlDb>> OpenPostgres(const std::string& url);
bool IsPostgresUrl(std::string_view location);

// One connection and the mutex that serialises its statements, shared by the
// Store's KeyStore and AuditLog (store/store.h).
struct Connection {
  std::unique_ptr<SqlDb> db;
  std::mutex mutex;
};

// A keyset page over rows ordered by (created_at, id): the WHERE clauses for
// `since` (inclusive), `until` (exclusive) and the cursor (rows strictly after
// (after_created_at, after_id)) are appended to `sql` (which ends in a WHERE
// condition) and `args`, then the order and one row more than `limit`, so
// the caller can tell whether another page follows (MoreThan).
struct KeysetPage {
  std::string since, until, after_created_at, after_id;
  int limit = 100;
};
void AppendKeysetPage(const KeysetPage& page, std::string& sql, std::vector<SqlValue>& args);
// Drops the extra row AppendKeysetPage asked for; true when there was one.
template <typename T>
bool MoreThan(std::vector<T>& rows, int limit) {
  if (rows.size() <= static_cast<size_t>(limit)) return false;
  rows.resize(static_cast<size_t>(limit));
  return true;
}

// A double as text that reads back exactly.
std::string SqlNumber(double v);
double SqlDouble(const SqlValue& v);

}  // namespace idmatch::store
