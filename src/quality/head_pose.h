// Head pose (yaw, pitch, roll in degrees) from fr_pose, a HopeNet-style
// network: 66 bins of 3 degrees per angle, expectation over the softmax,
// angle = 3 * E[bin] - 99 (the package's fr_pose.js). Input: the detector box
// grown by a quarter on every side, resized to 224x224, RGB, ImageNet mean/std.
// Signs, measured on the deepface photos (docs/quality.md): rotating the
// image counter-clockwise by 20 degrees moves roll by about -20; mirroring the
// image flips the sign of yaw.
//
// Thread contract: one HeadPoseModel per worker thread (it owns a cv::dnn::Net).
#pragma once

#include "face/onnx_model.h"
#include "quality/face_session.h"

namespace idmatch::quality {

struct HeadPose {
  float yaw = 0;
  float pitch = 0;
  float roll = 0;
};

class HeadPoseModel {
 public:
  static constexpr int kInputSize = 224;
  static Result<HeadPoseModel> Create(const face::OnnxModel& model);
  HeadPose Estimate(const FaceSession& s);

 private:
  models::LockedModel spec_;
  cv::dnn::Net net_;
};

}  // namespace idmatch::quality
