// What the HTTP layer needs from the engine, and nothing more. The server
// depends on this interface instead of the concrete Engine, so its route
// tests (auth, 404, 413, 429, media types) run without loading models;
// EngineVerifier adapts the real engine for the service.
//
// Thread contract: implementations are thread-safe (Engine is).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "idmatch/engine.h"

namespace idmatch::server {

class Verifier {
 public:
  virtual ~Verifier() = default;
  virtual Result<CompareResult> Compare(std::string_view source, std::string_view target,
                                        const CompareOptions& options) const = 0;
  virtual Result<DetectResult> Detect(std::string_view image, const DetectOptions& options) const = 0;
  virtual Result<DocumentRead> ReadDocument(const std::vector<std::string_view>& sides) const = 0;
  virtual Result<CaptureResult> AssessCapture(const CaptureRequest& request) const = 0;
  // "npm-package@version,..." of the models, for answers and /readyz.
  virtual const std::string& model_versions() const = 0;
  virtual ModelProfile model_profile() const = 0;
  virtual float default_threshold() const = 0;
};

// The real engine behind the interface.
std::shared_ptr<Verifier> EngineVerifier(std::shared_ptr<Engine> engine);

}  // namespace idmatch::server
