#include "quality/assessor.h"

#include <cmath>
#include <functional>
#include <optional>

#include "core/log.h"
#include "quality/measures.h"
#include "quality/scoring.h"

namespace idmatch::quality {
namespace {

// Below this fraction of the face inside the image the pose network sees a
// half face and the landmarks near the cut are extrapolated, so pose and eye
// state are guesses (bench/quality_curves: a 40% cut turned yaw on 3 of 12
// photos and "closed" 7 of 12 open eyes).
constexpr float kMinInFrameForPose = 0.75f;

}  // namespace

Result<QualityAssessor> QualityAssessor::Create(const face::OnnxModel& pose, const face::OnnxModel& eyes,
                                                bool always_network) {
  auto p = HeadPoseModel::Create(pose);
  if (!p.ok()) return p.status();
  auto e = EyeStateModel::Create(eyes);
  if (!e.ok()) return e.status();
  return QualityAssessor(std::move(p).value(), std::move(e).value(), always_network);
}

HeadPose QualityAssessor::EstimatePose(const FaceSession& session) {
  if (!always_network_) {
    const HeadPose fast = HeadPoseFromLandmarks(session.points);
    const auto* yaw = FindSpec("head_yaw");
    const auto* pitch = FindSpec("head_pitch");
    // Clearly frontal: both angles inside the range that scores 100.
    if (std::fabs(fast.yaw - yaw->centre) <= yaw->low.full &&
        std::fabs(fast.pitch - pitch->centre) <= pitch->low.full) {
      return fast;
    }
  }
  return pose_.Estimate(session);
}

std::optional<QualityAssessor::PoseAndEyes> QualityAssessor::Observe(const cv::Mat& bgr, const cv::Rect2f& box,
                                                                     const face::Landmarks68& points) {
  try {
    const FaceSession session = BuildFaceSession(bgr, box, points);
    // The network for every frame, never the cascade: a capture compares
    // angles across frames, and the cascade switches estimator at 10 degrees
    // (bench/challenge_eval: a photo the network reads at 20 degrees read 8
    // by the landmark estimate in a re-encoded copy, and the turn was lost).
    return PoseAndEyes{pose_.Estimate(session), eyes_.OpenProbability(session)};
  } catch (const std::exception& e) {
    IDMATCH_LOG_ERROR(std::string("pose and eye state failed: ") + e.what());
  }
  return std::nullopt;
}

FaceQuality QualityAssessor::Assess(const cv::Mat& bgr, const cv::Rect2f& box, const face::Landmarks68& points) {
  FaceQuality q;
  q.assessed = true;
  std::optional<FaceSession> session;
  try {
    session.emplace(BuildFaceSession(bgr, box, points));
  } catch (const std::exception& e) {
    IDMATCH_LOG_ERROR(std::string("quality session failed: ") + e.what());
  }
  // The pose network yields three measures; run it once, lazily.
  std::optional<HeadPose> pose;
  auto pose_angle = [&](float HeadPose::*angle) {
    if (!pose) pose = EstimatePose(*session);
    return RawMeasure{true, (*pose).*angle};
  };
  // The registry: one entry per measure, in the order of MeasureSpecs().
  const std::pair<std::string_view, std::function<RawMeasure()>> registry[] = {
      {"sharpness", [&] { return BlurIndex(*session); }},
      {"exposure", [&] { return MeanLuma(*session); }},
      {"contrast", [&] { return MichelsonContrast(*session); }},
      {"face_size", [&] { return EyeDistance(*session); }},
      {"head_yaw", [&] { return pose_angle(&HeadPose::yaw); }},
      {"head_pitch", [&] { return pose_angle(&HeadPose::pitch); }},
      {"head_roll", [&] { return pose_angle(&HeadPose::roll); }},
      {"eyes_open",
       [&] {
         const auto p = eyes_.OpenProbability(*session);
         return p ? RawMeasure{true, *p} : RawMeasure{};
       }},
      {"in_frame", [&] { return FractionInFrame(*session); }},
  };
  for (const auto& [name, measure] : registry) {
    RawMeasure raw;
    if (session) {
      try {
        raw = measure();
      } catch (const std::exception& e) {
        std::string msg = "quality measure ";
        msg.append(name).append(" failed: ").append(e.what());
        IDMATCH_LOG_ERROR(msg);
      }
    }
    q.measures.push_back(ScoreMeasure(*FindSpec(name), raw));
  }
  // Dependent measures: eye state cannot be judged on a face blurred past the
  // sharpness scale's zero; pose and eyes need most of the face in the image.
  auto unassess = [&](Measure m) { q.measures[Index(m)] = ScoreMeasure(MeasureSpecs()[Index(m)], {}); };
  const auto& sharpness = q.measures[Index(Measure::kSharpness)];
  if (sharpness.assessed && sharpness.score <= 0) unassess(Measure::kEyesOpen);
  const auto& in_frame = q.measures[Index(Measure::kInFrame)];
  if (in_frame.assessed && in_frame.value < kMinInFrameForPose) {
    for (Measure m : {Measure::kHeadYaw, Measure::kHeadPitch, Measure::kHeadRoll, Measure::kEyesOpen}) unassess(m);
  }
  return q;
}

}  // namespace idmatch::quality
