// 68-point landmarks (fr_landmark: 64x64 grey crop of the detector box) and
// their reduction to the five ArcFace alignment points.
//
// Thread contract: one Landmarker per worker thread (it owns a cv::dnn::Net).
#pragma once

#include <array>
#include <opencv2/core.hpp>

#include "face/onnx_model.h"

namespace idmatch::face {

using Landmarks68 = std::array<cv::Point2f, 68>;
using Landmarks5 = std::array<cv::Point2f, 5>;

// 68 iBUG points for a detected face. Every profile uses fr_landmark today
// (the quality measures are calibrated on its points); the alignment points a
// detector supplies itself (BlazeFace's keypoints) travel in FacePoints.
class FaceLandmarker {
 public:
  virtual ~FaceLandmarker() = default;
  // Landmarks in image pixels for the face in `box`.
  virtual Landmarks68 Predict(const cv::Mat& bgr, const cv::Rect2f& box) = 0;
};

// fr_landmark: 64x64 grey crop of the box.
class Landmarker final : public FaceLandmarker {
 public:
  static constexpr int kInputSize = 64;

  static Result<Landmarker> Create(const OnnxModel& model);

  // The crop is the box itself (the geometry the network was trained with,
  // see fr_landmark.js); parts outside the image read as black.
  Landmarks68 Predict(const cv::Mat& bgr, const cv::Rect2f& box) override;

 private:
  WorkerNet net_;
};

// iBUG-68 -> 5: eye centres are the means of points 36-41 and 42-47, nose tip
// is 30, mouth corners 48 and 54 (0-based, iBUG 300-W numbering).
Landmarks5 ToFivePoints(const Landmarks68& points);

}  // namespace idmatch::face
