#include "face/onnx_model.h"

#include <fstream>

#include "core/sha256.h"

namespace idmatch::face {

Result<OnnxModel> OnnxModel::Load(const std::string& model_dir, const models::ModelLock& lock, std::string_view role) {
  const models::LockedModel* spec = lock.Find(role);
  if (spec == nullptr) {
    return Status(ErrorCode::kModelIntegrity, "models.lock has no model for role '" + std::string(role) + "'");
  }
  auto path = models::VerifiedModelPath(model_dir, *spec);
  if (!path.ok()) return path.status();
  // One sized read: a byte-at-a-time iterator copy took ~5 s per engine in the
  // unoptimised ASan build (most of each sample test's start-up).
  std::ifstream in(*path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in ? std::streamoff(in.tellg()) : -1;
  OnnxModel model;
  model.spec_ = *spec;
  if (size >= 0) {
    model.bytes_.resize(size_t(size));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(model.bytes_.data()), size);
    if (!in) model.bytes_.clear();  // fails the SHA-256 re-check below
  }
  // Re-check what was actually read, so a file swapped after the first check is caught.
  const std::string_view view(reinterpret_cast<const char*>(model.bytes_.data()), model.bytes_.size());
  if (sha256::Hex(view) != spec->sha256) {
    return Status(ErrorCode::kModelIntegrity, "model file " + *path + " changed while it was being read");
  }
  return model;
}

Result<cv::dnn::Net> OnnxModel::Instantiate(const std::vector<int>& input_shape) const {
  try {
    cv::dnn::Net net = cv::dnn::readNetFromONNX(bytes_);
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    const auto outputs = RunNamed(net, spec_, cv::Mat(input_shape, CV_32F, cv::Scalar(0)));
    if (outputs.size() != spec_.outputs.size()) throw cv::Exception();
    return net;
  } catch (const cv::Exception& e) {
    return Status(ErrorCode::kModelIntegrity, "model '" + spec_.role + "' (" + spec_.path +
                                                  ") does not load with input '" + spec_.input +
                                                  "' and the outputs named in models.lock: " + e.what());
  }
}

Result<WorkerNet> OnnxModel::ForWorker(const std::vector<int>& input_shape) const {
  auto net = Instantiate(input_shape);
  if (!net.ok()) return net.status();
  return WorkerNet{spec_, std::move(net).value()};
}

std::vector<cv::Mat> RunNamed(cv::dnn::Net& net, const models::LockedModel& spec, const cv::Mat& blob) {
  net.setInput(blob, spec.input);
  std::vector<cv::Mat> outs;
  std::vector<cv::String> names(spec.outputs.begin(), spec.outputs.end());
  net.forward(outs, names);
  return outs;
}

}  // namespace idmatch::face
