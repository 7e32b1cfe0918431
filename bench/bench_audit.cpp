// Benchmark: latency of one audit write, the cost a compare pays before its
// decision is released: SQLite (WAL, synchronous=FULL) in a temporary
// directory, or PostgreSQL when a postgres:// URL is given (the bench deletes
// the rows it wrote afterwards).
// Usage: bench_audit [ROWS] [POSTGRES_URL] (default 500 rows, SQLite).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "store/audit_log.h"
#include "store/store.h"

int main(int argc, char** argv) {
  const int rows = argc > 1 ? std::max(10, std::atoi(argv[1])) : 500;
  const auto dir = std::filesystem::temp_directory_path() / "idmatch-bench-audit";
  std::filesystem::remove_all(dir);
  const std::string location = argc > 2 ? argv[2] : dir.string();
  auto keys = idmatch::store::Store::Open(location);
  if (!keys.ok()) {
    std::fprintf(stderr, "bench_audit: %s\n", keys.status().ToString().c_str());
    return 1;
  }
  idmatch::store::AuditLog& audit = (*keys)->audit();
  std::vector<double> ms;
  for (int i = 0; i < rows; ++i) {
    idmatch::store::VerificationRecord r;
    r.id = "req_bench_" + std::to_string(::getpid()) + "_" + std::to_string(i);
    r.key_id = "0123456789abcdef";
    r.route = "/v1/compare";
    r.match = i % 2 == 0;
    r.similarity = 61.5;
    r.threshold = 40;
    r.reasons_json = R"(["SIMILARITY_ABOVE_THRESHOLD"])";
    r.model_versions = "faceplugin-face-recognition-js@0.0.1";
    r.latency_ms = 33.0;
    const auto t0 = std::chrono::steady_clock::now();
    if (!audit.Record(r).ok()) return 1;
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("audit write (%s at %s, %d rows): min %.3f  p50 %.3f  p99 %.3f  max %.3f ms\n",
              std::string((*keys)->engine()).c_str(), (*keys)->path().c_str(), rows, ms.front(), ms[ms.size() / 2],
              ms[ms.size() * 99 / 100], ms.back());
  for (int i = 0; i < rows; ++i) {  // only the rows this run wrote
    (void)audit.Delete("req_bench_" + std::to_string(::getpid()) + "_" + std::to_string(i));
  }
  std::filesystem::remove_all(dir);
  return 0;
}
