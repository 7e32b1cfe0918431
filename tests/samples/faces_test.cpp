// Sample-based tests on the real photos in ../shared/testdata/faces/deepface
// (skipped, with a message, when the data is absent).
#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "eval/metrics.h"
#include "idmatch/engine.h"
#include "support/image_factory.h"

namespace idmatch {
namespace {

using testing::EncodeWith;

class RealPhotos : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = testing::SharedDir() + "/testdata/faces/deepface";
    if (!std::filesystem::exists(dir_ + "/master.csv")) return;
    auto e = Engine::Create(EngineConfig{});
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    engine_ = std::move(e).value().release();
  }
  static void TearDownTestSuite() {
    delete engine_;
    engine_ = nullptr;
  }
  void SetUp() override {
    if (engine_ == nullptr) GTEST_SKIP() << "shared test data not found at " << dir_ << " (set IDMATCH_SHARED_DIR)";
  }
  static std::string Photo(const std::string& name) { return testing::ReadFileOrEmpty(dir_ + "/" + name); }
  static cv::Mat PhotoMat(const std::string& name) { return cv::imread(dir_ + "/" + name, cv::IMREAD_COLOR); }
  static float Similarity(const std::string& a, const std::string& b) {
    auto r = engine_->Compare(a, b);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->similarity : -1.0f;
  }

  static inline std::string dir_;
  static inline Engine* engine_ = nullptr;
};

// Ranking quality on the labelled deepface pairs. This asserts AUC and that
// detection never loses a genuine pair, not a threshold fitted to this data.
TEST_F(RealPhotos, DeepfacePairsRankCleanly) {
  auto pairs = eval::ParsePairsCsv(Photo("master.csv"));
  ASSERT_TRUE(pairs.ok());
  std::map<std::pair<std::string, ImageRole>, Result<FaceTemplate>> cache;
  auto get = [&](const std::string& f, ImageRole role) -> const Result<FaceTemplate>& {
    auto it = cache.find({f, role});
    if (it == cache.end()) it = cache.emplace(std::make_pair(f, role), engine_->Embed(Photo(f), role)).first;
    return it->second;
  };
  std::vector<eval::ScoredPair> scored;
  int genuine_lost = 0;
  for (const auto& p : *pairs) {
    const auto& a = get(p.file_x, ImageRole::kSource);
    const auto& b = get(p.file_y, ImageRole::kTarget);
    if (!a.ok() || !b.ok()) {
      genuine_lost += p.genuine;
      continue;
    }
    scored.push_back({engine_->Similarity(*a, *b), p.genuine});
  }
  EXPECT_EQ(genuine_lost, 0) << "a genuine pair was lost to a detection failure";
  auto m = eval::ComputeMetrics(scored);
  ASSERT_TRUE(m.ok());
  EXPECT_GE(m->auc, 0.995);
  std::printf("[ metrics  ] deepface pairs=%zu AUC=%.5f margin=%.2f d'=%.2f\n", scored.size(), m->auc, m->margin,
              m->d_prime);
}

// Pastes a real face at `face_height` px onto a 2000x1400 card-like scene
// (plus a ghost copy at 1/3 size), as a document photographed at arm's length.
cv::Mat SyntheticDocument(const cv::Mat& face_photo, const Face& face, int face_height, cv::Rect* portrait) {
  cv::Mat scene(1400, 2000, CV_8UC3, cv::Scalar(90, 110, 120));
  const cv::Rect card(500, 450, 1000, 640);
  scene(card).setTo(cv::Scalar(225, 235, 240));
  for (int i = 0; i < 6; ++i)
    cv::rectangle(scene, cv::Rect(900, 560 + 70 * i, 420, 18), cv::Scalar(60, 60, 60), cv::FILLED);
  // Portrait region: the face box with margin, scaled so the box is face_height tall.
  const cv::Rect2f fb(face.box.x, face.box.y, face.box.width, face.box.height);
  const cv::Rect src = cv::Rect(cv::Point(int(fb.x - 0.4f * fb.width), int(fb.y - 0.5f * fb.height)),
                                cv::Point(int(fb.br().x + 0.4f * fb.width), int(fb.br().y + 0.4f * fb.height))) &
                       cv::Rect(0, 0, face_photo.cols, face_photo.rows);
  const double s = face_height / double(fb.height);
  cv::Mat small;
  cv::resize(face_photo(src), small, cv::Size(), s, s, cv::INTER_AREA);
  *portrait = cv::Rect(560, 560, small.cols, small.rows);
  small.copyTo(scene(*portrait));
  cv::Mat ghost;
  cv::resize(small, ghost, cv::Size(), 1.0 / 3, 1.0 / 3, cv::INTER_AREA);
  cv::cvtColor(ghost, ghost, cv::COLOR_BGR2GRAY);
  cv::cvtColor(ghost, ghost, cv::COLOR_GRAY2BGR);
  ghost.copyTo(scene(cv::Rect(1380, 900, ghost.cols, ghost.rows)));
  return scene;
}

