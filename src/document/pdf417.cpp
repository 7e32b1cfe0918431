#include "document/pdf417.h"

#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <vector>

namespace idmatch::document {
namespace {

std::optional<Pdf417Read> Try(const cv::Mat& grey, bool inverted) {
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::PDF417);
  hints.setTryHarder(true);
  hints.setTryRotate(true);
  hints.setTryDownscale(true);
  const ZXing::ImageView view(grey.data, grey.cols, grey.rows, ZXing::ImageFormat::Lum, int(grey.step[0]));
  const ZXing::Result r = ZXing::ReadBarcode(view, hints);
  if (!r.isValid()) return std::nullopt;
  const auto& bytes = r.bytes();
  return Pdf417Read{std::string(bytes.begin(), bytes.end()), r.orientation(), inverted};
}

// zxing-cpp 1.4 reads PDF417 only near 0/90/180/270 degrees. The bars'
// edges dominate the gradient field of a barcode photo, so the peak of the
// magnitude-weighted gradient-direction histogram (mod 180 degrees, on a
// reduced copy) is the bars' normal; returns the rotation that levels it.
double DominantSkewDegrees(const cv::Mat& grey) {
  cv::Mat small;
  const double k = std::min(1.0, 640.0 / std::max(grey.cols, grey.rows));
  cv::resize(grey, small, cv::Size(), k, k, cv::INTER_AREA);
  cv::Mat gx, gy, magnitude, angle;
  cv::Sobel(small, gx, CV_32F, 1, 0, 3);
  cv::Sobel(small, gy, CV_32F, 0, 1, 3);
  cv::cartToPolar(gx, gy, magnitude, angle, true);
  constexpr int kBins = 180;
  std::vector<double> histogram(kBins, 0.0);
  for (int y = 0; y < small.rows; ++y) {
    const float* m = magnitude.ptr<float>(y);
    const float* a = angle.ptr<float>(y);
    for (int x = 0; x < small.cols; ++x) {
      if (m[x] < 40) continue;  // flat areas and noise
      histogram[static_cast<int>(a[x]) % kBins] += m[x];
    }
  }
  // Smooth over +-2 degrees, then take the peak.
  int best = 0;
  double best_value = -1;
  for (int b = 0; b < kBins; ++b) {
    double v = 0;
    for (int d = -2; d <= 2; ++d) v += histogram[(b + d + kBins) % kBins];
    if (v > best_value) {
      best_value = v;
      best = b;
    }
  }
  // Bars' normal at `best`; the nearest multiple of 90 degrees is "level".
  double skew = std::fmod(best, 90.0);
  if (skew > 45) skew -= 90;
  return skew;
}

cv::Mat Rotated(const cv::Mat& grey, double degrees) {
  const cv::Point2f c(grey.cols / 2.0f, grey.rows / 2.0f);
  cv::Mat m = cv::getRotationMatrix2D(c, degrees, 1.0);
  const cv::Rect2f bounds = cv::RotatedRect(c, grey.size(), float(degrees)).boundingRect2f();
  m.at<double>(0, 2) += bounds.width / 2.0 - c.x;
  m.at<double>(1, 2) += bounds.height / 2.0 - c.y;
  cv::Mat out;
  cv::warpAffine(grey, out, m, bounds.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  return out;
}

}  // namespace

Result<Pdf417Read> ReadPdf417(const cv::Mat& bgr) {
  cv::Mat grey;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  if (!grey.isContinuous()) grey = grey.clone();
  std::vector<std::pair<cv::Mat, double>> views = {{grey, 0.0}};
  const double skew = DominantSkewDegrees(grey);
  if (std::fabs(skew) >= 2.0) views.push_back({Rotated(grey, skew), skew});
  for (const auto& [view, rotation] : views) {
    for (const bool inverted : {false, true}) {
      cv::Mat input = view;
      if (inverted) cv::bitwise_not(view, input);
      if (auto r = Try(input, inverted)) {
        r->orientation = static_cast<int>(std::lround(r->orientation - rotation + 360)) % 360;
        return *r;
      }
    }
  }
  return Status(ErrorCode::kNotFound, "no readable PDF417 barcode was found in the image");
}

}  // namespace idmatch::document
