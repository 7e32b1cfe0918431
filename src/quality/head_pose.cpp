#include "quality/head_pose.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace idmatch::quality {
namespace {

constexpr int kBins = 66;

float ExpectedAngle(const cv::Mat& logits) {
  const float* v = logits.ptr<float>();
  const float top = *std::max_element(v, v + kBins);
  double sum = 0, weighted = 0;
  for (int i = 0; i < kBins; ++i) {
    const double e = std::exp(double(v[i]) - top);
    sum += e;
    weighted += e * i;
  }
  return float(3.0 * weighted / sum - 99.0);
}

}  // namespace

HeadPose HeadPoseFromLandmarks(const face::Landmarks68& p) {
  // Level the face on its eye line (the roll), then read yaw from where the
  // nose tip sits between the jaw's ends (points 0 and 16) and pitch from
  // where it sits between the eye line and the mouth. Linear maps fitted by
  // least squares to fr_pose's angles on the 64 deepface photos, each also
  // mirrored and rotated by +20 and -25 degrees (252 faces): yaw r = 0.78,
  // RMSE 3.8 degrees; pitch r = 0.64, RMSE 5.2 degrees (docs/quality.md).
  constexpr double kYawPerRatio = -53.76, kYawOffset = -1.48;
  constexpr double kPitchPerRatio = -45.75, kPitchOffset = 16.89;
  const cv::Point2f left = (p[36] + p[39]) * 0.5f, right = (p[42] + p[45]) * 0.5f;
  const double roll = std::atan2(right.y - left.y, right.x - left.x);
  const double c = std::cos(-roll), s = std::sin(-roll);
  auto level = [&](cv::Point2f q) { return cv::Point2d(c * q.x - s * q.y, s * q.x + c * q.y); };
  const cv::Point2d l = level(left), r = level(right), nose = level(p[30]), jaw0 = level(p[0]), jaw16 = level(p[16]);
  const cv::Point2d mouth = level((p[48] + p[54]) * 0.5f);
  const double jaw_width = jaw16.x - jaw0.x, eye_y = (l.y + r.y) / 2, eye_to_mouth = mouth.y - eye_y;
  if (jaw_width <= 1e-3 || eye_to_mouth <= 1e-3) return {};
  const double yaw_ratio = (nose.x - jaw0.x) / jaw_width - 0.5;
  const double pitch_ratio = (nose.y - eye_y) / eye_to_mouth;
  return {float(kYawPerRatio * yaw_ratio + kYawOffset), float(kPitchPerRatio * pitch_ratio + kPitchOffset),
          float(roll * 180.0 / CV_PI)};
}

Result<HeadPoseModel> HeadPoseModel::Create(const face::OnnxModel& model) {
  auto net = model.ForWorker({1, 3, kInputSize, kInputSize});
  if (!net.ok()) return net.status();
  HeadPoseModel m;
  m.net_ = std::move(net).value();
  return m;
}

HeadPose HeadPoseModel::Estimate(const FaceSession& s) {
  const cv::Rect2f& b = s.box;
  const cv::Rect2f grown(b.x - b.width / 4, b.y - b.height / 4, b.width * 1.5f, b.height * 1.5f);
  const double sx = kInputSize / std::max(1.0f, grown.width), sy = kInputSize / std::max(1.0f, grown.height);
  const cv::Matx23d to_input(sx, 0, -grown.x * sx, 0, sy, -grown.y * sy);
  cv::Mat crop;
  cv::warpAffine(s.bgr, crop, to_input, cv::Size(kInputSize, kInputSize), sx < 1 ? cv::INTER_AREA : cv::INTER_LINEAR,
                 cv::BORDER_REPLICATE);
  cv::Mat rgb;
  cv::cvtColor(crop, rgb, cv::COLOR_BGR2RGB);
  rgb.convertTo(rgb, CV_32F, 1.0 / 255.0);
  cv::subtract(rgb, cv::Scalar(0.485, 0.456, 0.406), rgb);
  cv::divide(rgb, cv::Scalar(0.229, 0.224, 0.225), rgb);
  const auto outs = net_.Run(cv::dnn::blobFromImage(rgb));
  // Lock order: output (yaw), 617 (pitch), 618 (roll), as in fr_pose.js.
  return {ExpectedAngle(outs[0]), ExpectedAngle(outs[1]), ExpectedAngle(outs[2])};
}

}  // namespace idmatch::quality
