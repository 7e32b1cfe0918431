// SqlDb on PostgreSQL through libpq. One connection per process, serialised
// by the owner; a dropped connection is re-established once per statement
// (outside transactions) before the statement fails with kUnavailable.
#include <libpq-fe.h>

#include <cstdlib>

#include "core/log.h"
#include "store/sql_db.h"

namespace idmatch::store {
namespace {

// Arbitrary constant naming idmatch's schema lock among advisory locks.
constexpr const char* kBeginWithSchemaLock = "BEGIN; SELECT pg_advisory_xact_lock(7304262915)";

struct ResultGuard {
  PGresult* r = nullptr;
  ~ResultGuard() { PQclear(r); }
};

// '?' placeholders -> $1, $2, ... (our SQL has no '?' inside string literals,
// but quoted text is skipped anyway).
std::string Numbered(const std::string& sql) {
  std::string out;
  int n = 0;
  bool quoted = false;
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

// The URL with the password (user:PASSWORD@) masked, for logs and messages.
std::string Redacted(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  const size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  std::string out = url.substr(0, colon + 1);
  return out.append("***").append(url.substr(at));
}

class PostgresDb final : public SqlDb {
 public:
  ~PostgresDb() override { PQfinish(conn_); }

  static Result<std::unique_ptr<SqlDb>> Open(const std::string& url) {
    std::unique_ptr<PostgresDb> db(new PostgresDb());
    db->location_ = Redacted(url);
    db->conn_ = PQconnectdb(url.c_str());
    if (PQstatus(db->conn_) != CONNECTION_OK) {
      std::string msg = "postgres connect to ";
      IDMATCH_LOG_ERROR(msg.append(db->location_).append(" failed: ").append(PQerrorMessage(db->conn_)));
      std::string client = "cannot connect to the database ";
      return Status(ErrorCode::kUnavailable, client.append(db->location_));
    }
    // Server notices ("relation already exists, skipping") are not errors;
    // keep them out of the process's output.
    PQsetNoticeProcessor(
        db->conn_, [](void*, const char*) {}, nullptr);
    // Commits wait for the WAL flush (the default, stated so a server-side
    // setting cannot weaken the audit guarantee for this session).
    if (Status s = db->ExecScript("SET synchronous_commit = on"); !s.ok()) return s;
    return std::unique_ptr<SqlDb>(std::move(db));
  }

  Result<std::vector<SqlRow>> Query(const std::string& sql, const std::vector<SqlValue>& params) override {
    ResultGuard r;
    if (Status s = Run(sql, params, PGRES_TUPLES_OK, r); !s.ok()) return s;
    std::vector<SqlRow> rows(PQntuples(r.r));
    for (int i = 0; i < PQntuples(r.r); ++i) {
      for (int c = 0; c < PQnfields(r.r); ++c) {
        if (PQgetisnull(r.r, i, c)) {
          rows[i].emplace_back();
        } else {
          rows[i].emplace_back(std::string(PQgetvalue(r.r, i, c), PQgetlength(r.r, i, c)));
        }
      }
    }
    return rows;
  }

  Result<int64_t> Execute(const std::string& sql, const std::vector<SqlValue>& params) override {
    ResultGuard r;
    if (Status s = Run(sql, params, PGRES_COMMAND_OK, r); !s.ok()) return s;
    return static_cast<int64_t>(std::atoll(PQcmdTuples(r.r)));
  }

  Status ExecScript(const std::string& sql) override {
    ResultGuard r;
    r.r = PQexec(conn_, sql.c_str());
    const auto st = PQresultStatus(r.r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Error("exec");
    return Status::Ok();
  }

  Status BeginExclusive() override {
    in_transaction_ = true;
    return ExecScript(kBeginWithSchemaLock);
  }
  Status Commit() override {
    in_transaction_ = false;
    return ExecScript("COMMIT");
  }
  void Rollback() override {
    in_transaction_ = false;
    (void)ExecScript("ROLLBACK");
  }
  std::string_view engine() const override { return "postgres"; }
  const std::string& location() const override { return location_; }

 private:
  PostgresDb() = default;

  Status Run(const std::string& sql, const std::vector<SqlValue>& params, ExecStatusType want, ResultGuard& r) {
    const std::string numbered = Numbered(sql);
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    for (int attempt = 0; attempt < 2; ++attempt) {
      r.r = PQexecParams(conn_, numbered.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                         nullptr, 0);
      if (PQresultStatus(r.r) == want) return Status::Ok();
      if (PQstatus(conn_) == CONNECTION_OK || in_transaction_ || attempt == 1) break;
      std::string msg = "postgres connection lost; reconnecting to ";
      IDMATCH_LOG_WARNING(msg.append(location_));
      PQclear(r.r);
      r.r = nullptr;
      PQreset(conn_);
    }
    return Error("statement");
  }

  Status Error(const char* what) {
    std::string msg = "postgres ";
    msg.append(what).append(" failed: ").append(PQerrorMessage(conn_));
    IDMATCH_LOG_ERROR(msg);
    return Status(ErrorCode::kUnavailable, "the database is not available");
  }

  PGconn* conn_ = nullptr;
  std::string location_;
  bool in_transaction_ = false;
};

}  // namespace

Result<std::unique_ptr<SqlDb>> OpenPostgres(const std::string& url) { return PostgresDb::Open(url); }

bool IsPostgresUrl(std::string_view location) {
  return location.rfind("postgres://", 0) == 0 || location.rfind("postgresql://", 0) == 0;
}

}  // namespace idmatch::store
