#include "document/card_locate.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace idmatch::document {
namespace {

// Edges are looked for on a copy at most this many pixels on its long side:
// a card outline needs no more, and Canny on 12 MP would cost ~100 ms.
constexpr int kSearchSide = 800;
constexpr double kMinAreaFraction = 0.002;
constexpr double kMaxAreaFraction = 0.9;
constexpr double kMinAspect = 1.15;
constexpr double kMaxAspect = 2.3;

// Share of the outline's length that must lie on edge pixels: a card's
// outline is straight and edged on all four sides; a quad fitted to a noise
// contour is not.
constexpr double kMinEdgeSupport = 0.7;

double Length(cv::Point2f a, cv::Point2f b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Fraction of points along the four sides of `q` (search-image pixels) that
// fall on the (dilated) edge map.
double EdgeSupport(const cv::Mat& edges, const std::vector<cv::Point>& q) {
  int on = 0, total = 0;
  for (size_t i = 0; i < q.size(); ++i) {
    const cv::Point2f a(q[i]), b(q[(i + 1) % q.size()]);
    const int steps = std::max(2, int(Length(a, b)));
    for (int k = 0; k <= steps; ++k) {
      const cv::Point2f p = a + (b - a) * (float(k) / float(steps));
      const int x = std::clamp(int(std::lround(p.x)), 0, edges.cols - 1);
      const int y = std::clamp(int(std::lround(p.y)), 0, edges.rows - 1);
      on += edges.at<uchar>(y, x) != 0 ? 1 : 0;
      ++total;
    }
  }
  return total > 0 ? double(on) / total : 0;
}

// Top-left first, clockwise in image coordinates (y down).
Quad Ordered(const std::vector<cv::Point>& pts, double scale) {
  cv::Point2f centre(0, 0);
  for (const auto& p : pts) centre += cv::Point2f(p);
  centre *= 1.0f / float(pts.size());
  std::vector<cv::Point2f> sorted;
  for (const auto& p : pts) sorted.emplace_back(float(p.x / scale), float(p.y / scale));
  const cv::Point2f c(float(centre.x / scale), float(centre.y / scale));
  std::sort(sorted.begin(), sorted.end(), [&](cv::Point2f a, cv::Point2f b) {
    return std::atan2(a.y - c.y, a.x - c.x) < std::atan2(b.y - c.y, b.x - c.x);
  });
  // atan2 order starts at the left (-pi) and goes through the top: rotate so
  // the corner with the smallest x + y comes first.
  const auto first = std::min_element(sorted.begin(), sorted.end(),
                                      [](cv::Point2f a, cv::Point2f b) { return a.x + a.y < b.x + b.y; });
  std::rotate(sorted.begin(), first, sorted.end());
  return {sorted[0], sorted[1], sorted[2], sorted[3]};
}

}  // namespace

std::vector<Quad> FindCardQuads(const cv::Mat& bgr, size_t max_quads) {
  if (bgr.empty()) return {};
  const double scale = std::min(1.0, double(kSearchSide) / std::max(bgr.cols, bgr.rows));
  cv::Mat small, grey, edges;
  cv::resize(bgr, small, cv::Size(), scale, scale, cv::INTER_AREA);
  cv::cvtColor(small, grey, cv::COLOR_BGR2GRAY);
  cv::GaussianBlur(grey, grey, cv::Size(5, 5), 0);
  cv::Canny(grey, edges, 30, 90);
  cv::dilate(edges, edges, cv::Mat());  // close one-pixel gaps in the outline
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(edges, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
  const double image_area = double(small.cols) * small.rows;
  std::vector<std::pair<double, Quad>> found;
  for (const auto& contour : contours) {
    const double area = cv::contourArea(contour);
    if (area < kMinAreaFraction * image_area || area > kMaxAreaFraction * image_area) continue;
    std::vector<cv::Point> hull, corners;
    cv::convexHull(contour, hull);
    cv::approxPolyDP(hull, corners, 0.04 * cv::arcLength(hull, true), true);
    if (corners.size() != 4 || !cv::isContourConvex(corners)) continue;
    if (EdgeSupport(edges, corners) < kMinEdgeSupport) continue;
    const Quad q = Ordered(corners, scale);
    const double w = (Length(q[0], q[1]) + Length(q[3], q[2])) / 2;
    const double h = (Length(q[0], q[3]) + Length(q[1], q[2])) / 2;
    const double aspect = std::max(w, h) / std::max(1.0, std::min(w, h));
    if (aspect < kMinAspect || aspect > kMaxAspect) continue;
    // The dilated outline gives an inner and an outer contour: keep one.
    const cv::Point2f centre = (q[0] + q[1] + q[2] + q[3]) * 0.25f;
    const bool duplicate = std::any_of(found.begin(), found.end(), [&](const auto& f) {
      const cv::Point2f other = (f.second[0] + f.second[1] + f.second[2] + f.second[3]) * 0.25f;
      return Length(centre, other) < 0.1 * std::sqrt(f.first) && std::fabs(f.first - area) < 0.3 * f.first;
    });
    if (!duplicate) found.emplace_back(area, q);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<Quad> out;
  for (size_t i = 0; i < found.size() && i < max_quads; ++i) out.push_back(found[i].second);
  return out;
}

RectifiedCard Rectify(const cv::Mat& bgr, const Quad& q) {
  const int w = std::max(2, int(std::lround((Length(q[0], q[1]) + Length(q[3], q[2])) / 2)));
  const int h = std::max(2, int(std::lround((Length(q[0], q[3]) + Length(q[1], q[2])) / 2)));
  const cv::Point2f flat[4] = {{0, 0}, {float(w), 0}, {float(w), float(h)}, {0, float(h)}};
  RectifiedCard out;
  const cv::Mat to_flat = cv::getPerspectiveTransform(q.data(), flat);
  cv::warpPerspective(bgr, out.image, to_flat, cv::Size(w, h), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  out.to_photo = cv::Matx33d(cv::Mat(to_flat.inv()));
  return out;
}

}  // namespace idmatch::document
