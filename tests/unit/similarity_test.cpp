#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "face/blazeface.h"
#include "face/embedder.h"
#include "idmatch/engine.h"
#include "pipeline/profile.h"

namespace idmatch {
namespace {

TEST(Cosine, KnownAngles) {
  EXPECT_FLOAT_EQ(face::Cosine({1, 0}, {1, 0}), 1.0f);
  EXPECT_NEAR(face::Cosine({1, 0}, {0, 1}), 0.0f, 1e-7);
  EXPECT_FLOAT_EQ(face::Cosine({1, 0}, {-1, 0}), -1.0f);
  EXPECT_NEAR(face::Cosine({1, 0}, {std::cos(1.0f), std::sin(1.0f)}), std::cos(1.0f), 1e-6);
  // Scale-invariant, and safe on degenerate input.
  EXPECT_NEAR(face::Cosine({3, 4}, {6, 8}), 1.0f, 1e-6);
  EXPECT_EQ(face::Cosine({0, 0}, {1, 0}), 0.0f);
  EXPECT_EQ(face::Cosine({1, 0}, {1, 0, 0}), 0.0f);
}

TEST(Similarity, DefaultProfileIsHundredTimesNonNegativeCosine) {
  std::vector<float> a(512, 0.0f), b(512, 0.0f);
  a[0] = 1;
  b[0] = std::cos(0.5f);
  b[1] = std::sin(0.5f);
  EXPECT_NEAR(pipeline::ProfileSimilarity(ModelProfile::kDefault, a, b), 100 * std::cos(0.5f), 1e-4);
  b[0] = -1;
  b[1] = 0;
  // Opposite faces clamp to 0, never negative.
  EXPECT_EQ(pipeline::ProfileSimilarity(ModelProfile::kDefault, a, b), 0.0f);
  // A template of another profile's size is never scored.
  EXPECT_EQ(pipeline::ProfileSimilarity(ModelProfile::kDefault, a, std::vector<float>(128, 1.0f)), 0.0f);
}

TEST(Profiles, NamesParseAndEveryProfileHasItsOwnCalibratedThreshold) {
  for (const auto p : {ModelProfile::kDefault, ModelProfile::kOpen, ModelProfile::kFusion}) {
    EXPECT_EQ(ParseModelProfile(ModelProfileName(p)), p);
    EXPECT_GT(DefaultMatchThreshold(p), 0.0f);
  }
  EXPECT_EQ(ParseModelProfile("Open"), std::nullopt);
  EXPECT_EQ(DefaultMatchThreshold(ModelProfile::kDefault), kDefaultMatchThreshold);
  EXPECT_EQ(pipeline::EmbeddingSize(ModelProfile::kOpen), 128);
  EXPECT_EQ(pipeline::EmbeddingSize(ModelProfile::kFusion), 640);
}

TEST(Profiles, FusionIsTheMeanOfBothModelsOnOneScale) {
  // Two fusion embeddings: fr_feature part at a known cosine, dlib part identical.
  std::vector<float> a(640, 0.0f), b(640, 0.0f);
  a[0] = 1;
  b[0] = 0.6f;
  b[1] = 0.8f;          // fr_feature cosine 0.6
  a[512] = b[512] = 1;  // dlib cosine 1
  const auto c = pipeline::SplitCosines(ModelProfile::kFusion, a, b);
  EXPECT_NEAR(c.arcface, 0.6f, 1e-6);
  EXPECT_NEAR(c.dlib, 1.0f, 1e-6);
  const float expected =
      100.0f * std::clamp((0.6f + pipeline::DlibOnArcFaceScale(ModelProfile::kFusion, 1.0f)) / 2, 0.0f, 1.0f);
  EXPECT_NEAR(pipeline::ProfileSimilarity(ModelProfile::kFusion, a, b), expected, 1e-4);
  // The map is increasing, and a dlib impostor-level cosine lands near fr_feature's impostors.
  EXPECT_LT(pipeline::DlibOnArcFaceScale(ModelProfile::kOpen, 0.85f),
            pipeline::DlibOnArcFaceScale(ModelProfile::kOpen, 0.95f));
  EXPECT_LT(std::fabs(pipeline::DlibOnArcFaceScale(ModelProfile::kOpen, 0.833f)), 0.05f);
}

TEST(BlazeFaceAnchors, FollowTheModelsTwoGrids) {
  const auto anchors = face::BlazeFaceAnchors();
  ASSERT_EQ(anchors.size(), 896u);
  // 16x16 cells, two anchors each, row by row; then 8x8 cells, six each.
  EXPECT_FLOAT_EQ(anchors[0].x, 0.5f / 16);
  EXPECT_FLOAT_EQ(anchors[1].x, 0.5f / 16);
  EXPECT_FLOAT_EQ(anchors[2].x, 1.5f / 16);
  EXPECT_FLOAT_EQ(anchors[32].y, 1.5f / 16);
  EXPECT_FLOAT_EQ(anchors[511].x, 15.5f / 16);
  EXPECT_FLOAT_EQ(anchors[512].x, 0.5f / 8);
  EXPECT_FLOAT_EQ(anchors[517].x, 0.5f / 8);
  EXPECT_FLOAT_EQ(anchors[518].x, 1.5f / 8);
  EXPECT_FLOAT_EQ(anchors[895].y, 7.5f / 8);
}

}  // namespace
}  // namespace idmatch
