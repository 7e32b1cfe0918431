// The geometry of the guided liveness capture on synthetic landmarks: a rigid
// 3-D head (its nose stands out of the face; its jaw ends sit back) turned in
// front of a pinhole camera, against a flat picture of the same face moved
// the same way. Exact geometry, plus landmark noise of the size the landmark
// network shows (about half a pixel at this scale).
#include "liveness/motion_checks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "synthetic_head.h"

namespace idmatch::liveness {
namespace {

TEST(MotionChecks, APictureMovedIn3DFitsOneHomography) {
  const auto picture = Picture();
  const face::Landmarks68 reference = Project(picture, 0, 0);
  for (const auto& [yaw, pitch] : std::vector<std::pair<double, double>>{{25, 0}, {-25, 10}, {0, 20}, {15, -15}}) {
    EXPECT_LT(PlanarResidual(reference, Project(picture, yaw, pitch)), 1e-6) << yaw << " " << pitch;
  }
}

TEST(MotionChecks, AHeadTurningShowsParallax) {
  const auto head = Head();
  const face::Landmarks68 reference = Project(head, 0, 0);
  const double yawed = PlanarResidual(reference, Project(head, 20, 0));
  const double pitched = PlanarResidual(reference, Project(head, 0, 15));
  EXPECT_GT(yawed, 0.04);
  EXPECT_GT(pitched, 0.02);
  // With landmark noise the picture stays well below the head.
  const auto picture = Picture();
  const double flat_noisy = PlanarResidual(Project(picture, 0, 0, 0.5, 1), Project(picture, 25, 0, 0.5, 2));
  const double head_noisy = PlanarResidual(Project(head, 0, 0, 0.5, 1), Project(head, 20, 0, 0.5, 2));
  std::printf(
      "residual (inter-ocular units): head yaw 20 %.4f, pitch 15 %.4f; with 0.5 px noise: picture %.4f, head %.4f\n",
      yawed, pitched, flat_noisy, head_noisy);
  EXPECT_LT(flat_noisy, yawed / 2) << "noise alone: " << flat_noisy << " vs parallax " << yawed;
  EXPECT_GT(head_noisy, yawed / 2);
  EXPECT_EQ(MaxPlanarResidual({reference}), 0);
  EXPECT_NEAR(MaxPlanarResidual({reference, Project(head, 10, 0), Project(head, 20, 0)}), yawed, 1e-9);
}

TEST(MotionChecks, TheNoseMovesBetweenTheJawEndsOnlyForAHead) {
  const auto head = Head();
  EXPECT_NEAR(NoseOffset(Project(head, 0, 0)), 0, 1e-6);
  EXPECT_GT(NoseOffset(Project(head, 25, 0)), 0.2);
  EXPECT_LT(NoseOffset(Project(head, -25, 0)), -0.2);
  // A picture turned as much moves it only by perspective foreshortening.
  EXPECT_LT(std::abs(NoseOffset(Project(Picture(), 25, 0))), 0.1);
}

TEST(MotionChecks, DegeneratePointsAreNotMeasured) {
  face::Landmarks68 same{};
  EXPECT_EQ(PlanarResidual(same, same), -1);
}

}  // namespace
}  // namespace idmatch::liveness
