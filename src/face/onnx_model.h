// A verified ONNX model file held in memory once, from which each worker
// instantiates its own cv::dnn::Net (a Net is not safe to run from two
// threads at once; the bytes are shared read-only).
#pragma once

#include <opencv2/dnn.hpp>
#include <string>
#include <vector>

#include "idmatch/status.h"
#include "models/model_lock.h"

namespace idmatch::face {

// Runs `net` on `blob` and returns the outputs named in the lock, in the
// lock's order (OpenCV's own output order differs from the graph's).
std::vector<cv::Mat> RunNamed(cv::dnn::Net& net, const models::LockedModel& spec, const cv::Mat& blob);

// One worker's network of one model with its lock entry: what every model
// wrapper holds. Not safe to Run() from two threads at once.
struct WorkerNet {
  models::LockedModel spec;
  cv::dnn::Net net;
  std::vector<cv::Mat> Run(const cv::Mat& blob) { return RunNamed(net, spec, blob); }
};

class OnnxModel {
 public:
  // Reads and SHA-256-checks the locked file for `role` under model_dir.
  static Result<OnnxModel> Load(const std::string& model_dir, const models::ModelLock& lock, std::string_view role);

  // A fresh network for one worker. Runs one forward pass on zeros of
  // `input_shape` to check the lock's input/output names and warm up; a
  // mismatch is kModelIntegrity.
  Result<cv::dnn::Net> Instantiate(const std::vector<int>& input_shape) const;

  // Instantiate() packaged with the lock entry for a model wrapper.
  Result<WorkerNet> ForWorker(const std::vector<int>& input_shape) const;

  const models::LockedModel& spec() const { return spec_; }

 private:
  models::LockedModel spec_;
  std::vector<uchar> bytes_;
};

}  // namespace idmatch::face
