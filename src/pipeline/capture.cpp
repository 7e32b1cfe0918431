#include "pipeline/capture.h"

#include <chrono>
#include <future>

#include "core/sha256.h"
#include "idmatch/types.h"
#include "liveness/capture_checks.h"
#include "pipeline/profile.h"

namespace idmatch::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kPassiveEvery = 3;

Result<liveness::FrameObservation> Observe(std::string_view bytes, size_t index, const CaptureSetup& setup) {
  AnalyzeOptions what;
  what.embed = EmbedWhich::kPrimary;
  // The passive model is one more signal, not a required check: every third
  // frame (4 of 12) gives its median and saves ~6 ms per frame on average
  // (bench/challenge_eval: 12 frames in ~300 ms, the budget).
  what.liveness = index % kPassiveEvery == 0;
  what.capture_frame = true;
  auto a = setup.analyze(bytes, what);
  const std::string which = "frame " + std::to_string(index + 1) + ": ";
  if (!a.ok()) return Status(a.status().code(), which + a.status().message());
  const int shorter = std::min(a->info.width, a->info.height);
  if (shorter < setup.rules.min_frame_side) {
    return Status(ErrorCode::kImageTooSmall, which + "the frame is " + std::to_string(a->info.width) + "x" +
                                                 std::to_string(a->info.height) + "; a capture frame needs " +
                                                 std::to_string(setup.rules.min_frame_side) +
                                                 " pixels or more on its shorter side");
  }
  liveness::FrameObservation o;
  o.digest = sha256::Hex(bytes);
  o.faces = static_cast<int>(a->faces.size());
  if (o.faces == 0) return o;
  o.points = a->primary_points;
  o.eye_distance = EyeDistance(a->faces[0]);
  for (size_t k = 1; k < a->faces.size(); ++k) {
    if (o.eye_distance > 0)
      o.other_face_ratio = std::max(o.other_face_ratio, EyeDistance(a->faces[k]) / o.eye_distance);
  }
  if (a->primary_motion) {
    o.yaw = a->primary_motion->pose.yaw;
    o.pitch = a->primary_motion->pose.pitch;
    o.eyes_open = a->primary_motion->eyes_open;
  }
  if (a->liveness) o.passive_live = 100.0f * a->liveness->live;
  if (!a->embeddings.empty()) o.embedding = std::move(a->embeddings[0]);
  return o;
}

}  // namespace

Result<CaptureResult> AssessCapture(const CaptureRequest& request, const CaptureSetup& setup) {
  const auto start = Clock::now();
  const size_t n = request.frames.size();
  if (n == 0) return Status(ErrorCode::kMissingField, "a capture needs its frames (one 'frame' part per image)");
  if (request.actions.empty()) return Status(ErrorCode::kMissingField, "a capture needs the challenge's actions");
  if (n > static_cast<size_t>(setup.rules.max_frames)) {
    return Status(ErrorCode::kInvalidArgument, "a capture has at most " + std::to_string(setup.rules.max_frames) +
                                                   " frames; " + std::to_string(n) + " were sent");
  }
  if (request.timestamps_ms.size() != n) {
    return Status(ErrorCode::kInvalidArgument, "timestamps_ms has " + std::to_string(request.timestamps_ms.size()) +
                                                   " values for " + std::to_string(n) + " frames");
  }
  // Two frames at a time: odd frames on a helper thread (its own model lease).
  std::vector<Result<liveness::FrameObservation>> seen(n, Status(ErrorCode::kInternal, "frame not analysed"));
  auto odd = setup.helpers.Submit([&] {
    for (size_t i = 1; i < n; i += 2) seen[i] = Observe(request.frames[i], i, setup);
  });
  for (size_t i = 0; i < n; i += 2) seen[i] = Observe(request.frames[i], i, setup);
  odd.get();
  std::vector<liveness::FrameObservation> observations;
  observations.reserve(n);
  for (auto& s : seen) {
    if (!s.ok()) return s.status();  // the first bad frame in capture order
    observations.push_back(std::move(s).value());
  }
  liveness::CaptureThresholds thresholds;
  thresholds.passive_threshold = setup.config.liveness.threshold;
  const ModelProfile profile = setup.config.model_profile;
  auto r = liveness::JudgeCapture(
      observations, request.timestamps_ms, request.actions, setup.rules, thresholds,
      [profile](const std::vector<float>& a, const std::vector<float>& b) { return ProfileSimilarity(profile, a, b); });
  r.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return r;
}

}  // namespace idmatch::pipeline
