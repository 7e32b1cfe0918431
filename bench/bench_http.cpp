// HTTP load benchmark: a real idmatch server on loopback (in this process,
// default limits, auth and rate limit off) and N client threads posting
// /v1/compare with two ~1 MP JPEGs as base64 JSON over keep-alive connections
// (a client told 503 retries after 20 ms). Prints throughput,
// p50/p99 latency, and status counts per concurrency; then the cost of JSON +
// base64 parsing for a 5 MB body.
// Usage: bench_http [SECONDS_PER_LEVEL] (default 8).
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "bench_util.h"
#include "core/base64.h"
#include "request/request.h"
#include "server/http_server.h"

namespace {

using Clock = std::chrono::steady_clock;

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * double(v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::max(1.0, std::atof(argv[1])) : 8.0;
  const std::string dir = idmatch::bench::PhotoDir();
  const std::string a = idmatch::bench::JpegAt(dir + "/img1.jpg", 1.0),
                    b = idmatch::bench::JpegAt(dir + "/img2.jpg", 1.0);
  if (a.empty() || b.empty()) {
    std::fprintf(stderr, "bench_http: photos not found under %s\n", dir.c_str());
    return 2;
  }
  const std::string body =
      nlohmann::json{{"source", idmatch::base64::Encode(a)}, {"target", idmatch::base64::Encode(b)}}.dump();

  idmatch::server::ServerConfig config;
  config.port = 0;
  config.auth = false;
  config.rate_limit_per_second = 0;
  config.data_dir = (std::filesystem::temp_directory_path() / "idmatch-bench-http").string();
  if (auto s = idmatch::server::ApplyEnvironment(config); !s.ok()) {
    std::fprintf(stderr, "bench_http: %s\n", s.ToString().c_str());
    return 2;
  }
  auto engine = idmatch::Engine::Create(config.engine);
  auto keys = idmatch::store::Store::Open(config.data_dir);
  if (!engine.ok() || !keys.ok()) {
    std::fprintf(stderr, "bench_http: start-up failed\n");
    return 1;
  }
  auto server = idmatch::server::HttpServer::Create(config, idmatch::server::EngineVerifier(std::move(engine).value()),
                                                    std::move(keys).value());
  if (!server.ok()) return 1;
  const int port = *(*server)->Bind();
  std::thread serving([&] { (*server)->Run(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  std::printf(
      "idmatch bench_http: %u hardware threads, server max_inflight %d, opencv_threads %d, flip mode %d (0 none, 1 "
      "target, 2 both), %.0f s per level\n",
      std::thread::hardware_concurrency(), config.max_inflight, config.engine.opencv_threads,
      static_cast<int>(config.engine.flip_augment), seconds);
  std::printf("request: POST /v1/compare JSON, two ~1 MP JPEGs (%zu + %zu bytes), body %zu bytes\n", a.size(), b.size(),
              body.size());
  std::printf("%-11s %10s %9s %9s %9s %6s %6s\n", "concurrency", "compare/s", "p50 ms", "p99 ms", "max ms", "503s",
              "other");
  for (int concurrency : {1, 2, 4, 8}) {
    std::vector<std::vector<double>> latencies(concurrency);
    std::vector<std::map<int, int>> statuses(concurrency);
    const auto stop_at = Clock::now() + std::chrono::duration<double>(seconds);
    std::vector<std::thread> clients;
    for (int c = 0; c < concurrency; ++c) {
      clients.emplace_back([&, c] {
        httplib::Client client("127.0.0.1", port);
        client.set_read_timeout(60, 0);
        client.set_keep_alive(true);  // like wrk: one connection per client
        client.set_tcp_nodelay(true);
        while (Clock::now() < stop_at) {
          const auto t0 = Clock::now();
          auto res = client.Post("/v1/compare", body, "application/json");
          const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
          const int status = res ? res->status : -1;
          ++statuses[c][status];
          if (status == 200) latencies[c].push_back(ms);
          if (status == 503)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // an eager client; Retry-After says 1 s
        }
      });
    }
    for (auto& t : clients) t.join();
    std::vector<double> all;
    std::map<int, int> counts;
    for (int c = 0; c < concurrency; ++c) {
      all.insert(all.end(), latencies[c].begin(), latencies[c].end());
      for (auto [s, n] : statuses[c]) counts[s] += n;
    }
    int other = 0;
    for (auto [s, n] : counts) other += (s != 200 && s != 503) ? n : 0;
    std::printf("%-11d %10.1f %9.1f %9.1f %9.1f %6d %6d\n", concurrency, double(all.size()) / seconds,
                Percentile(all, 0.5), Percentile(all, 0.99),
                all.empty() ? 0.0 : *std::max_element(all.begin(), all.end()), counts[503], other);
  }
  (*server)->Stop();
  serving.join();

  // JSON + base64 cost for a 5 MB body (two 1.875 MB random payloads).
  std::string blob(1875u * 1024, '\0');
  for (size_t i = 0; i < blob.size(); ++i) blob[i] = static_cast<char>((i * 2654435761u) >> 13);
  const std::string big =
      nlohmann::json{{"source", idmatch::base64::Encode(blob)}, {"target", idmatch::base64::Encode(blob)}}.dump();
  std::vector<double> parse_ms;
  for (int i = 0; i < 20; ++i) {
    const auto t0 = Clock::now();
    idmatch::request::Body req{"application/json", &big, {}};
    auto parsed = idmatch::request::ParseImageRequest(req, true);
    parse_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!parsed.ok()) return 1;
  }
  std::printf("JSON parse + base64 decode of a %.1f MB body: median %.2f ms, max %.2f ms\n", big.size() / 1e6,
              Percentile(parse_ms, 0.5), *std::max_element(parse_ms.begin(), parse_ms.end()));
  return 0;
}
