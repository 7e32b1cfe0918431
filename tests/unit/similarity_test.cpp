#include <gtest/gtest.h>

#include <cmath>

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

}  // namespace
}  // namespace idmatch
