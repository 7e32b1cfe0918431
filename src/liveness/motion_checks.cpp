#include "liveness/motion_checks.h"

#include <cmath>
#include <opencv2/core.hpp>
#include <optional>

namespace idmatch::liveness {
namespace {

cv::Point2d Mean(const face::Landmarks68& p, int first, int last) {
  cv::Point2d sum(0, 0);
  for (int i = first; i <= last; ++i) sum += cv::Point2d(p[i].x, p[i].y);
  return sum / double(last - first + 1);
}

// Hartley's normalisation: centroid to the origin, mean distance sqrt(2).
cv::Matx33d Normaliser(const std::vector<cv::Point2d>& p) {
  cv::Point2d c(0, 0);
  for (const auto& q : p) c += q;
  c /= double(p.size());
  double spread = 0;
  for (const auto& q : p) spread += cv::norm(q - c);
  spread /= double(p.size());
  const double s = spread > 1e-12 ? std::sqrt(2.0) / spread : 1;
  return {s, 0, -s * c.x, 0, s, -s * c.y, 0, 0, 1};
}

std::vector<cv::Point2d> Apply(const cv::Matx33d& h, const std::vector<cv::Point2d>& p) {
  std::vector<cv::Point2d> out;
  for (const auto& q : p) {
    const cv::Vec3d v = h * cv::Vec3d(q.x, q.y, 1);
    out.emplace_back(v[0] / v[2], v[1] / v[2]);
  }
  return out;
}

// The homography that maps `from` to `to` best in the algebraic least-squares
// sense over every pair (the direct linear transform on normalised points;
// no outlier rejection: a point that does not fit a plane is exactly what is
// measured). Empty when the points are degenerate.
std::optional<cv::Matx33d> FitHomography(const std::vector<cv::Point2d>& from, const std::vector<cv::Point2d>& to) {
  const cv::Matx33d nf = Normaliser(from), nt = Normaliser(to);
  const auto a = Apply(nf, from), b = Apply(nt, to);
  cv::Mat system(static_cast<int>(2 * a.size()), 9, CV_64F);
  for (size_t i = 0; i < a.size(); ++i) {
    const double x = a[i].x, y = a[i].y, u = b[i].x, v = b[i].y;
    const double r0[9] = {-x, -y, -1, 0, 0, 0, u * x, u * y, u};
    const double r1[9] = {0, 0, 0, -x, -y, -1, v * x, v * y, v};
    for (int k = 0; k < 9; ++k) {
      system.at<double>(static_cast<int>(2 * i), k) = r0[k];
      system.at<double>(static_cast<int>(2 * i + 1), k) = r1[k];
    }
  }
  cv::Mat w, u, vt;
  cv::SVD::compute(system, w, u, vt, cv::SVD::FULL_UV);
  const cv::Mat h = vt.row(8).reshape(1, 3);
  cv::Matx33d hn;
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) hn(r, c) = h.at<double>(r, c);
  }
  const cv::Matx33d full = nt.inv() * hn * nf;
  if (std::abs(full(2, 2)) < 1e-12) return std::nullopt;
  return full * (1.0 / full(2, 2));
}

}  // namespace

double InterOcular(const face::Landmarks68& points) { return cv::norm(Mean(points, 36, 41) - Mean(points, 42, 47)); }

double PlanarResidual(const face::Landmarks68& reference, const face::Landmarks68& frame) {
  const double unit = InterOcular(reference);
  if (!(unit > 1e-6)) return -1;
  std::vector<cv::Point2d> from, to;
  for (size_t i = 0; i < reference.size(); ++i) {
    from.emplace_back(reference[i].x, reference[i].y);
    to.emplace_back(frame[i].x, frame[i].y);
  }
  const auto h = FitHomography(from, to);
  if (!h) return -1;
  const auto mapped = Apply(*h, from);
  double squares = 0;
  for (size_t i = 0; i < mapped.size(); ++i) {
    const cv::Point2d d = mapped[i] - to[i];
    squares += d.dot(d);
  }
  return std::sqrt(squares / double(mapped.size())) / unit;
}

double MaxPlanarResidual(const std::vector<face::Landmarks68>& frames) {
  double worst = 0;
  for (size_t i = 1; i < frames.size(); ++i) worst = std::max(worst, PlanarResidual(frames[0], frames[i]));
  return worst;
}

double NoseOffset(const face::Landmarks68& points) {
  const cv::Point2d left(points[0].x, points[0].y), right(points[16].x, points[16].y), nose(points[30].x, points[30].y);
  const cv::Point2d axis = right - left;
  const double length = axis.dot(axis);
  if (!(length > 1e-9)) return 0;
  const double t = (nose - left).dot(axis) / length;  // 0 at the left end, 1 at the right
  return 2 * t - 1;
}

}  // namespace idmatch::liveness
