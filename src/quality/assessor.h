// Runs every quality measure of one face (the registry in assessor.cpp), each
// inside its own try/catch so a measure that throws reports NOT_ASSESSED
// instead of failing the request. Scores only; pass/fail is scoring.h's Judge.
//
// Thread contract: one QualityAssessor per worker thread (it owns networks).
#pragma once

#include <optional>

#include "face/onnx_model.h"
#include "idmatch/types.h"
#include "quality/eye_state.h"
#include "quality/head_pose.h"

namespace idmatch::quality {

class QualityAssessor {
 public:
  // `always_network`: skip the landmark estimate and run fr_pose on every face.
  static Result<QualityAssessor> Create(const face::OnnxModel& pose, const face::OnnxModel& eyes, bool always_network);
  FaceQuality Assess(const cv::Mat& bgr, const cv::Rect2f& box, const face::Landmarks68& points);

  // Signed head pose and eye openness of one face, for a liveness capture's
  // action checks: fr_pose always (not the cascade: one estimator for every
  // frame) and the eyes_open measure's model. Empty when the face's session
  // cannot be built.
  struct PoseAndEyes {
    HeadPose pose;
    std::optional<float> eyes_open;  // mean P(open)
  };
  std::optional<PoseAndEyes> Observe(const cv::Mat& bgr, const cv::Rect2f& box, const face::Landmarks68& points);

 private:
  QualityAssessor(HeadPoseModel pose, EyeStateModel eyes, bool always_network)
      : pose_(std::move(pose)), eyes_(std::move(eyes)), always_network_(always_network) {}
  HeadPose EstimatePose(const FaceSession& session);
  HeadPoseModel pose_;
  EyeStateModel eyes_;
  bool always_network_ = false;
};

}  // namespace idmatch::quality
