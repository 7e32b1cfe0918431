// Eye openness from fr_eye: a 24x24 grey crop per eye (square of side 1.6 x
// the eye's corner-to-corner width about the mean of its four lid points,
// iBUG points 36-41 / 42-47, as in the package's fr_eye.js), x/255. Output: 2
// logits. Class 0 = closed, class 1 = open: established on this machine, see
// docs/quality.md (open eyes of 64 real photos give P(class 0) < 0.02;
// the same eyes painted over with skin and a lid line give > 0.99).
//
// Thread contract: one EyeStateModel per worker thread (it owns a cv::dnn::Net).
#pragma once

#include <optional>

#include "face/onnx_model.h"
#include "quality/face_session.h"

namespace idmatch::quality {

class EyeStateModel {
 public:
  static constexpr int kInputSize = 24;
  // Corner-to-corner eye width below which the 24x24 crop is mostly
  // interpolation (eye distance ~13 px); the state is then not assessed.
  static constexpr float kMinEyeWidth = 6.0f;
  // Share of the eye crop at 0..5 or 250..255 above which it is not assessed
  // (bench/quality_curves: overexposure x2.5 read 7 of 12 open eyes as closed).
  static constexpr double kMaxClippedFraction = 0.3;
  static Result<EyeStateModel> Create(const face::OnnxModel& model);
  // Mean P(open) of the two eyes, 0..1; empty when an eye is too small or
  // not wholly inside the image.
  std::optional<float> OpenProbability(const FaceSession& s);

 private:
  std::optional<float> EyeOpen(const cv::Mat& bgr, const face::Landmarks68& p, int first);
  face::WorkerNet net_;
};

}  // namespace idmatch::quality
