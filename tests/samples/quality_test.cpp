// Sample-based tests of the quality measures and liveness on real photos
// from ../shared/testdata/faces/deepface, degraded and attacked by generators
// in tests/support; minimum pass counts come from the sidecar quality.expect.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <opencv2/imgcodecs.hpp>

#include "idmatch/engine.h"
#include "support/attacks.h"
#include "support/degrade.h"
#include "support/image_factory.h"
#include "support/ratchet.h"

namespace idmatch {
namespace {

std::string Jpeg(const cv::Mat& img) { return testing::EncodeWith(img, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 95}); }

const QualityMeasure& Measure(const Face& f, const std::string& name) {
  for (const auto& m : f.quality.measures) {
    if (m.name == name) return m;
  }
  static const QualityMeasure kMissing;
  ADD_FAILURE() << "no measure " << name;
  return kMissing;
}

class QualityOnRealPhotos : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = testing::SharedDir() + "/testdata/faces/deepface";
    if (!std::filesystem::exists(dir + "/master.csv")) return;
    auto e = Engine::Create(EngineConfig{});
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    engine_ = std::move(e).value().release();
    // Fixed photos, varied in face size, light and person.
    for (const char* name :
         {"img1.jpg", "img10.jpg", "img17.jpg", "img2.jpg", "img22.jpg", "img30.jpg", "img5.jpg", "img54.jpg"}) {
      cv::Mat m = cv::imread(dir + "/" + name, cv::IMREAD_COLOR);
      ASSERT_FALSE(m.empty()) << name;
      photos_.push_back(m);
    }
  }
  static void TearDownTestSuite() {
    delete engine_;
    engine_ = nullptr;
  }
  void SetUp() override {
    if (engine_ == nullptr) GTEST_SKIP() << "shared test data not found (set IDMATCH_SHARED_DIR)";
  }
  static Face Primary(const std::string& bytes) {
    auto r = engine_->Detect(bytes, DetectOptions{QualityFilter::kMedium});
    EXPECT_TRUE(r.ok() && !r->faces.empty());
    return r.ok() && !r->faces.empty() ? r->faces[0] : Face{};
  }
  static inline Engine* engine_ = nullptr;
  static inline std::vector<cv::Mat> photos_;
};

TEST_F(QualityOnRealPhotos, EachDegradationTripsItsOwnMeasureOnly) {
  const size_t n = 6;
  std::vector<Face> clean;
  int clean_pass = 0;
  for (size_t i = 0; i < n; ++i) {
    clean.push_back(Primary(Jpeg(photos_[i])));
    clean_pass += clean.back().quality.passed;
    for (const auto& m : clean.back().quality.measures) EXPECT_TRUE(m.assessed) << "photo " << i << " " << m.name;
  }
  testing::CheckRatchet("quality.expect", "clean", clean_pass);
  for (const auto& d : testing::Degradations()) {
    int tripped_alone = 0;
    std::string log;
    for (size_t i = 0; i < n; ++i) {
      const Face& c = clean[i];
      const double eye = std::hypot(c.landmarks[1].x - c.landmarks[0].x, c.landmarks[1].y - c.landmarks[0].y);
      const cv::Rect2f box(c.box.x, c.box.y, c.box.width, c.box.height);
      const Face f = Primary(Jpeg(testing::Degrade(photos_[i], d.kind, d.test_strength, box, eye)));
      const bool own = !Measure(f, d.measure).passed;
      bool others = false;
      for (const auto& m : f.quality.measures) {
        if (m.name != d.measure && !m.passed && Measure(c, m.name).passed) {
          others = true;
          log += " photo" + std::to_string(i) + ":" + m.name;
        }
      }
      if (own && !Measure(f, d.measure).reason.empty()) {
        EXPECT_EQ(Measure(f, d.measure).reason.rfind("IMAGE_", 0), 0u) << Measure(f, d.measure).reason;
      }
      tripped_alone += own && !others;
    }
    std::printf("[ quality ] %s at %.2f: own measure alone %d of %zu\n", d.name.c_str(), d.test_strength, tripped_alone,
                n);
    SCOPED_TRACE(d.name + " also tripped:" + log);
    testing::CheckRatchet("quality.expect", "degrade " + d.name, tripped_alone);
  }
}

