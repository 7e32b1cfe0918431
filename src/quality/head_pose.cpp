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

Result<HeadPoseModel> HeadPoseModel::Create(const face::OnnxModel& model) {
  auto net = model.Instantiate({1, 3, kInputSize, kInputSize});
  if (!net.ok()) return net.status();
  HeadPoseModel m;
  m.spec_ = model.spec();
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
  const auto outs = face::RunNamed(net_, spec_, cv::dnn::blobFromImage(rgb));
  // Lock order: output (yaw), 617 (pitch), 618 (roll), as in fr_pose.js.
  return {ExpectedAngle(outs[0]), ExpectedAngle(outs[1]), ExpectedAngle(outs[2])};
}

}  // namespace idmatch::quality
