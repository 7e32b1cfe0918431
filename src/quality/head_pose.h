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

// Head pose from the 68 landmarks alone (~0.01 ms): roll from the eye line,
// yaw and pitch from the nose tip's place between the jaw ends and between
// the eyes and mouth, mapped linearly onto fr_pose's angles (fit and errors in
// head_pose.cpp). Good enough to tell a frontal face from a turned one; the
// quality assessor asks the network whenever this says "not clearly frontal".
HeadPose HeadPoseFromLandmarks(const face::Landmarks68& points);

class HeadPoseModel {
 public:
  static constexpr int kInputSize = 224;
  static Result<HeadPoseModel> Create(const face::OnnxModel& model);
  HeadPose Estimate(const FaceSession& s);

 private:
  face::WorkerNet net_;
};

}  // namespace idmatch::quality
