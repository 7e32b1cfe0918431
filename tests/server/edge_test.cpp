// The edge (server/edge.h) against hostile and careless clients, on a real
// server over loopback sockets: slow clients cost a socket and not a worker,
// admission answers before the body is read, every phase has a deadline,
// pipelined requests are answered in order, and a request whose client left
// or whose time ran out stops. The verifier here stands in for the engine
// only where a test needs work of a known length that checks its budget;
// the real engine's budget checks are tested at the end.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>

#include "server/server_fixture.h"

namespace idmatch::server {
namespace {

using Clock = std::chrono::steady_clock;
double SecondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

ServerConfig EdgeConfig() {
  ServerConfig c;
  c.rate_limit_per_second = 0;
  return c;
}

// A loopback socket with a receive timeout.
int Connect(int port, int timeout_s = 10) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{timeout_s, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

void Send(int fd, const std::string& bytes) { (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL); }

// Everything the server sends until it closes the connection (or the timeout).
std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<size_t>(n));
  return out;
}

// One response: its head and Content-Length bytes of body.
std::string ReadResponse(int fd) {
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) {
    out.append(buf, static_cast<size_t>(n));
    const size_t end = out.find("\r\n\r\n");
    if (end == std::string::npos) continue;
    const size_t cl = out.find("Content-Length: ");
    const size_t length = cl < end ? std::stoul(out.substr(cl + 16)) : 0;
    if (out.size() >= end + 4 + length) break;
  }
  return out;
}

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

std::string CompareHead(const std::string& key, size_t length) {
  return "POST /v1/compare HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nx-api-key: " + key +
         "\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
}
const std::string kCompareBody = R"({"source": "AAAA", "target": "AAAA"})";

