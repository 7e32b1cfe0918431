#include "face/embedder.h"

#include <cmath>
#include <opencv2/core.hpp>

namespace idmatch::face {

Result<Embedder> Embedder::Create(const OnnxModel& model) {
  auto net = model.Instantiate({1, 3, 112, 112});
  if (!net.ok()) return net.status();
  Embedder e;
  e.spec_ = model.spec();
  e.net_ = std::move(net).value();
  return e;
}

std::vector<float> Embedder::Embed(const cv::Mat& aligned_bgr, bool flip_augment) {
  // (x - 127) / 128 on RGB, as in the package's fr_feature.js.
  std::vector<cv::Mat> crops{aligned_bgr};
  if (flip_augment) {
    cv::Mat flipped;
    cv::flip(aligned_bgr, flipped, 1);
    crops.push_back(flipped);
  }
  // One forward pass for the crop and its mirror (batch of 2).
  const cv::Mat blob = cv::dnn::blobFromImages(crops, 1.0 / 128.0, cv::Size(), cv::Scalar::all(127.0), true);
  const auto outs = RunNamed(net_, spec_, blob);
  const cv::Mat rows = outs[0].reshape(1, static_cast<int>(crops.size()));
  cv::Mat sum = cv::Mat::zeros(1, kDim, CV_32F);
  for (int i = 0; i < rows.rows; ++i) {
    cv::Mat unit;
    cv::normalize(rows.row(i), unit);
    sum += unit;
  }
  cv::normalize(sum, sum);
  return std::vector<float>(sum.begin<float>(), sum.end<float>());
}

float Cosine(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size() || a.empty()) return 0.0f;
  double dot = 0, na = 0, nb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    dot += double(a[i]) * b[i];
    na += double(a[i]) * a[i];
    nb += double(b[i]) * b[i];
  }
  if (na <= 0 || nb <= 0) return 0.0f;
  return static_cast<float>(dot / std::sqrt(na * nb));
}

}  // namespace idmatch::face
