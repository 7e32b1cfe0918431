#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "face/blazeface.h"
#include "face/embedder.h"
#include "idmatch/engine.h"
#include "pipeline/calibration.h"
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

TEST(Similarity, DefaultProfileRawScoreIsHundredTimesNonNegativeCosine) {
  std::vector<float> a(512, 0.0f), b(512, 0.0f);
  a[0] = 1;
  b[0] = std::cos(0.5f);
  b[1] = std::sin(0.5f);
  EXPECT_NEAR(pipeline::RawSimilarity(ModelProfile::kDefault, a, b), 100 * std::cos(0.5f), 1e-4);
  // The answer's similarity is that raw score on the calibrated scale.
  EXPECT_FLOAT_EQ(pipeline::ProfileSimilarity(ModelProfile::kDefault, a, b),
                  pipeline::CalibratedSimilarity(ModelProfile::kDefault, 100 * std::cos(0.5f)));
  b[0] = -1;
  b[1] = 0;
  // Opposite faces clamp to 0, never negative.
  EXPECT_EQ(pipeline::RawSimilarity(ModelProfile::kDefault, a, b), 0.0f);
  EXPECT_EQ(pipeline::ProfileSimilarity(ModelProfile::kDefault, a, b), 0.0f);
  // A template of another profile's size is never scored.
  EXPECT_EQ(pipeline::ProfileSimilarity(ModelProfile::kDefault, a, std::vector<float>(128, 1.0f)), 0.0f);
}

TEST(Profiles, NamesParseAndEveryProfileDecidesAtEighty) {
  for (const auto p : {ModelProfile::kDefault, ModelProfile::kOpen, ModelProfile::kFusion}) {
    EXPECT_EQ(ParseModelProfile(ModelProfileName(p)), p);
    EXPECT_EQ(DefaultMatchThreshold(p), 80.0f);
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
  EXPECT_NEAR(pipeline::RawSimilarity(ModelProfile::kFusion, a, b), expected, 1e-4);
  // The map is increasing, and a dlib impostor-level cosine lands near fr_feature's impostors.
  EXPECT_LT(pipeline::DlibOnArcFaceScale(ModelProfile::kOpen, 0.85f),
            pipeline::DlibOnArcFaceScale(ModelProfile::kOpen, 0.95f));
  EXPECT_LT(std::fabs(pipeline::DlibOnArcFaceScale(ModelProfile::kOpen, 0.833f)), 0.05f);
}

TEST(SimilarityScale, IsMonotoneAndPutsEachFittedQuantileOnItsDecade) {
  for (const auto p : {ModelProfile::kDefault, ModelProfile::kOpen, ModelProfile::kFusion}) {
    const auto& fit = pipeline::FitOf(p);
    // Non-decreasing over the whole raw range, 0 at 0, clamped to 100.
    float previous = -1;
    for (float raw = -10; raw <= 110; raw += 0.01f) {
      const float s = pipeline::CalibratedSimilarity(p, raw);
      ASSERT_GE(s, previous) << ModelProfileName(p) << " raw " << raw;
      ASSERT_GE(s, 0.0f);
      ASSERT_LE(s, 100.0f);
      previous = s;
    }
    EXPECT_EQ(pipeline::CalibratedSimilarity(p, 0), 0.0f);
    EXPECT_EQ(pipeline::CalibratedSimilarity(p, 100), 100.0f);  // an image against itself
    // The knots: median impostor 10, then FMR 1e-1 .. 1e-5 at 50 .. 90.
    const float expected[] = {10, 50, 60, 70, 80, 90};
    for (size_t k = 0; k < fit.impostor_quantiles.size(); ++k) {
      EXPECT_NEAR(pipeline::CalibratedSimilarity(fit, fit.impostor_quantiles[k]), expected[k], 1e-3)
          << ModelProfileName(p) << " knot " << k;
    }
    // Beyond the last knot, one decade per tail_scale * ln 10 raw points.
    EXPECT_NEAR(pipeline::CalibratedSimilarity(fit, fit.impostor_quantiles.back() + fit.tail_scale * std::log(10.0f)),
                100.0f, 1e-3);
  }
}

TEST(SimilarityScale, FalseMatchRateIsTenfoldPerTenPointsFromFifty) {
  EXPECT_NEAR(pipeline::FalseMatchRateAt(80), 1e-4, 1e-12);
  EXPECT_NEAR(pipeline::FalseMatchRateAt(90), 1e-5, 1e-13);
  EXPECT_NEAR(pipeline::FalseMatchRateAt(50), 1e-1, 1e-9);
  EXPECT_NEAR(pipeline::FalseMatchRateAt(100), 1e-6, 1e-14);
  EXPECT_NEAR(pipeline::FalseMatchRateAt(10), 0.5, 1e-9);
  EXPECT_NEAR(pipeline::FalseMatchRateAt(0), 1.0, 1e-9);
  double previous = 2;
  for (float s = 0; s <= 100; s += 0.5f) {
    const double fmr = pipeline::FalseMatchRateAt(s);
    ASSERT_LT(fmr, previous) << s;
    previous = fmr;
  }
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
