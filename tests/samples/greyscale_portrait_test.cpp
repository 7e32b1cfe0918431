// Greyscale matching (issue 20) on real faces (../shared deepface photos): a
// greyscale ID portrait is recognised as such and, in the open profile, the
// colour selfie is then embedded in greyscale, exactly as
// Engine::EmbedForPortrait does; a colour portrait, or a selfie that is itself
// grey, changes nothing. The default profile's fr_feature embeds every face in
// greyscale: a photo and its greyscale copy score as the same image.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <utility>

#include "idmatch/engine.h"
#include "support/image_factory.h"

namespace idmatch {
namespace {

std::string Dir() { return testing::SharedDir() + "/testdata/faces/deepface/"; }

const Engine& SharedEngine(ModelProfile profile, bool greyscale_matching) {
  static std::map<std::pair<ModelProfile, bool>, std::unique_ptr<Engine>> engines;
  auto& slot = engines[{profile, greyscale_matching}];
  if (!slot) {
    EngineConfig config;
    config.model_profile = profile;
    config.greyscale_matching = greyscale_matching;
    auto e = Engine::Create(config);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    slot = std::move(e).value();
  }
  return *slot;
}

// Greyscale matching changes what dlib sees (the open and fusion profiles);
// the open profile has no other embedder.
const Engine& OpenEngine(bool greyscale_matching) { return SharedEngine(ModelProfile::kOpen, greyscale_matching); }

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
  auto on = OpenEngine(true).Compare(selfie, portrait, Plain());
  auto off = OpenEngine(false).Compare(selfie, portrait, Plain());
  ASSERT_TRUE(on.ok() && off.ok());
  EXPECT_TRUE(on->target_faces[0].face.greyscale);
  EXPECT_FALSE(on->source_face.greyscale);
  EXPECT_NE(on->cosine, off->cosine);
  // The same score as the selfie embedded for that portrait.
  const Engine& e = OpenEngine(true);
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
  auto on = OpenEngine(true).Compare(selfie, colour, Plain());
  auto off = OpenEngine(false).Compare(selfie, colour, Plain());
  ASSERT_TRUE(on.ok() && off.ok());
  EXPECT_FALSE(on->target_faces[0].face.greyscale);
  EXPECT_EQ(on->cosine, off->cosine);
  on = OpenEngine(true).Compare(grey_selfie, grey_portrait, Plain());
  off = OpenEngine(false).Compare(grey_selfie, grey_portrait, Plain());
  ASSERT_TRUE(on.ok() && off.ok());
  EXPECT_TRUE(on->source_face.greyscale);
  EXPECT_EQ(on->cosine, off->cosine);
}

TEST(GreyscalePortrait, TheDefaultProfileSeesNoColour) {
  const std::string selfie = testing::ReadFileOrEmpty(Dir() + "img1.jpg");
  const std::string grey_selfie = GreyJpeg(Dir() + "img1.jpg");
  const std::string grey_portrait = GreyJpeg(Dir() + "img2.jpg");
  if (selfie.empty() || grey_portrait.empty()) GTEST_SKIP() << "deepface photos not found under " << Dir();
  const Engine& on = SharedEngine(ModelProfile::kDefault, true);
  // The photo against its own greyscale copy (re-encoded as JPEG): the same
  // image to the embedder, up to the JPEG round trip.
  auto same = on.Compare(selfie, grey_selfie, Plain());
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->target_faces[0].face.greyscale);
  EXPECT_GT(same->cosine, 0.97f);
  // So greyscale matching has nothing to do: the same score with it off.
  auto with = on.Compare(selfie, grey_portrait, Plain());
  auto without = SharedEngine(ModelProfile::kDefault, false).Compare(selfie, grey_portrait, Plain());
  ASSERT_TRUE(with.ok() && without.ok());
  EXPECT_EQ(with->cosine, without->cosine);
  // Which the engine says, so tools can skip the second embedding.
  EXPECT_FALSE(on.MatchesGreyscalePortraits());
  EXPECT_FALSE(SharedEngine(ModelProfile::kDefault, false).MatchesGreyscalePortraits());
  EXPECT_TRUE(SharedEngine(ModelProfile::kOpen, true).MatchesGreyscalePortraits());
  EXPECT_FALSE(SharedEngine(ModelProfile::kOpen, false).MatchesGreyscalePortraits());
}

}  // namespace
}  // namespace idmatch
