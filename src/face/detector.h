// Face detectors behind one interface, and the multi-scale driver they share:
// the whole image letterboxed into the network's window once, then tiled
// passes at 2x and 4x that scale for small faces (document portraits),
// merged by NMS.
//
// Thread contract: one detector per worker thread (it owns a cv::dnn::Net).
#pragma once

#include <functional>
#include <opencv2/core.hpp>
#include <vector>

#include "face/onnx_model.h"
#include "idmatch/config.h"

namespace idmatch::face {

struct DetectedBox {
  cv::Rect2f box;  // image pixels
  float score = 0;
  int level = 0;  // pyramid level that found it (0 = whole image)
  // The box's height in the network's input pixels where it was found: how
  // many pixels the detector had to place its keypoints with.
  float input_height = 0;
  // Detector keypoints in image pixels when the detector has them (BlazeFace:
  // the BlazeFaceKeypoint order); empty for the SSD.
  std::vector<cv::Point2f> keypoints;
};

class Detector {
 public:
  virtual ~Detector() = default;
  // Faces in `bgr`, strongest first, after NMS. Never modifies `bgr`.
  virtual std::vector<DetectedBox> Detect(const cv::Mat& bgr, const DetectorOptions& options) = 0;
};

// The fr_detect SSD of the default profile (fixed 320x240 input, priors baked
// into the graph).
class FaceDetector final : public Detector {
 public:
  static constexpr int kInputWidth = 320;  // fixed by the model's baked priors
  static constexpr int kInputHeight = 240;

  static Result<FaceDetector> Create(const OnnxModel& model);
  std::vector<DetectedBox> Detect(const cv::Mat& bgr, const DetectorOptions& options) override;

 private:
  // Runs the net on one 320x240 window of `scaled` at `origin`; appends boxes
  // mapped back to image pixels through `scale` (scaled px per image px).
  void RunWindow(const cv::Mat& scaled, cv::Point origin, double scale, float threshold, std::vector<DetectedBox>& out);

  WorkerNet net_;
};

// Runs `window` over `bgr` at the levels DetectorOptions asks for. The
// callback gets the level's resized image, the window's top-left corner in
// it and the scale (level pixels per image pixel); it appends every box the
// network scores above its threshold, in image pixels, with `input_height`
// set. The driver keeps the plausible ones (centre outside the padding, at
// least 8 px, at tiled levels under 40% of the window: the same rules for
// every detector), stamps their level, merges them by SuppressOverlaps after
// each level and clips them to the image at the end.
using WindowRunner =
    std::function<void(const cv::Mat& scaled, cv::Point origin, double scale, std::vector<DetectedBox>& out)>;
std::vector<DetectedBox> DetectAtScales(const cv::Mat& bgr, const DetectorOptions& options, cv::Size window,
                                        const WindowRunner& run);

// The window at `origin` of `scaled`, padded right/bottom with `fill` to `size`.
cv::Mat PaddedWindow(const cv::Mat& scaled, cv::Point origin, cv::Size size, const cv::Scalar& fill);

// Greedy NMS on IoU, keeping the higher score; exposed for tests.
std::vector<DetectedBox> SuppressOverlaps(std::vector<DetectedBox> boxes, float iou_threshold);

}  // namespace idmatch::face
