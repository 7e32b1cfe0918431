#include "face/blazeface.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace idmatch::face {
namespace {

// Anchor layout of the 256x256 model: feature maps of stride 16 (16x16 cells,
// 2 anchors each) and stride 32 (8x8 cells, 6 anchors each).
struct AnchorLayer {
  int cells;
  int per_cell;
};
constexpr AnchorLayer kLayers[] = {{16, 2}, {8, 6}};
constexpr int kAnchors = 16 * 16 * 2 + 8 * 8 * 6;  // 896
constexpr int kRegressors = 16;                    // box cx, cy, w, h + 6 keypoints (x, y)
// MediaPipe clips the score logits to +-100 before the sigmoid.
constexpr float kLogitClip = 100.0f;

float Sigmoid(float logit) { return 1.0f / (1.0f + std::exp(-std::clamp(logit, -kLogitClip, kLogitClip))); }

}  // namespace

std::vector<BlazeFaceAnchor> BlazeFaceAnchors() {
  std::vector<BlazeFaceAnchor> anchors;
  anchors.reserve(kAnchors);
  for (const auto& layer : kLayers) {
    for (int y = 0; y < layer.cells; ++y) {
      for (int x = 0; x < layer.cells; ++x) {
        for (int k = 0; k < layer.per_cell; ++k) {
          anchors.push_back({(x + 0.5f) / layer.cells, (y + 0.5f) / layer.cells});
        }
      }
    }
  }
  return anchors;
}

Result<BlazeFaceDetector> BlazeFaceDetector::Create(const OnnxModel& model) {
  auto net = model.ForWorker({1, kInputSize, kInputSize, 3});
  if (!net.ok()) return net.status();
  BlazeFaceDetector d;
  d.net_ = std::move(net).value();
  d.anchors_ = BlazeFaceAnchors();
  return d;
}

void BlazeFaceDetector::RunWindow(const cv::Mat& scaled, cv::Point origin, double scale, float threshold,
                                  std::vector<DetectedBox>& out) {
  // Letterbox: the window padded right/bottom with black (MediaPipe pads with
  // zeros, which the normalisation maps to -1).
  const cv::Mat window = PaddedWindow(scaled, origin, {kInputSize, kInputSize}, cv::Scalar::all(0));
  cv::Mat rgb;
  cv::cvtColor(window, rgb, cv::COLOR_BGR2RGB);
  // NHWC float in [-1, 1]: x / 127.5 - 1.
  const int shape[] = {1, kInputSize, kInputSize, 3};
  cv::Mat blob(4, shape, CV_32F);
  rgb.convertTo(cv::Mat(kInputSize, kInputSize, CV_32FC3, blob.ptr<float>()), CV_32F, 1.0 / 127.5, -1.0);
  const auto outs = net_.Run(blob);
  // outs: scores of the 16x16 anchors, scores of the 8x8 ones, then their regressors.
  const float* scores[] = {outs[0].ptr<float>(), outs[1].ptr<float>()};
  const float* regs[] = {outs[2].ptr<float>(), outs[3].ptr<float>()};
  const int first_count = kLayers[0].cells * kLayers[0].cells * kLayers[0].per_cell;
  auto to_image = [&](float u, float v) {  // window-normalised -> image pixels
    return cv::Point2f(static_cast<float>((origin.x + u * kInputSize) / scale),
                       static_cast<float>((origin.y + v * kInputSize) / scale));
  };
  for (int i = 0; i < kAnchors; ++i) {
    const int layer = i < first_count ? 0 : 1;
    const int j = layer == 0 ? i : i - first_count;
    const float s = Sigmoid(scores[layer][j]);
    if (s < threshold) continue;
    const float* r = regs[layer] + j * kRegressors;
    const auto& a = anchors_[i];
    const float cx = a.x + r[0] / kInputSize, cy = a.y + r[1] / kInputSize;
    const float w = r[2] / kInputSize, h = r[3] / kInputSize;
    const cv::Point2f top_left = to_image(cx - w / 2, cy - h / 2);
    const cv::Point2f bottom_right = to_image(cx + w / 2, cy + h / 2);
    DetectedBox d{cv::Rect2f(top_left, bottom_right), s, 0, h * kInputSize, {}};
    for (int k = 0; k < kBfCount; ++k) {
      d.keypoints.push_back(to_image(a.x + r[4 + 2 * k] / kInputSize, a.y + r[5 + 2 * k] / kInputSize));
    }
    out.push_back(std::move(d));
  }
}

std::vector<DetectedBox> BlazeFaceDetector::Detect(const cv::Mat& bgr, const DetectorOptions& options) {
  return DetectAtScales(bgr, options, {kInputSize, kInputSize},
                        [&](const cv::Mat& scaled, cv::Point origin, double scale, auto& out) {
                          RunWindow(scaled, origin, scale, options.blazeface_score_threshold, out);
                        });
}

}  // namespace idmatch::face
