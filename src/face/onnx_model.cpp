#include "face/onnx_model.h"

#include <utility>

namespace idmatch::face {

Result<OnnxModel> OnnxModel::Load(const std::string& model_dir, const models::ModelLock& lock, std::string_view role) {
  const models::LockedModel* spec = lock.Find(role);
  if (spec == nullptr) {
    return Status(ErrorCode::kModelIntegrity, "models.lock has no model for role '" + std::string(role) + "'");
  }
  auto bytes = models::ReadVerifiedModel(model_dir, *spec);
  if (!bytes.ok()) return bytes.status();
  OnnxModel model;
  model.spec_ = *spec;
  model.bytes_ = std::move(bytes).value();
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
