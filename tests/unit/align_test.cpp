#include "face/align.h"

#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "face/embedder.h"

namespace idmatch::face {
namespace {

std::array<cv::Point2f, 5> Apply(const cv::Matx23d& m, const std::array<cv::Point2f, 5>& pts) {
  std::array<cv::Point2f, 5> out;
  for (size_t i = 0; i < pts.size(); ++i) {
    const cv::Vec2d q = m * cv::Vec3d(pts[i].x, pts[i].y, 1);
    out[i] = {float(q[0]), float(q[1])};
  }
  return out;
}

TEST(EstimateSimilarity, RecoversAKnownTransformExactly) {
  // Template points moved by rotation 20 deg, scale 3.5, shift (400, 250).
  const double a = 3.5 * std::cos(20 * CV_PI / 180), b = 3.5 * std::sin(20 * CV_PI / 180);
  const cv::Matx23d forward(a, -b, 400, b, a, 250);
  const auto image_points = Apply(forward, TemplatePoints());
  const cv::Matx23d m = EstimateSimilarity(image_points, TemplatePoints());
  const auto back = Apply(m, image_points);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_NEAR(back[i].x, TemplatePoints()[i].x, 1e-3);
    EXPECT_NEAR(back[i].y, TemplatePoints()[i].y, 1e-3);
  }
  EXPECT_NEAR(std::hypot(m(0, 0), m(1, 0)), 1 / 3.5, 1e-6);
  EXPECT_NEAR(AlignResidual(image_points), 0.0, 1e-3);
}

TEST(EstimateSimilarity, NeverReflects) {
  // Mirrored landmarks (left/right swapped positions) must not be fitted by a
  // reflection: the determinant of the linear part stays positive.
  auto pts = TemplatePoints();
  for (auto& p : pts) p.x = 112 - p.x;
  const cv::Matx23d m = EstimateSimilarity(pts, TemplatePoints());
  EXPECT_GT(m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0), 0);
  EXPECT_GT(AlignResidual(pts), 5.0);  // and the misfit shows in the residual
}

TEST(AlignFace, LargeFaceIsReducedWithoutAliasing) {
  // A fine 2-px checkerboard face region at scale 1/8: a plain bilinear warp
  // samples it into strong noise; area pre-reduction gives flat grey (~127).
  cv::Mat img(1200, 1200, CV_8UC3);
  for (int y = 0; y < img.rows; ++y)
    for (int x = 0; x < img.cols; ++x)
      img.at<cv::Vec3b>(y, x) = ((x / 2 + y / 2) % 2) ? cv::Vec3b(255, 255, 255) : cv::Vec3b(0, 0, 0);
  const cv::Matx23d up(8, 0, 150, 0, 8, 150);
  const AlignedFace f = AlignFace(img, Apply(up, TemplatePoints()));
  ASSERT_EQ(f.crop.size(), cv::Size(112, 112));
  cv::Scalar mean, stddev;
  cv::meanStdDev(f.crop, mean, stddev);
  EXPECT_NEAR(mean[0], 127.5, 10);
  EXPECT_LT(stddev[0], 20) << "aliasing: the checkerboard survived the downscale";
  EXPECT_LT(f.residual, 1e-3);
}

TEST(AlignFace, SmallFaceUsesTheDirectWarp) {
  cv::Mat img(200, 200, CV_8UC3, cv::Scalar(10, 20, 30));
  const AlignedFace f = AlignFace(img, TemplatePoints());  // identity transform
  EXPECT_EQ(f.crop.at<cv::Vec3b>(56, 56), cv::Vec3b(10, 20, 30));
}

// Resolution matching: detail finer than the target eye distance is gone,
// coarse structure stays, and a crop with no more detail is untouched.
double FineDetail(const cv::Mat& bgr) {
  cv::Mat grey, lap;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  cv::Laplacian(grey, lap, CV_64F);
  cv::Scalar mean, dev;
  cv::meanStdDev(lap, mean, dev);
  return dev[0];
}

