#include "quality/measures.h"

#include <algorithm>
#include <array>
#include <opencv2/imgproc.hpp>

namespace idmatch::quality {
namespace {

// Inner face in unscaled template coordinates (112x112): from the brows to
// below the mouth, inside the cheeks, so background and hair are excluded.
constexpr float kInnerX0 = 28, kInnerY0 = 38, kInnerX1 = 84, kInnerY1 = 102;
// Whole face for the in-frame test: ear to ear, brows to chin.
constexpr float kFaceX0 = 8, kFaceY0 = 24, kFaceX1 = 104, kFaceY1 = 118;
// Fewer usable pixels than this and the statistics mean nothing.
constexpr int kMinPixels = 64;

// Crete's directional term: share of the neighbour variation a box blur removes.
double BlurAlong(const cv::Mat& grey, bool vertical) {
  cv::Mat f, b;
  grey.convertTo(f, CV_32F);
  const cv::Size kernel = vertical ? cv::Size(1, 9) : cv::Size(9, 1);
  cv::blur(f, b, kernel, cv::Point(-1, -1), cv::BORDER_REFLECT);
  const int dx = vertical ? 0 : 1, dy = vertical ? 1 : 0;
  const cv::Rect a(0, 0, f.cols - dx, f.rows - dy), c(dx, dy, f.cols - dx, f.rows - dy);
  cv::Mat df = cv::abs(f(c) - f(a)), db = cv::abs(b(c) - b(a));
  cv::Mat v = cv::max(df - db, 0.0);
  const double sum_f = cv::sum(df)[0], sum_v = cv::sum(v)[0];
  if (sum_f <= 1e-6) return 1.0;  // a flat patch has no detail at all
  return (sum_f - sum_v) / sum_f;
}

// Luma values of the inner face.
std::vector<uchar> InnerLuma(const FaceSession& s) {
  const cv::Rect r = s.CropRegion(kInnerX0, kInnerY0, kInnerX1, kInnerY1);
  std::vector<uchar> out;
  if (r.area() <= 0) return out;
  out.reserve(r.area());
  for (int y = r.y; y < r.y + r.height; ++y) {
    const uchar* row = s.crop_grey.ptr<uchar>(y);
    out.insert(out.end(), row + r.x, row + r.x + r.width);
  }
  return out;
}

}  // namespace

RawMeasure BlurIndex(const FaceSession& s) {
  const cv::Rect r = s.CropRegion(kInnerX0, kInnerY0, kInnerX1, kInnerY1);
  if (r.width < 12 || r.height < 12) return {};
  const cv::Mat inner = s.crop_grey(r);
  return {true, float(std::max(BlurAlong(inner, true), BlurAlong(inner, false)))};
}

RawMeasure MeanLuma(const FaceSession& s) {
  const auto luma = InnerLuma(s);
  if (luma.size() < kMinPixels) return {};
  double sum = 0;
  for (uchar v : luma) sum += v;
  return {true, float(sum / luma.size())};
}

RawMeasure MichelsonContrast(const FaceSession& s) {
  auto luma = InnerLuma(s);
  std::erase_if(luma, [](uchar v) { return v < 8 || v > 247; });
  if (luma.size() < kMinPixels) return {};
  std::sort(luma.begin(), luma.end());
  const double p5 = luma[luma.size() * 5 / 100], p95 = luma[luma.size() * 95 / 100];
  if (p95 + p5 <= 0) return {};
  return {true, float((p95 - p5) / (p95 + p5))};
}

RawMeasure EyeDistance(const FaceSession& s) { return {s.eye_distance > 0, float(s.eye_distance)}; }

RawMeasure FractionInFrame(const FaceSession& s) {
  // Map a grid over the template face region back into the image.
  const double k = s.crop_scale;
  cv::Matx23d inv;
  cv::invertAffineTransform(s.to_crop, inv);
  constexpr int kGrid = 16;
  int inside = 0;
  for (int gy = 0; gy < kGrid; ++gy) {
    for (int gx = 0; gx < kGrid; ++gx) {
      const double tx = kFaceX0 + (kFaceX1 - kFaceX0) * (gx + 0.5) / kGrid;
      const double ty = kFaceY0 + (kFaceY1 - kFaceY0) * (gy + 0.5) / kGrid;
      const cv::Vec2d p = inv * cv::Vec3d(tx * k, ty * k, 1.0);
      inside += p[0] >= 0 && p[1] >= 0 && p[0] < s.bgr.cols && p[1] < s.bgr.rows;
    }
  }
  return {true, float(inside) / (kGrid * kGrid)};
}

}  // namespace idmatch::quality
