// In-process HTTP server tests on an ephemeral loopback port: every route and
// every error class, auth, rate limit, backpressure, and no exception leaks.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "api/base64.h"
#include "server/http_server.h"
#include "store/audit_log.h"
#include "store/key_store.h"
#include "support/document_factory.h"
#include "support/image_factory.h"

namespace idmatch::server {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string Photo(const std::string& name) {
  return testing::ReadFileOrEmpty(testing::SharedDir() + "/testdata/faces/deepface/" + name);
}

// A running server with its own data directory; stops and cleans up on scope exit.
class TestServer {
 public:
  TestServer(std::shared_ptr<Engine> engine, ServerConfig config) {
    dir_ = fs::temp_directory_path() /
           ("idmatch-server-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(dir_);
    config.host = "127.0.0.1";
    config.port = 0;
    config.data_dir = dir_.string();
    keys_ = std::move(store::KeyStore::Open(config.data_dir)).value();
    key_ = keys_->Create("test", "user")->secret;
    auto srv = HttpServer::Create(config, std::move(engine), keys_);
    EXPECT_TRUE(srv.ok()) << srv.status().ToString();
    server_ = std::move(srv).value();
    port_ = *server_->Bind();
    thread_ = std::thread([this] { server_->Run(); });
    httplib::Client probe("127.0.0.1", port_);
    for (int i = 0; i < 100 && !probe.Get("/healthz"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ~TestServer() {
    server_->Stop();
    thread_.join();
    server_.reset();
    keys_.reset();
    fs::remove_all(dir_);
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(60, 0);
    return c;
  }
  httplib::Headers Auth() const { return {{"x-api-key", key_}}; }
  store::KeyStore& keys() { return *keys_; }
  std::string db_path() const { return (dir_ / "idmatch.db").string(); }
  const std::string& key() const { return key_; }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
  std::shared_ptr<store::KeyStore> keys_;
  std::string key_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  int port_ = 0;
};

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (Photo("img1.jpg").empty()) return;
    auto e = Engine::Create(EngineConfig{});
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    engine_ = std::move(e).value();
  }
  static void TearDownTestSuite() { engine_.reset(); }
  void SetUp() override {
    if (!engine_) GTEST_SKIP() << "shared test photos not found under " << testing::SharedDir();
  }
  static ServerConfig Config() {
    ServerConfig c;
    c.rate_limit_per_second = 0;
    return c;
  }
  static std::string CompareBody(const std::string& source, const std::string& target, json extra = json::object()) {
    extra["source"] = api::EncodeBase64(source);
    extra["target"] = api::EncodeBase64(target);
    return extra.dump();
  }
  static void ExpectError(const httplib::Result& res, int status, const std::string& code) {
    ASSERT_TRUE(res) << "no response";
    EXPECT_EQ(res->status, status) << res->body;
    const json body = json::parse(res->body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << res->body;
    EXPECT_EQ(body["error"]["code"], code) << res->body;
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
    EXPECT_EQ(body["error"]["request_id"], res->get_header_value("X-Request-Id"));
  }
  static inline std::shared_ptr<Engine> engine_;
};

TEST_F(ServerTest, HealthReadinessOpenApiAndMetrics) {
  TestServer s(engine_, Config());
  auto c = s.Client();
  auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto ready = c.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_EQ(json::parse(ready->body)["database"], "ok");
  auto api = c.Get("/openapi.json");
  ASSERT_TRUE(api);
  const json doc = json::parse(api->body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  for (const char* path : {"/v1/compare", "/prod/ips", "/v1/detect", "/healthz", "/readyz", "/metrics"}) {
    EXPECT_TRUE(doc["paths"].contains(path)) << path;
  }
  (void)c.Post("/v1/compare", s.Auth(), CompareBody(Photo("img1.jpg"), Photo("img2.jpg")), "application/json");
  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("idmatch_requests_total{route=\"/v1/compare\",status=\"200\"} 1"), std::string::npos);
  EXPECT_NE(metrics->body.find("idmatch_stage_duration_ms_bucket{stage=\"detect\""), std::string::npos);
  EXPECT_NE(metrics->body.find("idmatch_decisions_total{decision=\"match\"} 1"), std::string::npos);
  EXPECT_NE(metrics->body.find("idmatch_queue_depth 0"), std::string::npos);
  // The web page and its assets: same-origin only, no sniffing.
  auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("/static/app.js"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  auto js = c.Get("/static/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  auto missing = c.Get("/static/nope.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(ServerTest, CompareJsonReturnsTheFullResult) {
  TestServer s(engine_, Config());
  auto res =
      s.Client().Post("/v1/compare", s.Auth(), CompareBody(Photo("img1.jpg"), Photo("img2.jpg")), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json r = json::parse(res->body);
  EXPECT_TRUE(r["match"].get<bool>());
  EXPECT_GT(r["similarity"].get<double>(), r["threshold"].get<double>());
  EXPECT_EQ(r["request_id"], res->get_header_value("X-Request-Id"));
  EXPECT_EQ(r["face_matches"].size(), 1u);
  EXPECT_EQ(r["unmatched_faces"].size(), 0u);
  EXPECT_EQ(r["source_face"]["landmarks"].size(), 5u);
  EXPECT_GT(r["face_matches"][0]["detection_confidence"].get<double>(), 90);
  EXPECT_TRUE(r["timings_ms"].contains("total"));
  EXPECT_EQ(r["model_versions"], "faceplugin-face-recognition-js@0.0.1");
  EXPECT_FALSE(r.contains("confidence"));
  // Quality of both faces and liveness of the selfie, on by default.
  EXPECT_EQ(r["quality_filter"], "AUTO");
  EXPECT_EQ(r["source_face"]["quality"]["measures"].size(), 9u);
  EXPECT_EQ(r["source_face"]["quality"]["level"], "MEDIUM");
  EXPECT_EQ(r["target_face"]["quality"]["level"], "LOW");
  EXPECT_TRUE(r["liveness"]["assessed"].get<bool>());
  EXPECT_EQ(r["liveness"]["reason"], "LIVE");
  EXPECT_GT(r["timings_ms"]["source"]["liveness"].get<double>(), 0.0);
}

TEST_F(ServerTest, LivenessCanBeTurnedOffPerRequestAndIsValidated) {
  TestServer s(engine_, Config());
  auto c = s.Client();
  auto off =
      c.Post("/v1/compare", s.Auth(),
             CompareBody(Photo("img1.jpg"), Photo("img2.jpg"), {{"liveness", false}, {"quality_filter", "HIGH"}}),
             "application/json");
  ASSERT_TRUE(off);
  ASSERT_EQ(off->status, 200) << off->body;
  const json r = json::parse(off->body);
  EXPECT_EQ(r["liveness"]["reason"], "LIVENESS_DISABLED");
  EXPECT_EQ(r["source_face"]["quality"]["level"], "HIGH");
  ExpectError(c.Post("/v1/compare", s.Auth(),
                     CompareBody(Photo("img1.jpg"), Photo("img2.jpg"), {{"liveness", "maybe"}}), "application/json"),
              400, "INVALID_ARGUMENT");
  httplib::MultipartFormDataItems items = {{"source", Photo("img1.jpg"), "a.jpg", "image/jpeg"},
                                           {"target", Photo("img2.jpg"), "b.jpg", "image/jpeg"},
                                           {"liveness", "false", "", ""}};
  auto multipart = c.Post("/v1/compare", s.Auth(), items);
  ASSERT_TRUE(multipart);
  ASSERT_EQ(multipart->status, 200) << multipart->body;
  EXPECT_EQ(json::parse(multipart->body)["liveness"]["reason"], "LIVENESS_DISABLED");
}

TEST_F(ServerTest, LegacyRouteAcceptsDataUrlsAndLineBreaksAndAddsConfidence) {
  TestServer s(engine_, Config());
  const std::string plain = api::EncodeBase64(Photo("img2.jpg"));
  std::string b64;  // MIME-style 76-character lines
  for (size_t i = 0; i < plain.size(); i += 76) b64.append(plain, i, 76).push_back('\n');
  std::string data_url = "data:image/jpeg;base64,";
  data_url += api::EncodeBase64(Photo("img1.jpg"));
  const json body{{"source", data_url}, {"target", b64}};
  auto res = s.Client().Post("/prod/ips", s.Auth(), body.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json r = json::parse(res->body);
  EXPECT_EQ(r["confidence"], r["similarity"]);
  EXPECT_TRUE(r["match"].get<bool>());
}

TEST_F(ServerTest, MultipartCompareOfDifferentPeople) {
  TestServer s(engine_, Config());
  httplib::MultipartFormDataItems items = {{"source", Photo("img1.jpg"), "a.jpg", "image/jpeg"},
                                           {"target", Photo("img3.jpg"), "b.jpg", "image/jpeg"},
                                           {"similarity_threshold", "50", "", ""}};
  auto res = s.Client().Post("/v1/compare", s.Auth(), items);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json r = json::parse(res->body);
  EXPECT_FALSE(r["match"].get<bool>());
  EXPECT_EQ(r["threshold"], 50.0);
  EXPECT_EQ(r["face_matches"].size(), 0u);
  EXPECT_EQ(r["unmatched_faces"].size(), 1u);
}

TEST_F(ServerTest, DetectListsEveryFaceAndSeveralFacesAreReported) {
  TestServer s(engine_, Config());
  auto c = s.Client();
  auto det = c.Post("/v1/detect", s.Auth(), json{{"image", api::EncodeBase64(Photo("couple.jpg"))}}.dump(),
                    "application/json");
  ASSERT_TRUE(det);
  ASSERT_EQ(det->status, 200) << det->body;
  EXPECT_EQ(json::parse(det->body)["faces"].size(), 2u);
  // Its front face is turned ~32 degrees: AUTO refuses with the reason, NONE answers.
  auto turned = c.Post("/v1/compare", s.Auth(), CompareBody(Photo("selfie-many-people.jpg"), Photo("img1.jpg")),
                       "application/json");
  ASSERT_TRUE(turned);
  ASSERT_EQ(turned->status, 422) << turned->body;
  const json err = json::parse(turned->body)["error"];
  EXPECT_EQ(err["code"], "SOURCE_QUALITY_TOO_LOW");
  EXPECT_EQ(err["reasons"], json::array({"SELFIE_HEAD_TURNED"}));
  EXPECT_NE(err["message"].get<std::string>().find("turned"), std::string::npos);
  json body = json::parse(CompareBody(Photo("selfie-many-people.jpg"), Photo("img1.jpg")));
  body["quality_filter"] = "NONE";
  auto crowd = c.Post("/v1/compare", s.Auth(), body.dump(), "application/json");
  ASSERT_TRUE(crowd);
  ASSERT_EQ(crowd->status, 200) << crowd->body;
  const json reasons = json::parse(crowd->body)["reasons"];
  EXPECT_NE(std::find(reasons.begin(), reasons.end(), "MULTIPLE_FACES_IN_SOURCE"), reasons.end());
}

TEST_F(ServerTest, EveryInputErrorHasItsCode) {
  ServerConfig config = Config();
  config.max_body_bytes = 12u * 1024 * 1024;
  TestServer s(engine_, config);
  auto c = s.Client();
  const std::string face = Photo("img1.jpg");
  auto post = [&](const std::string& body, const char* type = "application/json") {
    return c.Post("/v1/compare", s.Auth(), body, type);
  };
  ExpectError(post("{\"source\": "), 400, "MALFORMED_JSON");
  ExpectError(post("[1,2]"), 400, "MALFORMED_JSON");
  ExpectError(post(json{{"source", api::EncodeBase64(face)}}.dump()), 400, "MISSING_FIELD");
  ExpectError(post(json{{"source", "@@@not base64@@@"}, {"target", "AAAA"}}.dump()), 400, "BAD_BASE64");
  ExpectError(post(json{{"source", 42}, {"target", "AAAA"}}.dump()), 400, "INVALID_ARGUMENT");
  ExpectError(post(CompareBody("plain text, not an image", face)), 415, "UNSUPPORTED_IMAGE_FORMAT");
  ExpectError(post(CompareBody(face, face.substr(0, face.size() / 2))), 400, "IMAGE_TRUNCATED");
  const std::string no_face = testing::EncodeWith(testing::TestPattern(320, 240), ".png");
  ExpectError(post(CompareBody(no_face, face)), 422, "NO_FACE_IN_SOURCE");
  ExpectError(post(CompareBody(face, no_face)), 422, "NO_FACE_IN_TARGET");
  ExpectError(post(CompareBody(face, face, {{"similarity_threshold", 101}})), 400, "INVALID_ARGUMENT");
  ExpectError(post(CompareBody(face, face, {{"quality_filter", "ULTRA"}})), 400, "INVALID_ARGUMENT");
  ExpectError(post("source=abc", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
  ExpectError(post(std::string(13u * 1024 * 1024, 'A')), 413, "PAYLOAD_TOO_LARGE");
  ExpectError(c.Get("/v2/nothing"), 404, "NOT_FOUND");
  // The server is still healthy after all of that.
  auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(ServerTest, ApiKeysMissingUnknownRevokedAndBearer) {
  TestServer s(engine_, Config());
  auto c = s.Client();
  const std::string body = json{{"image", api::EncodeBase64(Photo("img1.jpg"))}}.dump();
  ExpectError(c.Post("/v1/detect", body, "application/json"), 401, "UNAUTHENTICATED");
  ExpectError(c.Post("/v1/detect", {{"x-api-key", "idm_0000000000000000_nope"}}, body, "application/json"), 401,
              "UNAUTHENTICATED");
  ExpectError(c.Post("/v1/detect", {{"x-api-key", "garbage"}}, body, "application/json"), 401, "UNAUTHENTICATED");
  auto bearer = c.Post("/v1/detect", {{"Authorization", "Bearer " + s.key()}}, body, "application/json");
  ASSERT_TRUE(bearer);
  EXPECT_EQ(bearer->status, 200);
  auto other = s.keys().Create("to-revoke", "user");
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(s.keys().Revoke(other->info.id).ok());
  ExpectError(c.Post("/v1/detect", {{"x-api-key", other->secret}}, body, "application/json"), 403, "PERMISSION_DENIED");
}

TEST_F(ServerTest, PerKeyRateLimitAnswers429WithRetryAfter) {
  ServerConfig config = Config();
  config.rate_limit_per_second = 0.2;
  config.rate_limit_burst = 2;
  TestServer s(engine_, config);
  auto c = s.Client();
  const std::string body =
      json{{"image", api::EncodeBase64(testing::EncodeWith(testing::TestPattern(64, 64), ".png"))}}.dump();
  for (int i = 0; i < 2; ++i) {
    auto ok = c.Post("/v1/detect", s.Auth(), body, "application/json");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200) << ok->body;
  }
  auto limited = c.Post("/v1/detect", s.Auth(), body, "application/json");
  ExpectError(limited, 429, "RATE_LIMITED");
  EXPECT_GE(std::stoi(limited->get_header_value("Retry-After")), 1);
}

TEST_F(ServerTest, FloodGetsOnly200Or503AndTheServerSurvives) {
  ServerConfig config = Config();
  config.max_inflight = 1;
  config.http_threads = 16;
  TestServer s(engine_, config);
  const std::string body = CompareBody(Photo("img1.jpg"), Photo("img2.jpg"));
  std::vector<std::future<std::pair<int, std::string>>> calls;
  for (int i = 0; i < 12; ++i) {
    calls.push_back(std::async(std::launch::async, [&] {
      auto res = s.Client().Post("/v1/compare", s.Auth(), body, "application/json");
      return res ? std::make_pair(res->status, res->get_header_value("Retry-After"))
                 : std::make_pair(-1, std::string());
    }));
  }
  int ok = 0, overloaded = 0;
  for (auto& f : calls) {
    const auto [status, retry_after] = f.get();
    EXPECT_TRUE(status == 200 || status == 503) << status;
    ok += status == 200;
    if (status == 503) {
      ++overloaded;
      EXPECT_EQ(retry_after, "1");
    }
  }
  EXPECT_GE(ok, 1);
  EXPECT_GE(overloaded, 1);
  auto health = s.Client().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(ServerTest, ExceptionTextNeverReachesTheClient) {
  ServerConfig config = Config();
  config.fault_injection = true;
  TestServer s(engine_, config);
  httplib::Headers h = s.Auth();
  h.emplace("X-Idmatch-Fault", "throw");
  auto res = s.Client().Post("/v1/compare", h, CompareBody(Photo("img1.jpg"), Photo("img2.jpg")), "application/json");
  ExpectError(res, 500, "INTERNAL");
  EXPECT_EQ(res->body.find("secret"), std::string::npos);
  EXPECT_EQ(res->body.find("/etc/idmatch"), std::string::npos);
}

TEST_F(ServerTest, EveryDecisionIsRecordedBeforeItIsReleased) {
  TestServer s(engine_, Config());
  auto c = s.Client();
  auto res = c.Post("/v1/compare", s.Auth(), CompareBody(Photo("img1.jpg"), Photo("img2.jpg")), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string id = json::parse(res->body)["request_id"];
  auto mine = c.Get(("/v1/verifications/" + id).c_str(), s.Auth());
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->status, 200) << mine->body;
  const json rec = json::parse(mine->body);
  EXPECT_EQ(rec["decision"], "match");
  EXPECT_EQ(rec["route"], "/v1/compare");
  EXPECT_NEAR(rec["similarity"].get<double>(), json::parse(res->body)["similarity"].get<double>(), 0.01);
  // Quality and liveness outcomes are kept as scores and codes, never pixels.
  EXPECT_EQ(rec["quality_filter"], "AUTO");
  EXPECT_EQ(rec["quality"]["source"]["level"], "MEDIUM");
  EXPECT_TRUE(rec["quality"]["source"]["passed"].get<bool>());
  EXPECT_EQ(rec["quality"]["source"]["scores"].size(), 9u);
  EXPECT_EQ(rec["liveness"], "LIVE");
  EXPECT_GT(rec["liveness_score"].get<double>(), 50.0);
  EXPECT_FALSE(rec.contains("embeddings"));  // biometric data only when the operator enables it
  // Another user's key cannot see it (and cannot learn that it exists); an admin can.
  auto other = s.keys().Create("other", "user");
  ExpectError(c.Get(("/v1/verifications/" + id).c_str(), {{"x-api-key", other->secret}}), 404, "NOT_FOUND");
  auto admin = s.keys().Create("auditor", "admin");
  auto as_admin = c.Get(("/v1/verifications/" + id).c_str(), {{"x-api-key", admin->secret}});
  ASSERT_TRUE(as_admin);
  EXPECT_EQ(as_admin->status, 200);
  // Erasure.
  ExpectError(c.Delete(("/v1/verifications/" + id).c_str(), {{"x-api-key", other->secret}}), 404, "NOT_FOUND");
  auto erased = c.Delete(("/v1/verifications/" + id).c_str(), s.Auth());
  ASSERT_TRUE(erased);
  EXPECT_EQ(erased->status, 200);
  ExpectError(c.Get(("/v1/verifications/" + id).c_str(), s.Auth()), 404, "NOT_FOUND");
  // When the audit write fails, no decision leaves the server.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(s.db_path().c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  ASSERT_EQ(sqlite3_exec(db, "DROP TABLE verifications", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto refused = c.Post("/v1/compare", s.Auth(), CompareBody(Photo("img1.jpg"), Photo("img2.jpg")), "application/json");
  ExpectError(refused, 503, "UNAVAILABLE");
  EXPECT_EQ(refused->body.find("similarity"), std::string::npos);
}

TEST_F(ServerTest, EmbeddingsAreAuditedOnlyWhenEnabled) {
  ServerConfig config = Config();
  config.audit_store_embeddings = true;
  TestServer s(engine_, config);
  auto c = s.Client();
  auto res = c.Post("/v1/compare", s.Auth(), CompareBody(Photo("img1.jpg"), Photo("img2.jpg")), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->body.find("float32le"), std::string::npos);  // never in the client's answer
  const std::string id = json::parse(res->body)["request_id"];
  auto rec = c.Get(("/v1/verifications/" + id).c_str(), s.Auth());
  ASSERT_TRUE(rec);
  ASSERT_EQ(rec->status, 200);
  const json e = json::parse(rec->body)["embeddings"];
  ASSERT_TRUE(e.is_object()) << rec->body;
  for (const char* side : {"source", "target"}) {
    auto bytes = api::DecodeBase64Field(e[side].get<std::string>(), side);
    ASSERT_TRUE(bytes.ok());
    EXPECT_EQ(bytes->size(), 512u * 4);
  }
}

TEST_F(ServerTest, DocumentRouteReadsTheBarcodeOrSaysWhyNot) {
  TestServer s(engine_, Config());
  auto c = s.Client();
  const std::string record = testing::AamvaRecordText(10, {{"DL", testing::SampleLicenceElements()}});
  const std::string photo = testing::EncodeWith(testing::CardOnATable(testing::Pdf417Image(record, 3), 1), ".jpg",
                                                {cv::IMWRITE_JPEG_QUALITY, 90});
  auto res = c.Post("/v1/document", s.Auth(), json{{"image", api::EncodeBase64(photo)}}.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json d = json::parse(res->body);
  EXPECT_EQ(d["family_name"], "SAMPLE");
  EXPECT_EQ(d["birth_date"], "1977-08-31");
  EXPECT_EQ(d["jurisdiction"], "CA");
  EXPECT_EQ(d["checks"][0]["name"], "not_expired");
  EXPECT_EQ(d["request_id"], res->get_header_value("X-Request-Id"));
  // A face photo has no barcode: 422 in words; no key: 401.
  ExpectError(c.Post("/v1/document", s.Auth(), json{{"image", api::EncodeBase64(Photo("img1.jpg"))}}.dump(),
                     "application/json"),
              422, "DOCUMENT_NOT_READ");
  ExpectError(c.Post("/v1/document", json{{"image", api::EncodeBase64(photo)}}.dump(), "application/json"), 401,
              "UNAUTHENTICATED");
}

TEST_F(ServerTest, VerificationListShowsOwnRecordsWithPaging) {
  TestServer s(engine_, Config());
  auto c = s.Client();
  auto other = s.keys().Create("other", "user");
  const std::string body = CompareBody(Photo("img1.jpg"), Photo("img3.jpg"));
  for (int i = 0; i < 3; ++i) ASSERT_EQ(c.Post("/v1/compare", s.Auth(), body, "application/json")->status, 200);
  ASSERT_EQ(c.Post("/v1/compare", {{"x-api-key", other->secret}}, body, "application/json")->status, 200);
  auto first = c.Get("/v1/verifications?limit=2&decision=no_match", s.Auth());
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  const json page1 = json::parse(first->body);
  ASSERT_EQ(page1["records"].size(), 2u);
  ASSERT_TRUE(page1["next_cursor"].is_string());
  auto second =
      c.Get(("/v1/verifications?limit=2&decision=no_match&cursor=" + page1["next_cursor"].get<std::string>()).c_str(),
            s.Auth());
  ASSERT_TRUE(second);
  const json page2 = json::parse(second->body);
  EXPECT_EQ(page2["records"].size(), 1u);  // the other key's row is not visible
  EXPECT_TRUE(page2["next_cursor"].is_null());
  ExpectError(c.Get("/v1/verifications?limit=5000", s.Auth()), 400, "INVALID_ARGUMENT");
  ExpectError(c.Get("/v1/verifications?cursor=zzz", s.Auth()), 400, "INVALID_ARGUMENT");
}

TEST(ServerConfigTest, RejectsUnknownKeysAndInconsistentLimits) {
  ServerConfig c;
  EXPECT_EQ(ApplySetting("bogus", "1", c).code(), ErrorCode::kConfigInvalid);
  EXPECT_EQ(ApplySetting("port", "eighty", c).code(), ErrorCode::kConfigInvalid);
  ASSERT_TRUE(ApplySetting("flip_augment", "target", c).ok());
  EXPECT_EQ(c.engine.flip_augment, FlipAugment::kTargetOnly);
  EXPECT_EQ(ApplySetting("flip_augment", "sometimes", c).code(), ErrorCode::kConfigInvalid);
  ASSERT_TRUE(ApplySetting("max_inflight", "20", c).ok());
  EXPECT_NE(c.Validate().message().find("http_threads"), std::string::npos);
  const fs::path file = fs::temp_directory_path() / "idmatch-config-test.json";
  std::ofstream(file) << R"({"port": 9000, "max_body_bytes": 1048576, "typo_key": true})";
  ServerConfig from_file;
  const Status s = ApplyConfigFile(file.string(), from_file);
  EXPECT_EQ(s.code(), ErrorCode::kConfigInvalid);
  EXPECT_NE(s.message().find("typo_key"), std::string::npos);
  fs::remove(file);
}

}  // namespace
}  // namespace idmatch::server