TEST(ReduceDetail, RemovesDetailFinerThanThePortrait) {
  // A 2 px checkerboard on a left/right split: detail a 10 px-eye face cannot hold.
  cv::Mat crop(112, 112, CV_8UC3);
  for (int y = 0; y < 112; ++y) {
    for (int x = 0; x < 112; ++x) {
      const uchar base = x < 56 ? 60 : 190;
      crop.at<cv::Vec3b>(y, x) = cv::Vec3b::all(cv::saturate_cast<uchar>(base + (((x / 2) + (y / 2)) % 2 ? 40 : -40)));
    }
  }
  const cv::Mat reduced = ReduceDetail(crop, 35.24, 10.0);
  ASSERT_EQ(reduced.size(), crop.size());
  EXPECT_LT(FineDetail(reduced), 0.1 * FineDetail(crop));
  // The halves' mean brightness survives.
  EXPECT_NEAR(cv::mean(reduced(cv::Rect(0, 0, 40, 112)))[0], 60, 8);
  EXPECT_NEAR(cv::mean(reduced(cv::Rect(72, 0, 40, 112)))[0], 190, 8);
  // Asking for as much detail as the crop has, or more, changes nothing.
  EXPECT_EQ(cv::norm(ReduceDetail(crop, 35.24, 35.24), crop, cv::NORM_INF), 0);
  EXPECT_EQ(cv::norm(ReduceDetail(crop, 35.24, 80.0), crop, cv::NORM_INF), 0);
}

TEST(EyeDistance, IsTheDistanceBetweenTheEyeCentres) {
  const Landmarks5 points = {{{10, 10}, {13, 14}, {0, 0}, {0, 0}, {0, 0}}};
  EXPECT_DOUBLE_EQ(EyeDistance(points), 5.0);
}

TEST(AlignFace, EnlargesWithTheRequestedInterpolation) {
  // A face at 1/2 the template's scale (eyes 17.6 px apart) with a sharp
  // vertical edge: bicubic keeps the edge steeper than bilinear and both
  // agree away from it.
  cv::Mat img(100, 100, CV_8UC3, cv::Scalar::all(40));
  img(cv::Rect(50, 0, 50, 100)).setTo(cv::Scalar::all(200));
  const cv::Matx23d half(0.5, 0, 20, 0, 0.5, 20);
  const auto points = Apply(half, TemplatePoints());
  const AlignedFace linear = AlignFace(img, points);
  const AlignedFace cubic = AlignFace(img, points, cv::INTER_CUBIC);
  // The edge at image x = 50 lands at crop x = 60; compare the step across it.
  const auto step = [](const cv::Mat& crop) {
    return int(crop.at<cv::Vec3b>(56, 61)[0]) - int(crop.at<cv::Vec3b>(56, 59)[0]);
  };
  EXPECT_GT(step(cubic.crop), step(linear.crop));
  EXPECT_EQ(cubic.crop.at<cv::Vec3b>(56, 20), linear.crop.at<cv::Vec3b>(56, 20));
  EXPECT_EQ(cubic.crop.at<cv::Vec3b>(56, 100), linear.crop.at<cv::Vec3b>(56, 100));
}

TEST(JitteredPlacements, AreThePointsAsFoundThenSixSmallMoves) {
  const Landmarks5 points = {{{40, 50}, {60, 50}, {50, 60}, {42, 70}, {58, 70}}};  // eyes 20 px apart
  const auto placed = JitteredPlacements(points);
  ASSERT_EQ(placed.size(), 7u);
  for (size_t k = 0; k < 5; ++k) EXPECT_EQ(placed[0][k], points[k]);
  double largest_shift = 0;
  for (size_t i = 1; i < placed.size(); ++i) {
    // Each move keeps the face's shape: the eye distance changes by at most 4%.
    EXPECT_NEAR(EyeDistance(placed[i]), 20.0, 0.8 + 1e-4);
    cv::Point2f centre(0, 0), moved(0, 0);
    for (size_t k = 0; k < 5; ++k) centre += points[k] * 0.2f, moved += placed[i][k] * 0.2f;
    largest_shift = std::max(largest_shift, double(cv::norm(moved - centre)));
    EXPECT_LE(cv::norm(moved - centre), 0.06 * 20 + 1e-4);
  }
  EXPECT_NEAR(largest_shift, 1.2, 1e-4);
}

}  // namespace
}  // namespace idmatch::face
