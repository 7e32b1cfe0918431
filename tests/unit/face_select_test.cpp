#include "pipeline/face_select.h"

#include <gtest/gtest.h>

namespace idmatch::pipeline {
namespace {

Face MakeFace(float x, float y, float size, float score) {
  Face f;
  f.box = {x, y, size, size};
  f.detection_score = score;
  return f;
}

TEST(ChoosePrimary, EmptyMeansNone) { EXPECT_EQ(ChoosePrimary({}, 100, 100, 0.03f).index, -1); }

TEST(ChoosePrimary, DocumentPortraitBeatsGhostImage) {
  // Main portrait 300 px on the left, ghost 100 px on the right of a card.
  const std::vector<Face> faces = {MakeFace(1400, 300, 100, 0.99f), MakeFace(100, 200, 300, 0.98f)};
  EXPECT_EQ(ChoosePrimary(faces, 1600, 1000, 0.03f).index, 1);
}

TEST(ChoosePrimary, ConfidentFaceBeatsLargerWeakBlob) {
  // A large box scoring 0.95 loses to a real face scoring 0.999 (deepface img41).
  const std::vector<Face> faces = {MakeFace(0, 0, 900, 0.95f), MakeFace(500, 400, 300, 0.999f)};
  EXPECT_EQ(ChoosePrimary(faces, 1200, 1200, 0.03f).index, 1);
}

TEST(ChoosePrimary, CentralFaceBeatsSlightlyLargerCornerFace) {
  const std::vector<Face> faces = {MakeFace(0, 0, 220, 0.99f), MakeFace(400, 400, 200, 0.99f)};
  EXPECT_EQ(ChoosePrimary(faces, 1000, 1000, 0.03f).index, 1);
}

TEST(ChoosePrimary, SaysHowCloseTheRunnerUpCame) {
  EXPECT_EQ(ChoosePrimary({}, 100, 100, 0.03f).runner_up, 0.0);
  EXPECT_EQ(ChoosePrimary({MakeFace(40, 40, 20, 0.99f)}, 100, 100, 0.03f).runner_up, 0.0);
  // Two equal faces side by side, symmetric about the centre: a coin flip.
  const auto tie = ChoosePrimary({MakeFace(200, 400, 200, 0.99f), MakeFace(600, 400, 200, 0.99f)}, 1000, 1000, 0.03f);
  EXPECT_GE(tie.runner_up, kCompetingFaceRatio);
  EXPECT_NEAR(tie.runner_up, 1.0, 1e-9);
  // A ghost image (a ninth of the portrait's area) does not compete.
  const auto card = ChoosePrimary({MakeFace(1400, 300, 100, 0.99f), MakeFace(100, 200, 300, 0.98f)}, 1600, 1000, 0.03f);
  EXPECT_EQ(card.index, 1);
  EXPECT_LT(card.runner_up, 0.2);
  // A weak blob outside the score margin never competes, whatever its size.
  const auto blob = ChoosePrimary({MakeFace(0, 0, 900, 0.90f), MakeFace(500, 400, 300, 0.999f)}, 1200, 1200, 0.03f);
  EXPECT_EQ(blob.runner_up, 0.0);
}

}  // namespace
}  // namespace idmatch::pipeline
