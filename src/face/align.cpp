#include "face/align.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace idmatch::face {

std::array<cv::Point2f, 5> TemplatePoints() {
  std::array<cv::Point2f, 5> t;
  for (size_t i = 0; i < t.size(); ++i) t[i] = {kArcFaceTemplate[i][0], kArcFaceTemplate[i][1]};
  return t;
}

cv::Matx23d EstimateSimilarity(const std::array<cv::Point2f, 5>& from, const std::array<cv::Point2f, 5>& to) {
  const double n = static_cast<double>(from.size());
  cv::Point2d mf(0, 0), mt(0, 0);
  for (size_t i = 0; i < from.size(); ++i) {
    mf += cv::Point2d(from[i]);
    mt += cv::Point2d(to[i]);
  }
  mf *= 1.0 / n;
  mt *= 1.0 / n;
  // With centred points p (from) and q (to), the optimal transform is
  // q = [a -b; b a] p where a = sum(p.q)/sum|p|^2, b = sum(p x q)/sum|p|^2.
  double dot = 0, cross = 0, norm = 0;
  for (size_t i = 0; i < from.size(); ++i) {
    const cv::Point2d p = cv::Point2d(from[i]) - mf;
    const cv::Point2d q = cv::Point2d(to[i]) - mt;
    dot += p.x * q.x + p.y * q.y;
    cross += p.x * q.y - p.y * q.x;
    norm += p.x * p.x + p.y * p.y;
  }
  if (norm <= 1e-12) return cv::Matx23d(1, 0, mt.x - mf.x, 0, 1, mt.y - mf.y);
  const double a = dot / norm;
  const double b = cross / norm;
  return cv::Matx23d(a, -b, mt.x - (a * mf.x - b * mf.y), b, a, mt.y - (b * mf.x + a * mf.y));
}

namespace {

float Residual(const cv::Matx23d& transform, const std::array<cv::Point2f, 5>& landmarks) {
  const auto tmpl = TemplatePoints();
  double sum = 0;
  for (size_t i = 0; i < landmarks.size(); ++i) {
    const cv::Vec2d q = transform * cv::Vec3d(landmarks[i].x, landmarks[i].y, 1.0);
    sum += std::hypot(q[0] - tmpl[i].x, q[1] - tmpl[i].y);
  }
  return static_cast<float>(sum / landmarks.size());
}

}  // namespace

float AlignResidual(const std::array<cv::Point2f, 5>& landmarks) {
  return Residual(EstimateSimilarity(landmarks, TemplatePoints()), landmarks);
}

AlignedFace AlignFace(const cv::Mat& bgr, const std::array<cv::Point2f, 5>& landmarks, int interpolation) {
  return AlignFaceScaled(bgr, landmarks, 1.0, interpolation);
}

AlignedFace AlignFaceScaled(const cv::Mat& bgr, const std::array<cv::Point2f, 5>& landmarks, double template_scale,
                            int interpolation) {
  AlignedFace out;
  auto target = TemplatePoints();
  for (auto& p : target) p *= static_cast<float>(template_scale);
  const int side = std::max(1, static_cast<int>(std::lround(kAlignedSize * template_scale)));
  const cv::Size size(side, side);
  out.transform = EstimateSimilarity(landmarks, target);
  out.residual = Residual(EstimateSimilarity(landmarks, TemplatePoints()), landmarks);

  out.crop = WarpWithoutAliasing(bgr, out.transform, size, interpolation);
  return out;
}

cv::Mat WarpWithoutAliasing(const cv::Mat& bgr, const cv::Matx23d& m, cv::Size size, int interpolation) {
  cv::Mat crop;
  const double scale = std::hypot(m(0, 0), m(1, 0));  // crop px per image px
  if (scale >= 0.5) {
    cv::warpAffine(bgr, crop, m, size, interpolation, cv::BORDER_CONSTANT);
    return crop;
  }
  // Pre-reduce the face's neighbourhood so the final warp scales by ~0.5..1.
  // Region: the crop's footprint in the image, from the inverse transform.
  cv::Matx23d inv;
  cv::invertAffineTransform(m, inv);
  std::vector<cv::Point2f> corners;
  for (auto [x, y] : {std::pair{0.0, 0.0},
                      {double(size.width), 0.0},
                      {0.0, double(size.height)},
                      {double(size.width), double(size.height)}}) {
    const cv::Vec2d c = inv * cv::Vec3d(x, y, 1.0);
    corners.emplace_back(float(c[0]), float(c[1]));
  }
  const cv::Rect footprint = cv::boundingRect(corners) & cv::Rect(0, 0, bgr.cols, bgr.rows);
  if (footprint.area() == 0) {
    cv::warpAffine(bgr, crop, m, size, cv::INTER_LINEAR, cv::BORDER_CONSTANT);
    return crop;
  }
  const double reduce = std::min(1.0, scale * 2.0);
  cv::Mat small;
  cv::resize(bgr(footprint), small, cv::Size(), reduce, reduce, cv::INTER_AREA);
  const double rx = double(small.cols) / footprint.width;
  const double ry = double(small.rows) / footprint.height;
  // crop = m * (footprint.tl + small_px / r)
  const cv::Matx33d m3(m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2), 0, 0, 1);
  const cv::Matx33d unreduce(1.0 / rx, 0, footprint.x, 0, 1.0 / ry, footprint.y, 0, 0, 1);
  const cv::Matx33d combined = m3 * unreduce;
  const cv::Matx23d small_to_crop(combined(0, 0), combined(0, 1), combined(0, 2), combined(1, 0), combined(1, 1),
                                  combined(1, 2));
  cv::warpAffine(small, crop, small_to_crop, size, cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  return crop;
}

}  // namespace idmatch::face
