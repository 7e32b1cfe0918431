// The in-process server fixture shared by the server test files: a real
// HttpServer on an ephemeral loopback port with its own data directory and key.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/base64.h"
#include "core/work_budget.h"
#include "server/http_server.h"
#include "store/store.h"
#include "support/image_factory.h"

namespace idmatch::server {

using nlohmann::json;
namespace fs = std::filesystem;

inline std::string Photo(const std::string& name) {
  return testing::ReadFileOrEmpty(testing::SharedDir() + "/testdata/faces/deepface/" + name);
}

// A running server with its own data directory; stops and cleans up on scope exit.
class TestServer {
 public:
  TestServer(std::shared_ptr<Engine> engine, ServerConfig config)
      : TestServer(EngineVerifier(std::move(engine)), std::move(config)) {}
  TestServer(std::shared_ptr<Verifier> verifier, ServerConfig config) {
    dir_ = fs::temp_directory_path() /
           ("idmatch-server-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(dir_);
    config.host = "127.0.0.1";
    config.port = 0;
    config.data_dir = dir_.string();
    store_ = std::move(store::Store::Open(config.data_dir)).value();
    key_ = store_->keys().Create("test", store::KeyRole::kUser)->secret;
    auto srv = HttpServer::Create(config, std::move(verifier), store_);
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
    store_.reset();
    fs::remove_all(dir_);
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(60, 0);
    return c;
  }
  httplib::Headers Auth() const { return {{"x-api-key", key_}}; }
  int port() const { return port_; }
  store::KeyStore& keys() { return store_->keys(); }
  store::Store& store() { return *store_; }
  std::string db_path() const { return (dir_ / "idmatch.db").string(); }
  const std::string& key() const { return key_; }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
  std::shared_ptr<store::Store> store_;
  std::string key_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  int port_ = 0;
};

// A stand-in for the engine in the HTTP-layer tests (routes, edge): every
// image has no face; Compare first works for `seconds`, checking the
// request's budget every 20 ms as the pipeline does between stages, and
// records whether it was stopped. Everything a user meets with real images is
// tested with the real engine (server_test.cpp).
class StandInVerifier final : public Verifier {
 public:
  explicit StandInVerifier(double seconds = 0) : seconds_(seconds) {}
  Result<CompareResult> Compare(std::string_view, std::string_view, const CompareOptions&) const override {
    ++started;
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds_);
    while (std::chrono::steady_clock::now() < until) {
      if (Status s = CheckWorkBudget(); !s.ok()) {
        ++stopped;
        return s;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return Status(ErrorCode::kNoFaceInSource, "no face was found in the source (selfie) image");
  }
  Result<DetectResult> Detect(std::string_view, const DetectOptions&) const override { return DetectResult{}; }
  Result<DocumentRead> ReadDocument(const std::vector<std::string_view>&) const override {
    return Status(ErrorCode::kDocumentNotRead, "no barcode or MRZ was found");
  }
  // A capture judged live when its first frame's bytes are "live", else not
  // live with CHALLENGE_NOT_FOLLOWED: the challenge's state machine without models.
  Result<CaptureResult> AssessCapture(const CaptureRequest& request) const override {
    CaptureResult r;
    r.live = !request.frames.empty() && request.frames[0] == "live";
    r.score = r.live ? 80 : 20;
    r.best_frame = 0;
    if (!r.live) r.reasons.push_back("CHALLENGE_NOT_FOLLOWED");
    return r;
  }
  const std::string& model_versions() const override { return versions_; }
  ModelProfile model_profile() const override { return ModelProfile::kOpen; }
  float default_threshold() const override { return 52; }
  mutable std::atomic<int> started{0}, stopped{0};

 private:
  double seconds_;
  std::string versions_ = "none@0";
};

// The service's defaults without the per-key rate limit (tests send bursts).
inline ServerConfig NoRateLimitConfig() {
  ServerConfig c;
  c.rate_limit_per_second = 0;
  return c;
}

// An error answer: `status`, the JSON error with `code`, a message, and the
// response's request id.
inline void ExpectErrorAnswer(const httplib::Result& res, int status, const std::string& code) {
  ASSERT_TRUE(res) << "no response";
  EXPECT_EQ(res->status, status) << res->body;
  const json body = json::parse(res->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << res->body;
  EXPECT_EQ(body["error"]["code"], code) << res->body;
  EXPECT_TRUE(body["error"]["message"].is_string() && !body["error"]["message"].get<std::string>().empty())
      << res->body;
  EXPECT_EQ(body["error"]["request_id"], res->get_header_value("X-Request-Id"));
}

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
  static ServerConfig Config() { return NoRateLimitConfig(); }
  static std::string CompareBody(const std::string& source, const std::string& target, json extra = json::object()) {
    extra["source"] = base64::Encode(source);
    extra["target"] = base64::Encode(target);
    return extra.dump();
  }
  static void ExpectError(const httplib::Result& res, int status, const std::string& code) {
    ExpectErrorAnswer(res, status, code);
  }
  static inline std::shared_ptr<Engine> engine_;
};

}  // namespace idmatch::server