TEST_F(QualityOnRealPhotos, LivenessOnRealSelfiesAndGeneratedAttacks) {
  int live = 0;
  for (const auto& p : photos_) {
    auto l = engine_->AssessLiveness(Jpeg(p));
    ASSERT_TRUE(l.ok()) << l.status().ToString();
    EXPECT_TRUE(l->assessed);
    EXPECT_GE(l->score, 0.0f);
    EXPECT_LE(l->score, 100.0f);
    live += l->live;
  }
  testing::CheckRatchet("quality.expect", "live", live);
  unsigned seed = 100;
  for (const auto& a : testing::Attacks()) {
    int caught = 0;
    for (const auto& p : photos_) {
      auto l = engine_->AssessLiveness(Jpeg(testing::MakeAttack(p, a.kind, seed++)));
      if (!l.ok()) {
        EXPECT_EQ(l.status().code(), ErrorCode::kNoFaceInSource);  // a destroyed face is not an error of ours
        continue;
      }
      caught += l->assessed && !l->live;
    }
    std::printf("[ liveness ] %s attacks judged spoofs: %d of %zu\n", a.name.c_str(), caught, photos_.size());
    testing::CheckRatchet("quality.expect", "attack " + a.name, caught);
  }
}

TEST_F(QualityOnRealPhotos, CompareRefusesABlurredSelfieUnlessTheFilterIsNone) {
  const Face c = Primary(Jpeg(photos_[0]));
  const double eye = std::hypot(c.landmarks[1].x - c.landmarks[0].x, c.landmarks[1].y - c.landmarks[0].y);
  const std::string blurred = Jpeg(testing::Degrade(photos_[0], testing::Degradation::kGaussianBlur, 3.0,
                                                    cv::Rect2f(c.box.x, c.box.y, c.box.width, c.box.height), eye));
  const std::string document = Jpeg(photos_[0]);
  auto refused = engine_->Compare(blurred, document);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kSourceQualityTooLow);
  EXPECT_EQ(refused.status().details(), std::vector<std::string>{"SELFIE_TOO_BLURRY"});
  EXPECT_NE(refused.status().message().find("blurred"), std::string::npos);

  CompareOptions none;
  none.quality_filter = QualityFilter::kNone;
  auto answered = engine_->Compare(blurred, document, none);
  ASSERT_TRUE(answered.ok()) << answered.status().ToString();
  const auto& reasons = answered->reasons;
  EXPECT_NE(std::find(reasons.begin(), reasons.end(), "SELFIE_TOO_BLURRY"), reasons.end());
  EXPECT_EQ(answered->quality_filter, "NONE");

  // A blurred document portrait is judged at LOW under AUTO: the same blur
  // that refuses a selfie must still be refused on the document at sigma 3.
  auto doc_blurred = engine_->Compare(document, blurred);
  ASSERT_FALSE(doc_blurred.ok());
  EXPECT_EQ(doc_blurred.status().code(), ErrorCode::kTargetQualityTooLow);
}

TEST_F(QualityOnRealPhotos, CompareReportsLivenessAndCanTurnItOff) {
  const std::string selfie = Jpeg(photos_[1]), document = Jpeg(photos_[1]);
  auto on = engine_->Compare(selfie, document);
  ASSERT_TRUE(on.ok()) << on.status().ToString();
  EXPECT_TRUE(on->liveness.assessed);
  EXPECT_EQ(on->liveness.live, on->liveness.score >= on->liveness.threshold);
  EXPECT_EQ(on->match, on->similarity >= on->threshold && on->liveness.live);
  EXPECT_TRUE(on->source_face.quality.assessed);
  EXPECT_EQ(on->source_face.quality.level, "MEDIUM");
  EXPECT_EQ(on->target_faces[0].face.quality.level, "LOW");
  EXPECT_GT(on->timings.source.liveness_ms, 0.0);
  EXPECT_EQ(on->timings.target.liveness_ms, 0.0);  // selfie only

  CompareOptions off;
  off.liveness = false;
  auto r = engine_->Compare(selfie, document, off);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->liveness.assessed);
  EXPECT_EQ(r->liveness.reason, Reason::kLivenessDisabled);
  EXPECT_TRUE(r->match);  // the same photo twice
}

}  // namespace
}  // namespace idmatch