TEST_F(RealPhotos, FindsASmallDocumentPortraitAndMatchesIt) {
  const cv::Mat photo = PhotoMat("img2.jpg");
  auto det = engine_->Detect(Photo("img2.jpg"));
  ASSERT_TRUE(det.ok() && !det->faces.empty());
  cv::Rect portrait;
  const cv::Mat doc = SyntheticDocument(photo, det->faces[0], 40, &portrait);
  const std::string doc_jpeg = EncodeWith(doc, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 90});
  auto found = engine_->Detect(doc_jpeg);
  ASSERT_TRUE(found.ok());
  ASSERT_FALSE(found->faces.empty()) << "the 40 px portrait was not found";
  const Face& primary = found->faces[0];
  const cv::Point2f centre(primary.box.x + primary.box.width / 2, primary.box.y + primary.box.height / 2);
  EXPECT_TRUE(portrait.contains(centre)) << "primary face is not the portrait";
  EXPECT_NEAR(primary.box.height, 40, 20);
  // Ranking: the document scores higher against the same person than against others.
  const float genuine = Similarity(Photo("img1.jpg"), doc_jpeg);
  std::printf("[ metrics  ] 40 px document portrait: genuine similarity %.1f", genuine);
  for (const char* other : {"img3.jpg", "img9.jpg", "img20.jpg"}) {
    const float impostor = Similarity(Photo(other), doc_jpeg);
    std::printf(", impostor %s %.1f", other, impostor);
    EXPECT_GT(genuine, impostor + 10) << other;
  }
  std::printf("\n");
}

TEST_F(RealPhotos, FindsAFaceFillingA4000PxFrame) {
  const cv::Mat photo = PhotoMat("img2.jpg");
  auto det = engine_->Detect(Photo("img2.jpg"));
  ASSERT_TRUE(det.ok() && !det->faces.empty());
  const Face& f = det->faces[0];
  // Crop tightly around the face and blow it up to 4000 x 3000.
  const cv::Rect crop = cv::Rect(int(f.box.x - 0.3f * f.box.width), int(f.box.y - 0.1f * f.box.height),
                                 int(1.6f * f.box.width), int(1.2f * f.box.height)) &
                        cv::Rect(0, 0, photo.cols, photo.rows);
  cv::Mat big;
  cv::resize(photo(crop), big, cv::Size(4000, 3000), 0, 0, cv::INTER_CUBIC);
  const std::string big_jpeg = EncodeWith(big, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 85});
  auto found = engine_->Detect(big_jpeg);
  ASSERT_TRUE(found.ok());
  ASSERT_FALSE(found->faces.empty());
  EXPECT_GT(found->faces[0].box.height, 1500);
  const float genuine = Similarity(Photo("img1.jpg"), big_jpeg);
  EXPECT_GT(genuine, Similarity(Photo("img3.jpg"), big_jpeg) + 10);
}

TEST_F(RealPhotos, ReportsEveryFaceInGroupPhotos) {
  auto couple = engine_->Detect(Photo("couple.jpg"));
  ASSERT_TRUE(couple.ok());
  EXPECT_EQ(couple->faces.size(), 2u);
  // The front person of this group selfie turns ~32 degrees: the AUTO
  // filter asks for a retake; with NONE the other faces are reported.
  auto refused = engine_->Compare(Photo("selfie-many-people.jpg"), Photo("img1.jpg"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kSourceQualityTooLow);
  EXPECT_EQ(refused.status().details(), std::vector<std::string>{"SELFIE_HEAD_TURNED"});
  CompareOptions none;
  none.quality_filter = QualityFilter::kNone;
  auto crowd = engine_->Compare(Photo("selfie-many-people.jpg"), Photo("img1.jpg"), none);
  ASSERT_TRUE(crowd.ok());
  EXPECT_GE(crowd->source_other_faces.size(), 3u);
  EXPECT_NE(std::find(crowd->reasons.begin(), crowd->reasons.end(), "MULTIPLE_FACES_IN_SOURCE"), crowd->reasons.end());
}

TEST_F(RealPhotos, ExifRotatedAndHeicCopiesMatchTheOriginal) {
  const cv::Mat photo = PhotoMat("img1.jpg");
  cv::Mat stored;
  cv::rotate(photo, stored, cv::ROTATE_90_COUNTERCLOCKWISE);  // camera held sideways
  const std::string rotated =
      testing::WithExifOrientation(EncodeWith(stored, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 92}), 6);
  EXPECT_GT(Similarity(Photo("img1.jpg"), rotated), 90);
  EXPECT_GT(Similarity(Photo("img1.jpg"), testing::EncodeHeic(photo)), 90);
  EXPECT_GT(Similarity(Photo("img1.jpg"), EncodeWith(photo, ".webp")), 90);
}

TEST_F(RealPhotos, CompareErrorsNameTheImage) {
  const std::string face = Photo("img1.jpg");
  const std::string no_face = EncodeWith(testing::TestPattern(640, 480), ".png");
  auto r1 = engine_->Compare(no_face, face);
  ASSERT_FALSE(r1.ok());
  EXPECT_EQ(r1.status().code(), ErrorCode::kNoFaceInSource);
  auto r2 = engine_->Compare(face, no_face);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.status().code(), ErrorCode::kNoFaceInTarget);
  auto r3 = engine_->Compare(face, face.substr(0, face.size() / 2));
  ASSERT_FALSE(r3.ok());
  EXPECT_EQ(r3.status().code(), ErrorCode::kImageTruncated);
  // A threshold out of range cannot be built, so no compare can use one.
  EXPECT_EQ(SimilarityThreshold::Make(120).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(SimilarityThreshold::Make(-0.5).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(SimilarityThreshold::Make(0).ok());
}

TEST_F(RealPhotos, ConcurrentComparesAgreeWithSerialOnes) {
  const std::string a = Photo("img1.jpg"), b = Photo("img2.jpg");
  const float serial = Similarity(a, b);
  std::vector<std::thread> threads;
  std::vector<float> results(6);
  for (size_t i = 0; i < results.size(); ++i) threads.emplace_back([&, i] { results[i] = Similarity(a, b); });
  for (auto& t : threads) t.join();
  for (float r : results) EXPECT_FLOAT_EQ(r, serial);
}

}  // namespace
}  // namespace idmatch
