// Runs every quality measure of one face (the registry in assessor.cpp), each
// inside its own try/catch so a measure that throws reports NOT_ASSESSED
// instead of failing the request. Scores only; pass/fail is scoring.h's Judge.
//
// Thread contract: one QualityAssessor per worker thread (it owns networks).
#pragma once

#include "face/onnx_model.h"
#include "idmatch/types.h"
#include "quality/eye_state.h"
#include "quality/head_pose.h"

namespace idmatch::quality {

class QualityAssessor {
 public:
  static Result<QualityAssessor> Create(const face::OnnxModel& pose, const face::OnnxModel& eyes);
  FaceQuality Assess(const cv::Mat& bgr, const cv::Rect2f& box, const face::Landmarks68& points);

 private:
  QualityAssessor(HeadPoseModel pose, EyeStateModel eyes) : pose_(std::move(pose)), eyes_(std::move(eyes)) {}
  HeadPoseModel pose_;
  EyeStateModel eyes_;
};

}  // namespace idmatch::quality