// 200 clients trickling a head that never ends hold no worker: with the
// fewest workers the settings allow, every health check is still answered.
TEST(Edge, SlowClientsCostASocketNotAWorker) {
  ServerConfig config = EdgeConfig();
  config.http_threads = 3;
  config.max_inflight = 1;
  TestServer s(std::make_shared<StandInVerifier>(0), config);
  std::vector<int> slow;
  for (int i = 0; i < 200; ++i) {
    const int fd = Connect(s.port());
    ASSERT_GE(fd, 0);
    Send(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    slow.push_back(fd);
  }
  auto c = s.Client();
  double worst = 0;
  for (int i = 0; i < 20; ++i) {
    const auto start = Clock::now();
    auto res = c.Get("/healthz");
    worst = std::max(worst, SecondsSince(start));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
  // Generous for a loaded CI machine; httplib's thread-per-connection held
  // every health check until a slow client timed out (10 s and more).
  EXPECT_LT(worst, 1.0);
  for (int fd : slow) ::close(fd);
}

TEST(Edge, PipelinedRequestsAreAnsweredInOrder) {
  TestServer s(std::make_shared<StandInVerifier>(0), EdgeConfig());
  const int fd = Connect(s.port());
  Send(fd,
       "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
       "GET /v1/vocabulary HTTP/1.1\r\nHost: x\r\n\r\n"
       "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
       "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string answers = ReadAll(fd);
  ::close(fd);
  // The vocabulary's body is known by a code it lists.
  const size_t first = answers.find("HTTP/1.1 200"), vocabulary = answers.find("DEADLINE_EXCEEDED"),
               missing = answers.find("HTTP/1.1 404"), last = answers.rfind("HTTP/1.1 200");
  ASSERT_NE(vocabulary, std::string::npos) << answers.substr(0, 300);
  ASSERT_NE(missing, std::string::npos);
  EXPECT_LT(first, vocabulary);
  EXPECT_LT(vocabulary, missing);
  EXPECT_LT(missing, last);
  EXPECT_EQ(Count(answers, "HTTP/1.1 "), 4);
}

TEST(Edge, ConnectionsPerAddressAreCapped) {
  ServerConfig config = EdgeConfig();
  config.max_connections_per_address = 4;
  TestServer s(std::make_shared<StandInVerifier>(0), config);
  std::vector<int> held;
  for (int i = 0; i < 4; ++i) held.push_back(Connect(s.port()));
  const int extra = Connect(s.port());
  const std::string refused = ReadAll(extra);
  ::close(extra);
  EXPECT_EQ(refused.substr(0, 12), "HTTP/1.1 429") << refused.substr(0, 200);
  EXPECT_NE(refused.find("RATE_LIMITED"), std::string::npos);
  for (int fd : held) ::close(fd);
  // Once they are closed the address is served again.
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    auto res = s.Client().Get("/healthz");
    served = res && res->status == 200;
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(served);
}

// A head that never ends and a connection that never sends are closed on
// their deadlines, not held.
TEST(Edge, EveryPhaseHasADeadline) {
  ServerConfig config = EdgeConfig();
  config.read_timeout_s = 1;
  config.keep_alive_timeout_s = 1;
  TestServer s(std::make_shared<StandInVerifier>(0), config);
  const int idle = Connect(s.port());
  const int trickle = Connect(s.port());
  const int body = Connect(s.port());
  Send(body, CompareHead(s.key(), 1000) + "{");
  const auto start = Clock::now();
  for (int i = 0; i < 12; ++i) {  // a header byte every 250 ms: progress, but the head never ends
    Send(trickle, "X");
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_EQ(ReadAll(idle), "");
  EXPECT_EQ(ReadAll(trickle), "");
  EXPECT_EQ(ReadAll(body), "");
  EXPECT_LT(SecondsSince(start), 6.0);
  for (int fd : {idle, trickle, body}) ::close(fd);
  auto metrics = s.Client().Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("idmatch_connections_closed_total{reason=\"timeout\"} 3"), std::string::npos)
      << metrics->body;
}

// Admission reads the head only: a wrong key, a body over the limit, a body
// on a route that takes none and an overloaded server are answered before
// the body is sent.
TEST(Edge, AdmissionAnswersBeforeTheBody) {
  ServerConfig config = EdgeConfig();
  config.max_inflight = 1;  // two heavy requests admitted at once
  auto verifier = std::make_shared<StandInVerifier>(3);
  TestServer s(verifier, config);
  struct Case {
    std::string head;
    std::string status, code;
  };
  const std::vector<Case> cases = {
      {CompareHead("idm_0000000000000001_wrong", 10'000'000), "401", "UNAUTHENTICATED"},
      {CompareHead(s.key(), 400'000'000), "413", "PAYLOAD_TOO_LARGE"},
      {"POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n", "404", "NOT_FOUND"},
      {"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n", "413", "PAYLOAD_TOO_LARGE"},
  };
  for (const auto& c : cases) {
    const int fd = Connect(s.port(), 5);
    const auto start = Clock::now();
    Send(fd, c.head);
    const std::string answer = ReadAll(fd);
    ::close(fd);
    EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 " + c.status) << c.head << answer.substr(0, 200);
    EXPECT_NE(answer.find(c.code), std::string::npos) << c.head << answer;
    EXPECT_LT(SecondsSince(start), 2.0) << c.head;
  }
  // One compare running and one uploading hold both heavy places; a third
  // is refused from its head.
  std::thread running([&] { s.Client().Post("/v1/compare", s.Auth(), kCompareBody, "application/json"); });
  for (int i = 0; i < 100 && verifier->started < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const int uploading = Connect(s.port(), 5);
  Send(uploading, CompareHead(s.key(), 1000) + "{\"source\": ");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const int fd = Connect(s.port(), 5);
  const auto start = Clock::now();
  Send(fd, CompareHead(s.key(), 1000));
  const std::string answer = ReadAll(fd);
  ::close(fd);
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 503") << answer.substr(0, 300);
  EXPECT_NE(answer.find("OVERLOADED"), std::string::npos);
  EXPECT_NE(answer.find("Retry-After: 1"), std::string::npos);
  EXPECT_LT(SecondsSince(start), 1.0);
  ::close(uploading);
  running.join();
}

TEST(Edge, ARequestPastItsDeadlineStopsAndSays503) {
  ServerConfig config = EdgeConfig();
  config.request_timeout_s = 1;
  auto verifier = std::make_shared<StandInVerifier>(5);
  TestServer s(verifier, config);
  const auto start = Clock::now();
  auto res = s.Client().Post("/v1/compare", s.Auth(), kCompareBody, "application/json");
  const double took = SecondsSince(start);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503) << res->body;
  EXPECT_NE(res->body.find("DEADLINE_EXCEEDED"), std::string::npos) << res->body;
  EXPECT_LT(took, 3.0);
  EXPECT_EQ(verifier->stopped, 1);
}

TEST(Edge, AClientThatLeavesCancelsItsWork) {
  auto verifier = std::make_shared<StandInVerifier>(8);
  TestServer s(verifier, EdgeConfig());
  const int fd = Connect(s.port());
  Send(fd, CompareHead(s.key(), kCompareBody.size()) + kCompareBody);
  for (int i = 0; i < 100 && verifier->started < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_EQ(verifier->started, 1);
  const auto start = Clock::now();
  ::close(fd);
  for (int i = 0; i < 150 && verifier->stopped < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(verifier->stopped, 1);
  EXPECT_LT(SecondsSince(start), 2.0);
  auto metrics = s.Client().Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("idmatch_requests_abandoned_total 1"), std::string::npos);
}

TEST(Edge, ExpectContinueIsAnsweredBeforeTheBody) {
  TestServer s(std::make_shared<StandInVerifier>(0), EdgeConfig());
  const int fd = Connect(s.port(), 5);
  std::string head = CompareHead(s.key(), kCompareBody.size());
  head.insert(head.size() - 2, "Expect: 100-continue\r\n");
  Send(fd, head);
  char buf[256];
  const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, static_cast<size_t>(n)), "HTTP/1.1 100 Continue\r\n\r\n");
  Send(fd, kCompareBody);
  const std::string answer = ReadResponse(fd);
  ::close(fd);
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 422") << answer.substr(0, 300);  // the verifier's "no face"
  EXPECT_NE(answer.find("NO_FACE_IN_SOURCE"), std::string::npos);
}

TEST(Edge, StopDoesNotWaitForTricklingClients) {
  auto server = std::make_unique<TestServer>(std::make_shared<StandInVerifier>(0), EdgeConfig());
  const int fd = Connect(server->port());
  Send(fd, "GET /healthz HTTP/1.1\r\nX-Slow: ");
  const auto start = Clock::now();
  server.reset();  // Stop() and Run() returning
  EXPECT_LT(SecondsSince(start), 3.0);
  ::close(fd);
}

// The real engine stops between stages once its budget is spent.
TEST(Edge, TheEngineHonoursTheWorkBudget) {
  const std::string photo = Photo("img1.jpg");
  if (photo.empty()) GTEST_SKIP() << "shared test photos not found under " << testing::SharedDir();
  auto engine = Engine::Create(EngineConfig{});
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  WorkBudget spent;
  spent.deadline = Clock::now() - std::chrono::seconds(1);
  {
    ScopedWorkBudget scope(&spent);
    auto r = (*engine)->Compare(photo, photo, CompareOptions{});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), ErrorCode::kDeadlineExceeded);
  }
  WorkBudget left;
  left.cancelled = true;
  {
    ScopedWorkBudget scope(&left);
    EXPECT_EQ((*engine)->Compare(photo, photo, CompareOptions{}).status().code(), ErrorCode::kDeadlineExceeded);
  }
  EXPECT_TRUE((*engine)->Compare(photo, photo, CompareOptions{}).ok());  // no budget: no limit
}

}  // namespace
}  // namespace idmatch::server
