// document::FindCardQuads / Rectify on phone photos of generated licences
// (tests/support/card_capture.h) at sizes from a card filling the frame down
// to one whose portrait is 40 px tall.
#include "document/card_locate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support/card_capture.h"

namespace idmatch::document {
namespace {

double Distance(cv::Point2f a, cv::Point2f b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Whether some found quad holds the whole printed portrait (what the face
// search on the card needs; an outline may stop at a dark header band whose
// edge against the table is faint), within `slack` pixels.
bool SomeQuadHoldsThePortrait(const std::vector<Quad>& quads, const std::array<cv::Point2f, 4>& portrait,
                              double slack) {
  for (const auto& q : quads) {
    const std::vector<cv::Point2f> outline(q.begin(), q.end());
    bool all = true;
    for (const auto& p : portrait) all = all && cv::pointPolygonTest(outline, p, true) > -slack;
    if (all) return true;
  }
  return false;
}

cv::Mat FacePhoto() {
  // A plain face-like photo is enough: the outline is what is looked for.
  cv::Mat photo(250, 250, CV_8UC3, cv::Scalar(90, 110, 140));
  cv::ellipse(photo, {125, 120}, {55, 75}, 0, 0, 360, cv::Scalar(120, 150, 200), cv::FILLED);
  return photo;
}

TEST(FindCardQuads, FindsTheCardAroundThePortraitAtEverySize) {
  for (const double portrait : {40.0, 70.0, 140.0, 300.0}) {
    for (unsigned seed = 0; seed < 4; ++seed) {
      const auto capture = testing::CaptureCard(FacePhoto(), portrait, seed);
      const cv::Mat photo =
          cv::imdecode(std::vector<uchar>(capture.jpeg.begin(), capture.jpeg.end()), cv::IMREAD_COLOR);
      const auto quads = FindCardQuads(photo);
      EXPECT_TRUE(SomeQuadHoldsThePortrait(quads, capture.portrait_corners, 3.0))
          << "portrait " << portrait << " px, seed " << seed;
    }
  }
}

TEST(FindCardQuads, FindsNothingWithoutAnOutline) {
  cv::Mat noise(480, 640, CV_8UC3);
  cv::randn(noise, cv::Scalar::all(120), cv::Scalar::all(20));
  EXPECT_TRUE(FindCardQuads(noise).empty());
  EXPECT_TRUE(FindCardQuads(cv::Mat()).empty());
}

TEST(Rectify, FlattensAtThePhotosDensityAndMapsBack) {
  const auto capture = testing::CaptureCard(FacePhoto(), 100, 1);
  const cv::Mat photo = cv::imdecode(std::vector<uchar>(capture.jpeg.begin(), capture.jpeg.end()), cv::IMREAD_COLOR);
  const auto card = Rectify(photo, capture.card_corners);
  // The generated card is 1012x638 (ID-1's 1.586); the portrait 373 px of it.
  const double scale = 100.0 / 373;
  EXPECT_NEAR(card.image.rows, 638 * scale, 638 * scale * 0.12);
  EXPECT_NEAR(double(card.image.cols) / card.image.rows, 1012.0 / 638, 0.12);
  // The flat card's corners land on the photo's card corners.
  const cv::Vec3d far = card.to_photo * cv::Vec3d(card.image.cols, card.image.rows, 1);
  EXPECT_LT(Distance({float(far[0] / far[2]), float(far[1] / far[2])}, capture.card_corners[2]), 1.0);
}

}  // namespace
}  // namespace idmatch::document
