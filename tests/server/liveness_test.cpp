// The liveness challenge routes: the one-time state machine with a stand-in
// engine (no models), then real captures through the real engine.
#include <ctime>
#include <future>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <regex>

#include "core/iso_time.h"
#include "server_fixture.h"
#include "support/capture_factory.h"

namespace idmatch::server {
namespace {

httplib::Result Answer(httplib::Client& c, const TestServer& s, const std::string& id,
                       const std::vector<std::string>& frames, const std::string& times,
                       const std::string& id_photo = "") {
  httplib::MultipartFormDataItems items;
  for (size_t i = 0; i < frames.size(); ++i) {
    std::string name = std::to_string(i);
    name += ".jpg";
    items.push_back({"frame", frames[i], name, "image/jpeg"});
  }
  if (!times.empty()) items.push_back({"timestamps_ms", times, "", ""});
  if (!id_photo.empty()) items.push_back({"id_photo", id_photo, "id.jpg", "image/jpeg"});
  return c.Post("/v1/liveness/challenges/" + id, s.Auth(), items);
}

std::string Times(size_t n) {
  std::string t;
  for (size_t i = 0; i < n; ++i) {
    if (i) t += ',';
    t += std::to_string(i * 150);
  }
  return t;
}

std::string NewChallenge(httplib::Client& c, const TestServer& s) {
  auto res = c.Post("/v1/liveness/challenges", s.Auth(), "", "application/json");
  EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "no response");
  return res ? json::parse(res->body)["id"].get<std::string>() : "";
}

std::string State(httplib::Client& c, const TestServer& s, const std::string& id) {
  auto res = c.Get("/v1/liveness/challenges/" + id, s.Auth());
  if (!res || res->status != 200) return "http " + std::to_string(res ? res->status : 0);
  return json::parse(res->body)["state"];
}

TEST(LivenessRoutes, ChallengeNamesTwoOrThreeActionsStartingWithATurnAndItsRules) {
  TestServer s(std::make_shared<StandInVerifier>(), NoRateLimitConfig());
  auto c = s.Client();
  std::set<std::string> seen;
  for (int i = 0; i < 12; ++i) {
    auto res = c.Post("/v1/liveness/challenges", s.Auth(), "", "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << res->body;
    const json j = json::parse(res->body);
    EXPECT_TRUE(std::regex_match(j["id"].get<std::string>(), std::regex("lc_[0-9a-f]{32}"))) << j;
    const auto actions = j["actions"];
    ASSERT_TRUE(actions.size() == 2 || actions.size() == 3) << j;
    EXPECT_TRUE(actions[0] == "turn_left" || actions[0] == "turn_right") << j;
    EXPECT_EQ(j["instructions"].size(), actions.size());
    EXPECT_EQ(j["expires_in_s"], 60);
    EXPECT_EQ(j["capture"]["min_frames"], 6);
    EXPECT_EQ(j["submit"], "/v1/liveness/challenges/" + j["id"].get<std::string>());
    seen.insert(actions.dump());
    EXPECT_EQ(State(c, s, j["id"]), "pending");
  }
  EXPECT_GE(seen.size(), 3u) << "12 challenges should not all ask the same";
  // Without a key: refused.
  auto anonymous = c.Post("/v1/liveness/challenges", "", "application/json");
  ExpectErrorAnswer(anonymous, 401, "UNAUTHENTICATED");
}

TEST(LivenessRoutes, AnsweredOnceThenReusedAndReadBack) {
  TestServer s(std::make_shared<StandInVerifier>(), NoRateLimitConfig());
  auto c = s.Client();
  const std::string id = NewChallenge(c, s);
  auto first = Answer(c, s, id, {"live"}, "0");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  const json j = json::parse(first->body);
  EXPECT_EQ(j["id"], id);
  EXPECT_EQ(j["live"], true);
  EXPECT_TRUE(j["actions"].is_array());
  ExpectErrorAnswer(Answer(c, s, id, {"live"}, "0"), 409, "CHALLENGE_REUSED");
  auto back = c.Get("/v1/liveness/challenges/" + id, s.Auth());
  ASSERT_TRUE(back);
  const json b = json::parse(back->body);
  EXPECT_EQ(b["state"], "judged");
  EXPECT_EQ(b["live"], true);
  EXPECT_EQ(b["score"], 80);
  EXPECT_EQ(b["reasons"], json::array());
  // A capture judged not live is used up all the same.
  const std::string second = NewChallenge(c, s);
  auto fake = Answer(c, s, second, {"print"}, "0");
  ASSERT_TRUE(fake);
  EXPECT_EQ(json::parse(fake->body)["reasons"], json::array({"CHALLENGE_NOT_FOLLOWED"}));
  ExpectErrorAnswer(Answer(c, s, second, {"live"}, "0"), 409, "CHALLENGE_REUSED");
}

TEST(LivenessRoutes, BadUploadsAreRefusedWithoutUsingTheChallengeUp) {
  TestServer s(std::make_shared<StandInVerifier>(), NoRateLimitConfig());
  auto c = s.Client();
  const std::string id = NewChallenge(c, s);
  ExpectErrorAnswer(Answer(c, s, id, {}, "0"), 400, "MISSING_FIELD");
  ExpectErrorAnswer(Answer(c, s, id, {"live"}, ""), 400, "MISSING_FIELD");
  ExpectErrorAnswer(Answer(c, s, id, {"live"}, "0,abc"), 400, "INVALID_ARGUMENT");
  ExpectErrorAnswer(Answer(c, s, id, std::vector<std::string>(25, "live"), Times(25)), 400, "INVALID_ARGUMENT");
  ExpectErrorAnswer(c.Post("/v1/liveness/challenges/" + id, s.Auth(), "{\"frames\": [1]}", "application/json"), 400,
                    "INVALID_ARGUMENT");
  ExpectErrorAnswer(c.Post("/v1/liveness/challenges/" + id, s.Auth(), "{\"frames\": [\"@@\"], \"timestamps_ms\": [0]}",
                           "application/json"),
                    400, "BAD_BASE64");
  ExpectErrorAnswer(c.Post("/v1/liveness/challenges/" + id, s.Auth(), "{\"frames\": ", "application/json"), 400,
                    "MALFORMED_JSON");
  EXPECT_EQ(State(c, s, id), "pending");
  // JSON with base64 frames is the other accepted form.
  const json body{{"frames", {base64::Encode("live")}}, {"timestamps_ms", {0}}};
  auto ok = c.Post("/v1/liveness/challenges/" + id, s.Auth(), body.dump(), "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(State(c, s, id), "judged");
}

TEST(LivenessRoutes, UnknownOtherKeysAndExpiredChallenges) {
  TestServer s(std::make_shared<StandInVerifier>(), NoRateLimitConfig());
  auto c = s.Client();
  const std::string id = NewChallenge(c, s);
  ExpectErrorAnswer(Answer(c, s, "lc_0123", {"live"}, "0"), 404, "NOT_FOUND");
  ExpectErrorAnswer(c.Get("/v1/liveness/challenges/lc_0123", s.Auth()), 404, "NOT_FOUND");
  // Another user's key neither sees nor answers it; an admin key sees it.
  const std::string other = s.keys().Create("other", store::KeyRole::kUser)->secret;
  ExpectErrorAnswer(c.Get("/v1/liveness/challenges/" + id, {{"x-api-key", other}}), 404, "NOT_FOUND");
  httplib::MultipartFormDataItems items = {{"frame", "live", "f.jpg", "image/jpeg"}, {"timestamps_ms", "0", "", ""}};
  ExpectErrorAnswer(c.Post("/v1/liveness/challenges/" + id, {{"x-api-key", other}}, items), 404, "NOT_FOUND");
  const std::string admin = s.keys().Create("admin", store::KeyRole::kAdmin)->secret;
  auto seen = c.Get("/v1/liveness/challenges/" + id, {{"x-api-key", admin}});
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->status, 200);
  EXPECT_EQ(State(c, s, id), "pending");
  // Past its expiry: 410, and 410 again (it cannot be revived).
  const std::time_t now = std::time(nullptr);
  store::ChallengeRecord old;
  old.id = "lc_expired";
  ASSERT_TRUE(s.store().challenges().Get(id).ok());
  old.key_id = s.store().challenges().Get(id)->key_id;
  old.actions = "turn_left,blink";
  old.created_at = IsoUtc(now - 120);
  old.expires_at = IsoUtc(now - 60);
  ASSERT_TRUE(s.store().challenges().Create(old).ok());
  ExpectErrorAnswer(Answer(c, s, "lc_expired", {"live"}, "0"), 410, "CHALLENGE_EXPIRED");
  ExpectErrorAnswer(Answer(c, s, "lc_expired", {"live"}, "0"), 410, "CHALLENGE_EXPIRED");
  EXPECT_EQ(State(c, s, "lc_expired"), "expired");
}

TEST(LivenessRoutes, ConcurrentAnswersOnlyOneIsJudged) {
  TestServer s(std::make_shared<StandInVerifier>(), NoRateLimitConfig());
  auto c = s.Client();
  const std::string id = NewChallenge(c, s);
  std::vector<std::future<int>> answers;
  for (int i = 0; i < 8; ++i) {
    answers.push_back(std::async(std::launch::async, [&] {
      auto client = s.Client();
      auto res = Answer(client, s, id, {"live"}, "0");
      return res ? res->status : 0;
    }));
  }
  int ok = 0, reused = 0;
  for (auto& a : answers) {
    const int status = a.get();
    ok += status == 200;
    reused += status == 409;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(reused, 7);
}

// Real captures through the real engine: lfw-dev's Andre Agassi facing the
// camera (_0022, yaw 2) and turned to his left (_0024, yaw -23), upscaled 2x
// as bench/challenge_eval does; the challenge is put in the store directly so
// its actions are known.
class LivenessServerTest : public ServerTest {
 protected:
  static cv::Mat Lfw(const std::string& person, int n) {
    char name[64];
    std::snprintf(name, sizeof name, "%s_%04d.jpg", person.c_str(), n);
    cv::Mat m = cv::imread(testing::SharedDir() + "/testdata/faces/lfw-dev/images/" + person + "/" + name);
    if (!m.empty()) cv::resize(m, m, cv::Size(), 2.0, 2.0, cv::INTER_CUBIC);
    return m;
  }
  static std::string Known(TestServer& s, const std::string& id, const std::string& actions) {
    store::ChallengeRecord r;
    r.id = id;
    r.key_id = s.store().keys().List()->front().id;
    r.actions = actions;
    const std::time_t now = std::time(nullptr);
    r.created_at = IsoUtc(now);
    r.expires_at = IsoUtc(now + 60);
    EXPECT_TRUE(s.store().challenges().Create(r).ok());
    return id;
  }
};

TEST_F(LivenessServerTest, AHeadTurningIsLiveAPictureTurnedIsNot) {
  const cv::Mat front = Lfw("Andre_Agassi", 22), left = Lfw("Andre_Agassi", 24);
  if (front.empty() || left.empty()) GTEST_SKIP() << "lfw-dev not found under " << testing::SharedDir();
  TestServer s(engine_, Config());
  auto c = s.Client();
  cv::Mat closer;
  cv::resize(front, closer, cv::Size(), 1.35, 1.35, cv::INTER_CUBIC);
  closer = closer(cv::Rect((closer.cols - front.cols) / 2, (closer.rows - front.rows) / 2, front.cols, front.rows));
  const auto live = testing::BonaFideCapture({front, left, closer}, 11);
  const std::string id_photo = Photo("img1.jpg");  // someone else (deepface)
  auto res =
      Answer(c, s, Known(s, "lc_bona", "turn_left,move_closer"), live.frames, Times(live.frames.size()), id_photo);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json j = json::parse(res->body);
  EXPECT_EQ(j["live"], true) << j.dump(1);
  EXPECT_EQ(j["frames"].size(), live.frames.size());
  for (const auto& check : j["checks"]) {
    if (check["name"] != "passive") {
      EXPECT_TRUE(check["passed"].get<bool>()) << check;
    }
  }
  EXPECT_EQ(j["match"]["match"], false) << j["match"];  // a stranger's photo
  EXPECT_LT(j["match"]["similarity"].get<double>(), 60.0);

  const auto print = testing::PlanarAttackCapture(front, testing::Attack::kPrint, {{}, {-35, 0, 0.8}, {0, 0, 1.05}}, 5);
  res = Answer(c, s, Known(s, "lc_print", "turn_left,move_closer"), print.frames, Times(print.frames.size()));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  j = json::parse(res->body);
  EXPECT_EQ(j["live"], false) << j.dump(1);
  EXPECT_LT(j["score"].get<double>(), 50.0);
  EXPECT_FALSE(j["reasons"].empty());
  // The same frames against the reversed challenge: the order is wrong.
  const auto wrong = testing::BonaFideCapture({front, closer, left}, 12);
  res = Answer(c, s, Known(s, "lc_order", "turn_left,move_closer"), wrong.frames, Times(wrong.frames.size()));
  ASSERT_TRUE(res);
  // move_closer before its turn is tolerated, but then no closer frame follows the turn.
  EXPECT_EQ(json::parse(res->body)["live"], false) << res->body;
}

TEST_F(LivenessServerTest, ABrokenFrameIsNamedAndTheChallengeStaysOpen) {
  const cv::Mat front = Lfw("Andre_Agassi", 22);
  if (front.empty()) GTEST_SKIP() << "lfw-dev not found under " << testing::SharedDir();
  TestServer s(engine_, Config());
  auto c = s.Client();
  auto frames = testing::BonaFideCapture({front, front}, 3).frames;
  frames[1] = frames[1].substr(0, frames[1].size() / 3);  // truncated JPEG
  const std::string id = Known(s, "lc_broken", "turn_left,blink");
  auto res = Answer(c, s, id, frames, Times(frames.size()));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  const json j = json::parse(res->body);
  EXPECT_EQ(j["error"]["code"], "IMAGE_TRUNCATED") << j;
  EXPECT_EQ(j["error"]["message"].get<std::string>().rfind("frame 2: ", 0), 0u) << j;
  EXPECT_EQ(State(c, s, id), "pending");
  // A frame too small for the landmarks' precision.
  cv::Mat small;
  cv::resize(front, small, cv::Size(200, 200));
  std::vector<uchar> buf;
  cv::imencode(".jpg", small, buf);
  frames[1] = std::string(buf.begin(), buf.end());
  res = Answer(c, s, id, frames, Times(frames.size()));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "IMAGE_TOO_SMALL");
  // A frame over the capture's pixel bound (2600x1600 = 4.16 MP), though
  // under the whole-image limit: refused by its header, named.
  cv::Mat large;
  cv::resize(front, large, cv::Size(2600, 1600));
  cv::imencode(".jpg", large, buf);
  frames[1] = std::string(buf.begin(), buf.end());
  res = Answer(c, s, id, frames, Times(frames.size()));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413) << res->body;
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "IMAGE_DIMENSIONS_TOO_LARGE") << res->body;
  EXPECT_EQ(json::parse(res->body)["error"]["message"].get<std::string>().rfind("frame 2: ", 0), 0u) << res->body;
  EXPECT_EQ(State(c, s, id), "pending");
  // Timestamps that do not match the frames.
  res = Answer(c, s, id, testing::BonaFideCapture({front, front}, 3).frames, "0,1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_EQ(State(c, s, id), "pending");
}

}  // namespace
}  // namespace idmatch::server
