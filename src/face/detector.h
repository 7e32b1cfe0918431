// Multi-scale face detection with the fr_detect SSD (fixed 320x240 input,
// priors baked into the graph): the whole image letterboxed once, then tiled
// passes at 2x and 4x that scale for small faces, merged by NMS.
//
// Thread contract: one FaceDetector per worker thread (it owns a cv::dnn::Net).
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "face/onnx_model.h"
#include "idmatch/config.h"

namespace idmatch::face {

struct DetectedBox {
  cv::Rect2f box;  // image pixels
  float score = 0;
  int level = 0;  // pyramid level that found it (0 = whole image)
};

class FaceDetector {
 public:
  static constexpr int kInputWidth = 320;  // fixed by the model's baked priors
  static constexpr int kInputHeight = 240;

  static Result<FaceDetector> Create(const OnnxModel& model);

  // Faces in `bgr`, strongest first, after NMS. Never modifies `bgr`.
  std::vector<DetectedBox> Detect(const cv::Mat& bgr, const DetectorOptions& options);

 private:
  // Runs the net on one 320x240 window of `scaled` at `origin`; appends boxes
  // mapped back to image pixels through `scale` (scaled px per image px).
  void RunWindow(const cv::Mat& scaled, cv::Point origin, double scale, int level, float threshold,
                 std::vector<DetectedBox>& out);

  models::LockedModel spec_;
  cv::dnn::Net net_;
};

// Greedy NMS on IoU, keeping the higher score; exposed for tests.
std::vector<DetectedBox> SuppressOverlaps(std::vector<DetectedBox> boxes, float iou_threshold);

}  // namespace idmatch::face
