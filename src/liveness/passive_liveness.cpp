#include "liveness/passive_liveness.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace idmatch::liveness {

cv::Rect2f LivenessCrop(const cv::Size& image, const cv::Rect2f& box) {
  const float cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  const float w = std::min(box.width * LivenessModel::kCropScale, float(image.width));
  const float h = std::min(box.height * LivenessModel::kCropScale, float(image.height));
  const float x = std::clamp(cx - w / 2, 0.0f, float(image.width) - w);
  const float y = std::clamp(cy - h / 2, 0.0f, float(image.height) - h);
  return {x, y, w, h};
}

Result<LivenessModel> LivenessModel::Create(const face::OnnxModel& model) {
  auto net = model.ForWorker({1, 3, kInputSize, kInputSize});
  if (!net.ok()) return net.status();
  LivenessModel m;
  m.net_ = std::move(net).value();
  return m;
}

std::optional<LivenessScores> LivenessModel::Classify(const cv::Mat& bgr, const cv::Rect2f& box) {
  // The crop lies inside the image, so a plain ROI + resize does it; area
  // averaging when shrinking keeps the fine texture the model looks at from
  // aliasing into false moire.
  const cv::Rect2f r = LivenessCrop(bgr.size(), box);
  const cv::Rect roi = cv::Rect(cv::Point(int(r.x), int(r.y)),
                                cv::Point(int(std::ceil(r.x + r.width)), int(std::ceil(r.y + r.height)))) &
                       cv::Rect(0, 0, bgr.cols, bgr.rows);
  if (roi.width < 2 || roi.height < 2) return std::nullopt;
  cv::Mat crop;
  const bool shrink = roi.width > kInputSize || roi.height > kInputSize;
  cv::resize(bgr(roi), crop, cv::Size(kInputSize, kInputSize), 0, 0, shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
  const auto outs = net_.Run(cv::dnn::blobFromImage(crop));
  const float* v = outs[0].ptr<float>();
  const float top = std::max({v[0], v[1], v[2]});
  std::array<double, 3> e{};
  double sum = 0;
  for (int i = 0; i < 3; ++i) sum += e[i] = std::exp(double(v[i]) - top);
  return LivenessScores{float(e[0] / sum), float(e[1] / sum), float(e[2] / sum)};
}

}  // namespace idmatch::liveness
