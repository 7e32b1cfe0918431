// Cross-origin access (server/cors.h): the setting's parsing, then a real
// server's preflights and answers, with the StandInVerifier (no models).
// The same in a real browser: tests/web/cors_e2e.mjs.
#include "server/cors.h"

#include "server/server_fixture.h"

namespace idmatch::server {
namespace {

TEST(CorsPolicy, SettingIsOffAnyOriginOrAListOfOrigins) {
  EXPECT_FALSE(CorsPolicy::Parse("")->enabled());
  EXPECT_FALSE(CorsPolicy::Parse("  ")->enabled());
  auto any = CorsPolicy::Parse("*");
  ASSERT_TRUE(any.ok());
  EXPECT_EQ(any->AllowOriginFor("https://anything.example"), "*");
  EXPECT_EQ(any->AllowOriginFor(""), "");  // no Origin: not a cross-origin request

  auto list = CorsPolicy::Parse("https://App.Example.com, http://localhost:3000,http://[::1]:8080");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  // Browsers send the origin as they serialise it; it is echoed as sent.
  EXPECT_EQ(list->AllowOriginFor("https://app.example.com"), "https://app.example.com");
  EXPECT_EQ(list->AllowOriginFor("http://localhost:3000"), "http://localhost:3000");
  EXPECT_EQ(list->AllowOriginFor("http://[::1]:8080"), "http://[::1]:8080");
  EXPECT_EQ(list->AllowOriginFor("http://app.example.com"), "");  // scheme differs
  EXPECT_EQ(list->AllowOriginFor("https://app.example.com:444"), "");
  EXPECT_EQ(list->AllowOriginFor("https://app.example.com.evil.test"), "");
  EXPECT_EQ(list->AllowOriginFor("null"), "");

  for (const char* bad : {"app.example.com", "https://app.example.com/", "https://app.example.com/path", "ftp://x.y",
                          "https://", "https://a.b:99999", "https://a.b:", "https://a b", "*, https://a.b",
                          "https://a.b,,https://c.d", "http://[zz]:1"}) {
    auto parsed = CorsPolicy::Parse(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), ErrorCode::kConfigInvalid) << bad;
    EXPECT_NE(parsed.status().message().find("cors_allowed_origins"), std::string::npos) << bad;
  }
}

TEST(CorsPolicy, InvalidSettingStopsStartUp) {
  ServerConfig c;
  c.cors_allowed_origins = "https://app.example.com/";
  const Status s = c.Validate();
  EXPECT_EQ(s.code(), ErrorCode::kConfigInvalid);
  EXPECT_NE(s.message().find("'https://app.example.com/' is not an origin"), std::string::npos) << s.message();
}

httplib::Headers Preflight(const std::string& origin, const std::string& method, const std::string& headers = "") {
  httplib::Headers h{{"Origin", origin}, {"Access-Control-Request-Method", method}};
  if (!headers.empty()) h.emplace("Access-Control-Request-Headers", headers);
  return h;
}

constexpr const char* kPage = "https://app.example.com";

TEST(Cors, OffByDefaultPreflightsAreRefusedAndAnswersCarryNoCorsHeaders) {
  TestServer s(std::make_shared<StandInVerifier>(), NoRateLimitConfig());
  auto c = s.Client();
  auto pre = c.Options("/v1/compare", Preflight(kPage, "POST", "x-api-key,content-type"));
  ExpectErrorAnswer(pre, 403, "PERMISSION_DENIED");
  EXPECT_NE(pre->body.find("cors_allowed_origins"), std::string::npos) << pre->body;
  EXPECT_FALSE(pre->has_header("Access-Control-Allow-Origin"));
  auto res = c.Get("/healthz", {{"Origin", kPage}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(res->has_header("Vary"));
}

TEST(Cors, ListedOriginGetsPreflightAndEveryAnswerErrorsIncluded) {
  ServerConfig config = NoRateLimitConfig();
  config.cors_allowed_origins = std::string(kPage) + ",http://localhost:3000";
  config.max_body_bytes = 4096;
  TestServer s(std::make_shared<StandInVerifier>(), config);
  auto c = s.Client();

  // The preflight: no key needed, the SDK's headers allowed, cacheable.
  const std::string sdk_headers = "authorization,content-type,x-amz-date,x-amz-target,x-amz-user-agent,amz-sdk-request";
  for (const char* path : {"/v1/compare", "/", "/v1/verifications/req_1"}) {
    auto pre = c.Options(
        path, Preflight(kPage, path == std::string("/v1/verifications/req_1") ? "DELETE" : "POST", sdk_headers));
    ASSERT_TRUE(pre) << path;
    EXPECT_EQ(pre->status, 204) << path << " " << pre->body;
    EXPECT_EQ(pre->get_header_value("Access-Control-Allow-Origin"), kPage);
    EXPECT_EQ(pre->get_header_value("Access-Control-Allow-Headers"), sdk_headers);
    EXPECT_EQ(pre->get_header_value("Access-Control-Allow-Methods"), "GET, POST, DELETE");
    EXPECT_EQ(pre->get_header_value("Access-Control-Max-Age"), std::to_string(CorsPolicy::kMaxAgeSeconds));
    EXPECT_FALSE(pre->has_header("Access-Control-Allow-Credentials"));
    EXPECT_NE(pre->get_header_value("Vary").find("Origin"), std::string::npos);
  }
  // Refused preflights: another origin, a method not served, a header list
  // that is not header names.
  ExpectErrorAnswer(c.Options("/v1/compare", Preflight("https://evil.example", "POST")), 403, "PERMISSION_DENIED");
  ExpectErrorAnswer(c.Options("/v1/compare", Preflight(kPage, "PUT")), 403, "PERMISSION_DENIED");
  ExpectErrorAnswer(c.Options("/v1/compare", Preflight(kPage, "POST", "x-api-key, bad header")), 403,
                    "PERMISSION_DENIED");
  // An OPTIONS that is not a preflight is not a route.
  ExpectErrorAnswer(c.Options("/v1/compare"), 404, "NOT_FOUND");

  // Answers to the listed origin, whoever writes them: a handler's error
  // (the stand-in finds no face), admission's refusal of a missing key and
  // the edge's of a body over max_body_bytes (both before the body is read),
  // a public route, an unknown route, the AWS API's own error form.
  const httplib::Headers from_page{{"Origin", kPage}, {"x-api-key", s.key()}};
  const std::string body = R"({"source": "AAAA", "target": "AAAA"})";
  auto handled = c.Post("/v1/compare", from_page, body, "application/json");
  auto refused = c.Post("/v1/compare", httplib::Headers{{"Origin", kPage}}, body, "application/json");
  auto oversized = c.Post("/v1/compare", from_page, std::string(8192, 'A'), "application/json");
  auto health = c.Get("/healthz", {{"Origin", kPage}});
  auto unknown = c.Get("/nowhere", {{"Origin", kPage}});
  auto aws = c.Post("/", httplib::Headers{{"Origin", kPage}, {"X-Amz-Target", "RekognitionService.CompareFaces"}}, "{}",
                    "application/x-amz-json-1.1");
  ExpectErrorAnswer(handled, 422, "NO_FACE_IN_SOURCE");
  ExpectErrorAnswer(refused, 401, "UNAUTHENTICATED");
  ExpectErrorAnswer(oversized, 413, "PAYLOAD_TOO_LARGE");
  ExpectErrorAnswer(unknown, 404, "NOT_FOUND");
  ASSERT_TRUE(health && aws);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(aws->get_header_value("x-amzn-ErrorType"), "MissingAuthenticationTokenException") << aws->body;
  for (const auto* res : {&handled, &refused, &oversized, &health, &unknown, &aws}) {
    EXPECT_EQ((*res)->get_header_value("Access-Control-Allow-Origin"), kPage) << (*res)->body;
    EXPECT_EQ((*res)->get_header_value_count("Access-Control-Allow-Origin"), 1u);
    EXPECT_NE((*res)->get_header_value("Access-Control-Expose-Headers").find("X-Request-Id"), std::string::npos);
    EXPECT_EQ((*res)->get_header_value("Vary"), "Origin");
  }
  // Another origin's answer says nothing it may read, and still varies on Origin.
  auto other = c.Get("/healthz", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(other->get_header_value("Vary"), "Origin");
}

TEST(Cors, AnyOriginIsAnsweredWithAStar) {
  ServerConfig config = NoRateLimitConfig();
  config.cors_allowed_origins = "*";
  TestServer s(std::make_shared<StandInVerifier>(), config);
  auto c = s.Client();
  auto pre = c.Options("/v1/detect", Preflight("https://any.example", "POST", "x-api-key"));
  ASSERT_TRUE(pre);
  EXPECT_EQ(pre->status, 204);
  EXPECT_EQ(pre->get_header_value("Access-Control-Allow-Origin"), "*");
  auto res = c.Get("/v1/vocabulary", {{"Origin", "https://other.example"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "*");
  EXPECT_FALSE(res->has_header("Vary"));
}

}  // namespace
}  // namespace idmatch::server
