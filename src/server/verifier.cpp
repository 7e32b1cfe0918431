#include "server/verifier.h"

namespace idmatch::server {
namespace {

class EngineAdapter final : public Verifier {
 public:
  explicit EngineAdapter(std::shared_ptr<Engine> engine) : engine_(std::move(engine)) {}
  Result<CompareResult> Compare(std::string_view source, std::string_view target,
                                const CompareOptions& options) const override {
    return engine_->Compare(source, target, options);
  }
  Result<DetectResult> Detect(std::string_view image, const DetectOptions& options) const override {
    return engine_->Detect(image, options);
  }
  Result<DocumentRead> ReadDocument(const std::vector<std::string_view>& sides) const override {
    return engine_->ReadDocument(sides);
  }
  Result<CaptureResult> AssessCapture(const CaptureRequest& request) const override {
    return engine_->AssessCapture(request);
  }
  const std::string& model_versions() const override { return engine_->model_versions(); }
  ModelProfile model_profile() const override { return engine_->model_profile(); }
  float default_threshold() const override { return engine_->default_threshold(); }

 private:
  std::shared_ptr<Engine> engine_;
};

}  // namespace

std::shared_ptr<Verifier> EngineVerifier(std::shared_ptr<Engine> engine) {
  return std::make_shared<EngineAdapter>(std::move(engine));
}

}  // namespace idmatch::server
