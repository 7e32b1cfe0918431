// The card factory's prints (tests/support/card_capture.h) keep the photo's
// colour and tone: a print changes how a portrait looks up close (dots,
// dither, quantisation), not what colour it is, or the accuracy measured on
// the factory's cards (docs/accuracy.md, issue 20) would measure a
// miscalibrated printer instead of a printing technique.
#include "support/card_capture.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support/image_factory.h"

namespace idmatch::testing {
namespace {

// Mean absolute difference per Lab channel (OpenCV's 8-bit Lab) between the
// photo and its print once both are blurred past the print's structure
// (sigma 4 card pixels: a 75 lpi cell is 4).
cv::Vec3d ToneError(const cv::Mat& photo, const cv::Mat& print) {
  cv::Mat a, b;
  cv::GaussianBlur(photo, a, cv::Size(), 4);
  cv::GaussianBlur(print, b, cv::Size(), 4);
  cv::cvtColor(a, a, cv::COLOR_BGR2Lab);
  cv::cvtColor(b, b, cv::COLOR_BGR2Lab);
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  const cv::Scalar mean = cv::mean(diff);
  return {mean[0], mean[1], mean[2]};
}

TEST(CardPrint, EveryPrintStyleKeepsThePhotosTone) {
  const std::string dir = SharedDir() + "/testdata/faces/deepface/";
  int photos = 0;
  for (const char* name : {"img1.jpg", "img3.jpg", "img5.jpg"}) {
    const std::string bytes = ReadFileOrEmpty(dir + name);
    if (bytes.empty()) continue;
    const cv::Mat decoded =
        cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data())), cv::IMREAD_COLOR);
    ASSERT_FALSE(decoded.empty()) << name;
    ++photos;
    // An ID portrait's size on the 300 dpi card (~26 x 35 mm).
    cv::Mat portrait;
    cv::resize(decoded, portrait, cv::Size(310, 413), 0, 0, cv::INTER_AREA);
    for (PrintStyle style :
         {PrintStyle::kDyeSublimation, PrintStyle::kHalftone, PrintStyle::kLaserEngraved, PrintStyle::kQuantised}) {
      for (double lpi : {75.0, 150.0}) {
        if (lpi != 75 && style != PrintStyle::kHalftone) continue;
        const cv::Mat print = PrintPortrait(portrait, style, CardPrintOptions{lpi});
        ASSERT_EQ(print.size(), portrait.size());
        const cv::Vec3d error = ToneError(portrait, print);
        std::printf("%s %-16s %s: |dL| %.2f |da| %.2f |db| %.2f\n", name, PrintStyleName(style),
                    style == PrintStyle::kHalftone ? (lpi == 75 ? "75 lpi " : "150 lpi") : "       ", error[0],
                    error[1], error[2]);
        // 2.3 is the just-noticeable colour difference (CIE76); OpenCV's 8-bit
        // L is L* x 2.55, so lightness is allowed 2.3 x 2.55. A laser-engraved
        // portrait is greyscale: only its lightness is the photo's.
        EXPECT_LT(error[0], 2.3 * 2.55) << name << " " << PrintStyleName(style) << " " << lpi << " lpi";
        if (style == PrintStyle::kLaserEngraved) continue;
        EXPECT_LT(error[1], 2.3) << name << " " << PrintStyleName(style) << " " << lpi << " lpi";
        EXPECT_LT(error[2], 2.3) << name << " " << PrintStyleName(style) << " " << lpi << " lpi";
      }
    }
  }
  if (photos == 0) GTEST_SKIP() << "deepface photos not found under " << SharedDir();
}

// face_to_photo says where a point of the face photo lands in the capture:
// a dark disc drawn on a grey face photo is found there, to within a pixel,
// across the seeds' tilts, rotations, prints and blurs.
TEST(CardCapture, MapsAFacePhotoPointToWhereItIsPrinted) {
  cv::Mat face(250, 250, CV_8UC3, cv::Scalar::all(170));
  const cv::Point2f mark(118.0f, 104.0f);
  cv::circle(face, cv::Point(118, 104), 5, cv::Scalar::all(0), cv::FILLED);
  for (unsigned seed = 0; seed < 8; ++seed) {
    const CardCapture capture = CaptureCard(face, 300, seed);
    const cv::Mat photo =
        cv::imdecode(cv::Mat(1, int(capture.jpeg.size()), CV_8U, (void*)capture.jpeg.data()), cv::IMREAD_GRAYSCALE);
    const cv::Point2f expected = FacePointInCapture(capture, mark);
    ASSERT_TRUE(cv::Rect(20, 20, photo.cols - 40, photo.rows - 40).contains(expected)) << "seed " << seed;
    // The disc's centroid: darkness-weighted, within 16 px of where expected.
    double sum = 0, sx = 0, sy = 0;
    for (int y = int(expected.y) - 16; y <= int(expected.y) + 16; ++y) {
      for (int x = int(expected.x) - 16; x <= int(expected.x) + 16; ++x) {
        const double dark = std::max(0, 100 - int(photo.at<uchar>(y, x)));
        sum += dark;
        sx += dark * x;
        sy += dark * y;
      }
    }
    ASSERT_GT(sum, 0) << "seed " << seed << ": no dark disc near the mapped point";
    const cv::Point2f found(float(sx / sum), float(sy / sum));
    EXPECT_LT(cv::norm(found - expected), 0.6) << "seed " << seed << " (" << PrintStyleName(capture.conditions.print)
                                               << "): found " << found << ", mapped " << expected;
  }
}

}  // namespace
}  // namespace idmatch::testing
