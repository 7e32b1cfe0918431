// A synthetic rigid head and a flat picture of it in front of a pinhole
// camera, as 68 landmarks (motion_checks_test, capture_checks_test): a head
// turning shows parallax, the picture moves by one homography.
#pragma once

#include <cmath>
#include <opencv2/core.hpp>
#include <random>
#include <vector>

#include "face/landmarker.h"

namespace idmatch::liveness {

constexpr double kPi = 3.14159265358979323846;

// 68 points in iBUG order, in face units (inter-ocular distance 0.8), y down,
// z towards the camera.
inline std::vector<cv::Point3d> Head() {
  std::vector<cv::Point3d> p;
  for (int i = 0; i <= 16; ++i) {  // jaw: from one ear down to the chin and up
    const double t = i / 16.0, phi = (t - 0.5) * kPi * 0.95;
    p.emplace_back(0.95 * std::sin(phi), 0.05 + 0.95 * (1 - std::pow(std::abs(2 * t - 1), 1.6)),
                   -0.7 * (1 - std::cos(phi)));
  }
  for (int i = 0; i < 10; ++i) {  // brows
    const double x = -0.75 + 1.5 * (i < 5 ? i / 9.0 : (i + 0.0) / 9.0);
    p.emplace_back(x, -0.35, 0.1 - 0.3 * x * x);
  }
  for (int i = 0; i < 4; ++i) p.emplace_back(0, -0.25 + i * 0.17, 0.2 + i * 0.12);  // bridge to tip (30)
  for (int i = 0; i < 5; ++i) p.emplace_back(-0.2 + i * 0.1, 0.35, 0.3);            // nostrils
  for (const double cx : {-0.4, 0.4}) {                                             // eyes
    for (int i = 0; i < 6; ++i) {
      const double a = i * kPi / 3;
      p.emplace_back(cx + 0.15 * std::cos(a), -0.15 + 0.06 * std::sin(a), 0.1);
    }
  }
  for (int i = 0; i < 12; ++i) {  // outer lip
    const double a = i * kPi / 6;
    p.emplace_back(0.35 * std::cos(a), 0.65 + 0.12 * std::sin(a), 0.25);
  }
  for (int i = 0; i < 8; ++i) {  // inner lip
    const double a = i * kPi / 4;
    p.emplace_back(0.2 * std::cos(a), 0.65 + 0.05 * std::sin(a), 0.25);
  }
  return p;
}

// Rotated by yaw then pitch (degrees) about the face's centre, 6 units in
// front of a camera of focal length 500 px.
inline face::Landmarks68 Project(const std::vector<cv::Point3d>& points, double yaw_deg, double pitch_deg,
                                 double noise_px = 0, unsigned seed = 1) {
  const double y = yaw_deg * kPi / 180, x = pitch_deg * kPi / 180;
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, noise_px);
  face::Landmarks68 out;
  for (size_t i = 0; i < points.size(); ++i) {
    const cv::Point3d q = points[i] - cv::Point3d(0, 0.3, 0);
    const cv::Point3d r1(q.x * std::cos(y) + q.z * std::sin(y), q.y, -q.x * std::sin(y) + q.z * std::cos(y));
    const cv::Point3d r2(r1.x, r1.y * std::cos(x) - r1.z * std::sin(x), r1.y * std::sin(x) + r1.z * std::cos(x));
    const double depth = 6 - r2.z;
    out[i] = cv::Point2f(static_cast<float>(320 + 500 * r2.x / depth + (noise_px > 0 ? noise(rng) : 0)),
                         static_cast<float>(240 + 500 * r2.y / depth + (noise_px > 0 ? noise(rng) : 0)));
  }
  return out;
}

// The same face as a flat picture: its frontal image laid on a plane (z = 0).
inline std::vector<cv::Point3d> Picture() {
  const face::Landmarks68 frontal = Project(Head(), 0, 0);
  std::vector<cv::Point3d> flat;
  for (const auto& p : frontal) flat.emplace_back((p.x - 320) / 500 * 6, (p.y - 240) / 500 * 6 + 0.3, 0);
  return flat;
}

}  // namespace idmatch::liveness
