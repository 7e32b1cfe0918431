// Benchmark: latency of one audit write (SQLite, WAL, synchronous=FULL), the
// cost a compare pays before its decision is released.
// Usage: bench_audit [ROWS] (default 500).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "store/audit_log.h"

int main(int argc, char** argv) {
  const int rows = argc > 1 ? std::max(10, std::atoi(argv[1])) : 500;
  const auto dir = std::filesystem::temp_directory_path() / "idmatch-bench-audit";
  std::filesystem::remove_all(dir);
  auto keys = idmatch::store::KeyStore::Open(dir.string());
  if (!keys.ok()) return 1;
  idmatch::store::AuditLog audit(**keys);
  std::vector<double> ms;
  for (int i = 0; i < rows; ++i) {
    idmatch::store::VerificationRecord r;
    r.id = "req_bench_" + std::to_string(i);
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
  std::printf(
      "audit write (SQLite WAL, synchronous=FULL, %d rows, filesystem of %s): min %.3f  p50 %.3f  p99 %.3f  max %.3f "
      "ms\n",
      rows, dir.c_str(), ms.front(), ms[ms.size() / 2], ms[ms.size() * 99 / 100], ms.back());
  std::filesystem::remove_all(dir);
  return 0;
}
