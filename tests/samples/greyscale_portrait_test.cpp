// Greyscale matching (issue 20) on real faces (../shared deepface photos): a
// greyscale ID portrait is recognised as such and the colour selfie is then
// embedded in greyscale, exactly as Engine::EmbedForPortrait does; a colour
// portrait, or a selfie that is itself grey, changes nothing.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "idmatch/engine.h"
#include "support/image_factory.h"

namespace idmatch {
namespace {

std::string Dir() { return testing::SharedDir() + "/testdata/faces/deepface/"; }

const Engine& SharedEngine(bool greyscale_matching) {
  static std::unique_ptr<Engine> on, off;
  auto& slot = greyscale_matching ? on : off;
  if (!slot) {
    EngineConfig config;
    config.greyscale_matching = greyscale_matching;
    auto e = Engine::Create(config);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    slot = std::move(e).value();
  }
  return *slot;
}

std::string GreyJpeg(const std::string& path) {
  const cv::Mat colour = cv::imread(path, cv::IMREAD_COLOR);
  if (colour.empty()) return {};
  cv::Mat grey;
  cv::cvtColor(colour, grey, cv::COLOR_BGR2GRAY);
  cv::cvtColor(grey, grey, cv::COLOR_GRAY2BGR);
  std::vector<uchar> bytes;
  cv::imencode(".jpg", grey, bytes, {cv::IMWRITE_JPEG_QUALITY, 92});
  return std::string(bytes.begin(), bytes.end());
}

CompareOptions Plain() {
  CompareOptions options;
  options.liveness = false;
  options.quality_filter = QualityFilter::kNone;
  return options;
}

TEST(GreyscalePortrait, TheColourSelfieIsComparedInGreyscale) {
  // img1 and img2 are the same person (master.csv).
  const std::string selfie = testing::ReadFileOrEmpty(Dir() + "img1.jpg");
  const std::string portrait = GreyJpeg(Dir() + "img2.jpg");
  if (selfie.empty() || portrait.empty()) GTEST_SKIP() << "deepface photos not found under " << Dir();
  auto on = SharedEngine(true).Compare(selfie, portrait, Plain());
  auto off = SharedEngine(false).Compare(selfie, portrait, Plain());
  ASSERT_TRUE(on.ok() && off.ok());
  EXPECT_TRUE(on->target_faces[0].face.greyscale);
  EXPECT_FALSE(on->source_face.greyscale);
  EXPECT_NE(on->cosine, off->cosine);
  // The same score as the selfie embedded for that portrait.
  const Engine& e = SharedEngine(true);
  auto document = e.EmbedDocument(portrait);
  ASSERT_TRUE(document.ok());
  auto matched = e.EmbedForPortrait(selfie, document->face);
  ASSERT_TRUE(matched.ok());
  EXPECT_NEAR(e.Similarity(*matched, *document), on->similarity, 0.01);
  EXPECT_TRUE(on->match);
}

TEST(GreyscalePortrait, AColourPortraitOrAGreySelfieChangesNothing) {
  const std::string selfie = testing::ReadFileOrEmpty(Dir() + "img1.jpg");
  const std::string colour = testing::ReadFileOrEmpty(Dir() + "img2.jpg");
  const std::string grey_selfie = GreyJpeg(Dir() + "img1.jpg");
  const std::string grey_portrait = GreyJpeg(Dir() + "img2.jpg");
  if (selfie.empty() || colour.empty()) GTEST_SKIP() << "deepface photos not found under " << Dir();
  auto on = SharedEngine(true).Compare(selfie, colour, Plain());
  auto off = SharedEngine(false).Compare(selfie, colour, Plain());
  ASSERT_TRUE(on.ok() && off.ok());
  EXPECT_FALSE(on->target_faces[0].face.greyscale);
  EXPECT_EQ(on->cosine, off->cosine);
  on = SharedEngine(true).Compare(grey_selfie, grey_portrait, Plain());
  off = SharedEngine(false).Compare(grey_selfie, grey_portrait, Plain());
  ASSERT_TRUE(on.ok() && off.ok());
  EXPECT_TRUE(on->source_face.greyscale);
  EXPECT_EQ(on->cosine, off->cosine);
}

}  // namespace
}  // namespace idmatch
