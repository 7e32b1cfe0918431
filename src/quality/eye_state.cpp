#include "quality/eye_state.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace idmatch::quality {

Result<EyeStateModel> EyeStateModel::Create(const face::OnnxModel& model) {
  auto net = model.ForWorker({1, 1, kInputSize, kInputSize});
  if (!net.ok()) return net.status();
  EyeStateModel m;
  m.net_ = std::move(net).value();
  return m;
}

std::optional<float> EyeStateModel::EyeOpen(const cv::Mat& bgr, const face::Landmarks68& p, int first) {
  const cv::Point2f inner_to_outer = p[first + 3] - p[first];
  const float width = float(cv::norm(inner_to_outer));
  if (width < kMinEyeWidth) return std::nullopt;
  const cv::Point2f centre = (p[first + 1] + p[first + 2] + p[first + 4] + p[first + 5]) * 0.25f;
  const float side = width * 1.6f;
  // Square about the eye, rotated so the eye corners are level (the package
  // crops axis-aligned; levelling keeps a tilted head from reading as closed).
  const double angle = std::atan2(inner_to_outer.y, inner_to_outer.x);
  const double k = kInputSize / side, c = std::cos(angle) * k, s = std::sin(angle) * k;
  const double half = kInputSize / 2.0;
  const cv::Matx23d to_input(c, s, half - (c * centre.x + s * centre.y), -s, c, half - (-s * centre.x + c * centre.y));
  // The whole square must be in the image, or the eye is not visible enough to judge.
  cv::Matx23d back;
  cv::invertAffineTransform(to_input, back);
  for (auto [x, y] : {std::pair{0.0, 0.0}, {24.0, 0.0}, {0.0, 24.0}, {24.0, 24.0}}) {
    const cv::Vec2d q = back * cv::Vec3d(x, y, 1.0);
    if (q[0] < 0 || q[1] < 0 || q[0] >= bgr.cols || q[1] >= bgr.rows) return std::nullopt;
  }
  cv::Mat crop, grey;
  cv::warpAffine(bgr, crop, to_input, cv::Size(kInputSize, kInputSize), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::cvtColor(crop, grey, cv::COLOR_BGR2GRAY);
  // A clipped eye (blown highlights or crushed shadows) has no state to see.
  const double clipped = (cv::countNonZero(grey >= 250) + cv::countNonZero(grey <= 5)) / double(grey.total());
  if (clipped > kMaxClippedFraction) return std::nullopt;
  // Stretch the crop's own range to 0..255 so exposure and contrast (which
  // have their own measures) do not read as a closed eye.
  cv::normalize(grey, grey, 0, 255, cv::NORM_MINMAX);
  const auto outs = net_.Run(cv::dnn::blobFromImage(grey, 1.0 / 255.0));
  const float* v = outs[0].ptr<float>();
  // Softmax of two logits: P(open) = 1 / (1 + exp(closed - open)).
  return float(1.0 / (1.0 + std::exp(double(v[0]) - double(v[1]))));
}

std::optional<float> EyeStateModel::OpenProbability(const FaceSession& s) {
  const auto left = EyeOpen(s.bgr, s.points, 36), right = EyeOpen(s.bgr, s.points, 42);
  if (!left || !right) return std::nullopt;
  // The mean, not the minimum: one eye's crop alone flipped "closed" on 1-2
  // of 12 open-eyed photos under mild degradations (bench/quality_curves).
  return (*left + *right) / 2;
}

}  // namespace idmatch::quality
