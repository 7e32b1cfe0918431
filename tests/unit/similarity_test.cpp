#include <gtest/gtest.h>

#include <cmath>

#include "face/embedder.h"
#include "idmatch/engine.h"

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

TEST(Similarity, IsHundredTimesNonNegativeCosine) {
  FaceTemplate a, b;
  a.embedding = {1, 0};
  b.embedding = {std::cos(0.5f), std::sin(0.5f)};
  EXPECT_NEAR(Engine::Similarity(a, b), 100 * std::cos(0.5f), 1e-4);
  b.embedding = {-1, 0};
  EXPECT_EQ(Engine::Similarity(a, b), 0.0f);  // opposite faces clamp to 0, never negative
}

}  // namespace
}  // namespace idmatch
