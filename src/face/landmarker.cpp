#include "face/landmarker.h"

#include <opencv2/imgproc.hpp>

namespace idmatch::face {

Result<Landmarker> Landmarker::Create(const OnnxModel& model) {
  auto net = model.ForWorker({1, 1, kInputSize, kInputSize});
  if (!net.ok()) return net.status();
  Landmarker l;
  l.net_ = std::move(net).value();
  return l;
}

Landmarks68 Landmarker::Predict(const cv::Mat& bgr, const cv::Rect2f& box) {
  // Affine map box -> 64x64 (a crop and resize that tolerates boxes at the border).
  const double sx = kInputSize / std::max(1.0f, box.width);
  const double sy = kInputSize / std::max(1.0f, box.height);
  const cv::Matx23d to_crop(sx, 0, -box.x * sx, 0, sy, -box.y * sy);
  cv::Mat crop;
  cv::warpAffine(bgr, crop, to_crop, cv::Size(kInputSize, kInputSize), cv::INTER_AREA, cv::BORDER_CONSTANT);
  cv::Mat grey;
  cv::cvtColor(crop, grey, cv::COLOR_BGR2GRAY);
  // Input scaling x/256, as in the package's fr_landmark.js.
  const cv::Mat blob = cv::dnn::blobFromImage(grey, 1.0 / 256.0);
  const auto outs = net_.Run(blob);
  const float* v = outs[0].ptr<float>();
  Landmarks68 points;
  for (int i = 0; i < 68; ++i) {
    points[i] = {box.x + v[2 * i] * box.width, box.y + v[2 * i + 1] * box.height};
  }
  return points;
}

Landmarks5 ToFivePoints(const Landmarks68& p) {
  auto mean = [&](int first, int last) {
    cv::Point2f sum(0, 0);
    for (int i = first; i <= last; ++i) sum += p[i];
    return sum * (1.0f / float(last - first + 1));
  };
  return {mean(36, 41), mean(42, 47), p[30], p[48], p[54]};
}

}  // namespace idmatch::face
