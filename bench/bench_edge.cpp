// The edge under hostile load: a real idmatch server in this process (auth
// and rate limit off, the per-address cap lifted: every client is loopback),
// measured from client threads in the same process.
//  1. N slow sockets (a head that never ends, one more byte every second):
//     /healthz and compare latency from another client, against a baseline
//     without them.
//  2. Overload: 64 clients posting compares at once for S seconds, each
//     sending its head with Expect: 100-continue (as curl does for large
//     bodies) and the body only when told to; a client told 503 retries at
//     once. Latency of the 503 answers and of the compares served.
// Usage: bench_edge [SLOW_SOCKETS] [SECONDS] (default 1000, 10).
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "bench_util.h"
#include "core/base64.h"
#include "server/http_server.h"

namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * double(v.size() - 1) + 0.5))];
}

void Report(const char* what, const std::vector<double>& ms) {
  std::printf("  %-34s n %5zu  p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms\n", what, ms.size(), Percentile(ms, 0.5),
              Percentile(ms, 0.99), ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()));
}

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads until a complete status line and head arrived; returns the status
// (100 for "100 Continue"), 0 on failure. Reads the body of a final answer.
int ReadAnswer(int fd) {
  std::string in;
  char buf[8192];
  while (in.find("\r\n\r\n") == std::string::npos) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return 0;
    in.append(buf, static_cast<size_t>(n));
  }
  const int status = std::atoi(in.c_str() + 9);
  if (status == 100) return 100;
  const size_t end = in.find("\r\n\r\n"), cl = in.find("Content-Length: ");
  const size_t length = cl < end ? std::stoul(in.substr(cl + 16)) : 0;
  while (in.size() < end + 4 + length) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<size_t>(n));
  }
  return status;
}

// One compare as curl sends a large body: the head with "Expect:
// 100-continue", the body only once the server says to go on. Returns the
// final status, 0 on failure.
int PostExpecting(int port, const std::string& body) {
  const int fd = Connect(port);
  if (fd < 0) return 0;
  const std::string head =
      "POST /v1/compare HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
  (void)::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  int status = ReadAnswer(fd);
  if (status == 100) {
    (void)::send(fd, body.data(), body.size(), MSG_NOSIGNAL);
    status = ReadAnswer(fd);
  }
  ::close(fd);
  return status;
}

// /healthz and compare latencies from one keep-alive client.
void Probe(int port, const std::string& body, const char* label) {
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  client.set_read_timeout(60, 0);
  std::vector<double> health, compare;
  for (int i = 0; i < 300; ++i) {
    const auto t0 = Clock::now();
    auto res = client.Get("/healthz");
    if (res && res->status == 200) health.push_back(Ms(t0));
  }
  for (int i = 0; i < 30; ++i) {
    const auto t0 = Clock::now();
    auto res = client.Post("/v1/compare", body, "application/json");
    if (res && res->status == 200) compare.push_back(Ms(t0));
  }
  std::printf("%s\n", label);
  Report("GET /healthz (300)", health);
  Report("POST /v1/compare (30)", compare);
}

}  // namespace

int main(int argc, char** argv) {
  const int slow_sockets = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1000;
  const double seconds = argc > 2 ? std::max(1.0, std::atof(argv[2])) : 10.0;
  const std::string dir = idmatch::bench::PhotoDir();
  const std::string a = idmatch::bench::JpegAt(dir + "/img1.jpg", 1.0),
                    b = idmatch::bench::JpegAt(dir + "/img2.jpg", 1.0);
  if (a.empty() || b.empty()) {
    std::fprintf(stderr, "bench_edge: photos not found under %s\n", dir.c_str());
    return 2;
  }
  const std::string body =
      nlohmann::json{{"source", idmatch::base64::Encode(a)}, {"target", idmatch::base64::Encode(b)}}.dump();
  idmatch::server::ServerConfig config;
  config.port = 0;
  config.auth = false;
  config.rate_limit_per_second = 0;
  config.max_connections_per_address = 0;
  config.max_connections = slow_sockets + 512;
  config.data_dir = (std::filesystem::temp_directory_path() / "idmatch-bench-edge").string();
  auto engine = idmatch::Engine::Create(config.engine);
  auto store = idmatch::store::Store::Open(config.data_dir);
  if (!engine.ok() || !store.ok()) {
    std::fprintf(stderr, "bench_edge: start-up failed\n");
    return 1;
  }
  auto server = idmatch::server::HttpServer::Create(config, idmatch::server::EngineVerifier(std::move(engine).value()),
                                                    std::move(store).value());
  if (!server.ok()) return 1;
  const int port = *(*server)->Bind();
  std::thread serving([&] { (*server)->Run(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::printf("idmatch bench_edge: %u hardware threads, max_inflight %d, http_threads %d; compare body %zu bytes\n",
              std::thread::hardware_concurrency(), config.max_inflight, config.http_threads, body.size());

  Probe(port, body, "baseline (no slow sockets):");

  // 1. Slow sockets: each sent the start of a head; one more byte a second.
  std::vector<int> slow;
  for (int i = 0; i < slow_sockets; ++i) {
    const int fd = Connect(port);
    if (fd < 0) break;
    const std::string start = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    (void)::send(fd, start.data(), start.size(), MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  std::atomic<bool> trickling{true};
  std::thread trickle([&] {
    while (trickling) {
      for (int fd : slow) (void)::send(fd, "a", 1, MSG_NOSIGNAL);
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  char label[128];
  std::snprintf(label, sizeof label, "with %zu slow sockets trickling a head:", slow.size());
  Probe(port, body, label);
  trickling = false;
  trickle.join();
  for (int fd : slow) ::close(fd);

  // 2. Overload at concurrency 64.
  std::mutex mutex;
  std::vector<double> refused, served;
  int other = 0;
  const auto stop_at = Clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> crowd;
  for (int c = 0; c < 64; ++c) {
    crowd.emplace_back([&] {
      while (Clock::now() < stop_at) {
        const auto t0 = Clock::now();
        const int status = PostExpecting(port, body);
        const double ms = Ms(t0);
        std::lock_guard lock(mutex);
        if (status == 503) {
          refused.push_back(ms);
        } else if (status == 200) {
          served.push_back(ms);
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& t : crowd) t.join();
  std::printf(
      "64 clients posting compares for %.0f s (a connection per request, Expect: 100-continue as curl sends large "
      "bodies; a 503 retried at once):\n",
      seconds);
  Report("503 OVERLOADED answers", refused);
  Report("200 compares", served);
  std::printf("  compares/s %.1f, other answers %d\n", double(served.size()) / seconds, other);
  (*server)->Stop();
  serving.join();
  return 0;
}
