// JSON of a challenge-response capture (docs/api.md, "Liveness challenges").
#include <cmath>

#include "api/json.h"

namespace idmatch::api {

namespace {

double Round(double v, double scale) { return std::round(v * scale) / scale; }

}  // namespace

nlohmann::json ToJson(const CaptureResult& r) {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : r.checks) {
    nlohmann::json j{
        {"name", c.name}, {"assessed", c.assessed}, {"passed", c.passed}, {"required", c.required}, {"unit", c.unit}};
    if (c.assessed) {
      j["value"] = Round(c.value, 1000);
      j["threshold"] = Round(c.threshold, 1000);
    }
    if (!c.reason.empty()) j["reason"] = c.reason;
    if (!c.detail.empty()) j["detail"] = c.detail;
    checks.push_back(std::move(j));
  }
  nlohmann::json frames = nlohmann::json::array();
  for (const auto& f : r.frames) {
    nlohmann::json j{{"faces", f.faces}};
    if (f.faces > 0) {
      j["yaw"] = Round(f.yaw, 10);
      j["pitch"] = Round(f.pitch, 10);
      j["eye_distance"] = Round(f.eye_distance, 10);
      if (f.eyes_open >= 0) j["eyes_open"] = Round(f.eyes_open, 100);
      if (f.passive_score >= 0) j["passive_score"] = Round(f.passive_score, 10);
      if (f.similarity >= 0) j["similarity"] = Round(f.similarity, 10);
      if (f.planar_residual >= 0) j["planar_residual"] = Round(f.planar_residual, 10000);
    }
    if (!f.action.empty()) j["action"] = f.action;
    frames.push_back(std::move(j));
  }
  return nlohmann::json{{"live", r.live},
                        {"score", Round(r.score, 10)},
                        {"reasons", r.reasons},
                        {"checks", std::move(checks)},
                        {"frames", std::move(frames)},
                        {"reference_frame", r.reference_frame},
                        {"best_frame", r.best_frame},
                        {"timings", {{"total_ms", Round(r.total_ms, 100)}}}};
}

}  // namespace idmatch::api
