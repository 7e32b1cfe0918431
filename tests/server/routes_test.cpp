// The HTTP layer on its own: the server depends on the narrow Verifier
// interface, so routing, authentication, limits and error mapping are tested
// here without models or shared photos, with the fixture's StandInVerifier
// (every image has no face); everything a user meets with real images is
// tested with the real engine in server_test.cpp.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "server/server_fixture.h"

namespace idmatch::server {
namespace {

TEST(Routes, EveryRouteDeclaresItsAccessAndKeyedOnesDenyWithoutAKey) {
  TestServer s(std::make_shared<StandInVerifier>(), NoRateLimitConfig());
  auto c = s.Client();
  const std::string body = R"({"image": "AAAA", "source": "AAAA", "target": "AAAA"})";
  for (const char* path : {"/v1/compare", "/prod/ips", "/v1/detect", "/v1/document"}) {
    ExpectErrorAnswer(c.Post(path, body, "application/json"), 401, "UNAUTHENTICATED");
  }
  ExpectErrorAnswer(c.Get("/v1/verifications"), 401, "UNAUTHENTICATED");
  ExpectErrorAnswer(c.Get("/v1/verifications/req_1"), 401, "UNAUTHENTICATED");
  ExpectErrorAnswer(c.Delete("/v1/verifications/req_1"), 401, "UNAUTHENTICATED");
  for (const char* path : {"/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/vocabulary", "/"}) {
    auto res = c.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_EQ(res->get_header_value_count("X-Request-Id"), 1u) << path;
  }
  const json ready = json::parse(c.Get("/readyz")->body);
  EXPECT_EQ(ready["model_profile"], "open");
  EXPECT_EQ(ready["threshold"], 52.0);
  EXPECT_EQ(ready["models"], "none@0");
  // With a key the handler runs: the verifier's answer, mapped by the one table.
  ExpectErrorAnswer(c.Post("/v1/compare", s.Auth(), body, "application/json"), 422, "NO_FACE_IN_SOURCE");
  ExpectErrorAnswer(c.Post("/v1/document", s.Auth(), body, "application/json"), 422, "DOCUMENT_NOT_READ");
  auto detect = c.Post("/v1/detect", s.Auth(), body, "application/json");
  ASSERT_TRUE(detect);
  EXPECT_EQ(detect->status, 200) << detect->body;
  EXPECT_TRUE(json::parse(detect->body)["faces"].empty());
}

TEST(Routes, UnknownRoutesOversizedBodiesAndMediaTypesGetTheirCodes) {
  ServerConfig config = NoRateLimitConfig();
  config.max_body_bytes = 4096;
  TestServer s(std::make_shared<StandInVerifier>(), config);
  auto c = s.Client();
  ExpectErrorAnswer(c.Get("/v1/nothing-here"), 404, "NOT_FOUND");
  ExpectErrorAnswer(c.Post("/healthz", s.Auth(), "{}", "application/json"), 404, "NOT_FOUND");
  ExpectErrorAnswer(c.Post("/v1/detect", s.Auth(), std::string(8192, 'A'), "application/json"), 413,
                    "PAYLOAD_TOO_LARGE");
  ExpectErrorAnswer(c.Post("/v1/detect", s.Auth(), "image=AAAA", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
  ExpectErrorAnswer(c.Post("/v1/detect", s.Auth(), "{\"image\": ", "application/json"), 400, "MALFORMED_JSON");
  ExpectErrorAnswer(c.Post("/v1/detect", s.Auth(), "{}", "application/json"), 400, "MISSING_FIELD");
}

TEST(Routes, RateLimitIsPerKeyWithRetryAfter) {
  ServerConfig config = NoRateLimitConfig();
  config.rate_limit_per_second = 0.2;
  config.rate_limit_burst = 2;
  TestServer s(std::make_shared<StandInVerifier>(), config);
  auto c = s.Client();
  const std::string body = R"({"image": "AAAA"})";
  for (int i = 0; i < 2; ++i) EXPECT_EQ(c.Post("/v1/detect", s.Auth(), body, "application/json")->status, 200);
  auto limited = c.Post("/v1/detect", s.Auth(), body, "application/json");
  ExpectErrorAnswer(limited, 429, "RATE_LIMITED");
  EXPECT_GE(std::stoi(limited->get_header_value("Retry-After")), 1);
  auto other = s.keys().Create("second", store::KeyRole::kUser);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(c.Post("/v1/detect", {{"x-api-key", other->secret}}, body, "application/json")->status, 200)
      << "another key has its own bucket";
}

// Sends raw bytes on a fresh connection and returns the server's first
// response (headers and its Content-Length body), or what arrived in 5 s.
std::string RawExchange(int port, const std::string& bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) {
      answer.append(buf, static_cast<size_t>(n));
      const size_t end = answer.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      const size_t cl = answer.find("Content-Length: ");
      const size_t length = cl < end ? std::stoul(answer.substr(cl + 16)) : 0;
      if (answer.size() >= end + 4 + length) break;
    }
  }
  ::close(fd);
  return answer;
}

// Framings that would make the server buffer, inflate or wait before it has
// even authenticated the client are refused from the headers alone, at once,
// and the connection is closed (the unread body is never read).
TEST(Routes, HostileFramingsAreRefusedBeforeTheBodyIsRead) {
  TestServer s(std::make_shared<StandInVerifier>(), NoRateLimitConfig());
  const std::string head = "POST /v1/detect HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
  struct Case {
    std::string headers;
    std::string status;
    std::string code;
  };
  const std::vector<Case> cases = {
      // A gzip body that would inflate past every limit: refused, never inflated.
      {"Content-Encoding: gzip\r\nContent-Length: 1000000\r\n", "415", "UNSUPPORTED_MEDIA_TYPE"},
      // A chunked body of unknown length: refused before a chunk is read.
      {"Transfer-Encoding: chunked\r\n", "411", "LENGTH_REQUIRED"},
      {"Content-Length: -1\r\n", "400", "INVALID_ARGUMENT"},
      {"Content-Length: 10\r\nContent-Length: 20\r\n", "400", "INVALID_ARGUMENT"},
  };
  for (const auto& c : cases) {
    const auto start = std::chrono::steady_clock::now();
    // The declared body never arrives: only the headers are sent.
    const std::string answer = RawExchange(s.port(), head + c.headers + "\r\n");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 " + c.status) << c.headers << answer.substr(0, 200);
    EXPECT_NE(answer.find("\"" + c.code + "\""), std::string::npos) << answer;
    EXPECT_LT(seconds, 2.0) << "answered only after " << seconds << " s: " << c.headers;
  }
  std::string many;
  for (int i = 0; i < 150; ++i) many += "X-Filler-" + std::to_string(i) + ": y\r\n";
  const std::string answer = RawExchange(s.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n" + many + "\r\n");
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 431") << answer.substr(0, 200);
  // Equal duplicate lengths and ordinary requests still pass.
  auto c = s.Client();
  EXPECT_EQ(c.Get("/healthz")->status, 200);
  const std::string ok = RawExchange(
      s.port(),
      "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(ok.substr(0, 12), "HTTP/1.1 200") << ok.substr(0, 200);
}

// Brute force: an address that keeps presenting wrong keys is refused before
// its key is looked up, a valid key included, until its bucket refills.
TEST(Routes, RepeatedFailedAuthenticationIsThrottledPerAddress) {
  ServerConfig config = NoRateLimitConfig();
  config.auth_failure_per_second = 0.2;
  config.auth_failure_burst = 3;
  TestServer s(std::make_shared<StandInVerifier>(), config);
  auto c = s.Client();
  const std::string body = R"({"image": "AAAA"})";
  EXPECT_EQ(c.Post("/v1/detect", s.Auth(), body, "application/json")->status, 200);
  for (int i = 0; i < 3; ++i) {
    ExpectErrorAnswer(c.Post("/v1/detect", {{"x-api-key", "idm_00000000000000" + std::to_string(10 + i) + "_wrong"}},
                             body, "application/json"),
                      401, "UNAUTHENTICATED");
  }
  auto throttled = c.Post("/v1/detect", {{"x-api-key", "idm_0000000000000099_wrong"}}, body, "application/json");
  ExpectErrorAnswer(throttled, 429, "RATE_LIMITED");
  EXPECT_GE(std::stoi(throttled->get_header_value("Retry-After")), 1);
  ExpectErrorAnswer(c.Post("/v1/detect", s.Auth(), body, "application/json"), 429, "RATE_LIMITED");
  // Public routes are not affected.
  EXPECT_EQ(c.Get("/healthz")->status, 200);
}

}  // namespace
}  // namespace idmatch::server
