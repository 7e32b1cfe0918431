// MediaPipe BlazeFace (the "back" / full-range 256x256 model, Apache-2.0) as a
// Detector: NHWC RGB input in [-1, 1], 896 anchors (16x16 cells x 2, then 8x8
// cells x 6, at cell centres), boxes and six keypoints decoded against them.
// Geometry and decoding: ../shared/MODELS.md and MediaPipe's
// face_detection_full_range graph (SsdAnchorsCalculator, TensorsToDetections).
//
// Thread contract: one BlazeFaceDetector per worker thread.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "face/detector.h"

namespace idmatch::face {

// Keypoint order of the model, as they appear in the image of an upright face
// (the subject's right eye is on the image's left).
enum BlazeFaceKeypoint { kBfRightEye = 0, kBfLeftEye, kBfNose, kBfMouth, kBfRightEar, kBfLeftEar, kBfCount };

struct BlazeFaceAnchor {
  float x = 0, y = 0;  // centre, 0..1 of the input square
};

// The 896 anchors in the model's output order.
std::vector<BlazeFaceAnchor> BlazeFaceAnchors();

class BlazeFaceDetector final : public Detector {
 public:
  static constexpr int kInputSize = 256;

  static Result<BlazeFaceDetector> Create(const OnnxModel& model);
  std::vector<DetectedBox> Detect(const cv::Mat& bgr, const DetectorOptions& options) override;

 private:
  void RunWindow(const cv::Mat& scaled, cv::Point origin, double scale, float threshold, std::vector<DetectedBox>& out);

  WorkerNet net_;
  std::vector<BlazeFaceAnchor> anchors_;
};

}  // namespace idmatch::face
