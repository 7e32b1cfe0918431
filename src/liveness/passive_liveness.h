// Passive presentation-attack detection on one face (fr_liveness, 3 classes).
// Geometry and input, established on this machine (../shared/MODELS.md and
// docs/quality.md): the detector box scaled 2.7x about its centre, shrunk and
// shifted to stay inside the image, resized to 128x128, raw 0..255 BGR, NCHW;
// softmax over `output`. Class 0 = live. Class 1 = a re-captured medium: it
// rose on generated screen and phone-frame replays (mean 0.82 on phone
// frames) and on the few generated prints that were caught. Class 2 stayed
// below 0.01 on every generated attack, so its meaning is not established
// (bench/liveness_eval, docs/quality.md).
//
// Thread contract: one LivenessModel per worker thread (it owns a cv::dnn::Net).
#pragma once

#include <array>
#include <optional>

#include "face/onnx_model.h"

namespace idmatch::liveness {

struct LivenessScores {
  float live = 0;       // P(class 0)
  float recapture = 0;  // P(class 1)
  float other = 0;      // P(class 2)
};

class LivenessModel {
 public:
  static constexpr int kInputSize = 128;
  static constexpr float kCropScale = 2.7f;
  static Result<LivenessModel> Create(const face::OnnxModel& model);
  // Empty when the crop is too small to classify.
  std::optional<LivenessScores> Classify(const cv::Mat& bgr, const cv::Rect2f& box);

 private:
  face::WorkerNet net_;
};

// The crop rectangle Classify uses (exposed for tests).
cv::Rect2f LivenessCrop(const cv::Size& image, const cv::Rect2f& box);

}  // namespace idmatch::liveness
