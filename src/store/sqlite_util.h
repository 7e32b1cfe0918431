// Small helpers shared by the SQLite-backed stores.
#pragma once

#include <sqlite3.h>

#include <ctime>
#include <string>

namespace idmatch::store {

// Owns a prepared statement for one scope.
struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

// Column `col` as text ("" for NULL).
inline std::string Text(sqlite3_stmt* s, int col) {
  const auto* t = sqlite3_column_text(s, col);
  return t ? reinterpret_cast<const char*>(t) : "";
}

// ISO 8601 UTC with seconds, e.g. "2026-11-24T08:00:00Z"; sorts as text.
inline std::string IsoUtc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

inline std::string NowUtc() { return IsoUtc(std::time(nullptr)); }

}  // namespace idmatch::store
