#include "idmatch/config.h"

#include <string>

namespace idmatch {
namespace {

Status Bad(const std::string& field, const std::string& rule) {
  return Status(ErrorCode::kConfigInvalid, "configuration " + field + " " + rule);
}

}  // namespace

Status EngineConfig::Validate() const {
  if (limits.max_bytes < 1024 || limits.max_bytes > 256u * 1024 * 1024)
    return Bad("limits.max_bytes", "must be between 1 KiB and 256 MiB");
  if (limits.max_pixels < 10'000 || limits.max_pixels > 400'000'000)
    return Bad("limits.max_pixels", "must be between 10000 and 400000000");
  if (limits.max_side < 64 || limits.max_side > 65'535) return Bad("limits.max_side", "must be between 64 and 65535");
  if (limits.min_side < 1 || limits.min_side > limits.max_side)
    return Bad("limits.min_side", "must be between 1 and limits.max_side");
  if (!(detector.score_threshold > 0.0f && detector.score_threshold < 1.0f))
    return Bad("detector.score_threshold", "must be in (0, 1)");
  if (!(detector.nms_iou > 0.0f && detector.nms_iou < 1.0f)) return Bad("detector.nms_iou", "must be in (0, 1)");
  if (detector.max_level < 0 || detector.max_level > 3) return Bad("detector.max_level", "must be 0..3");
  if (detector.always_run_levels < 0 || detector.always_run_levels > 3)
    return Bad("detector.always_run_levels", "must be 0..3");
  if (!(detector.primary_score_margin >= 0.0f && detector.primary_score_margin <= 1.0f))
    return Bad("detector.primary_score_margin", "must be in [0, 1]");
  if (!(match_threshold >= 0.0f && match_threshold <= 100.0f)) return Bad("match_threshold", "must be in [0, 100]");
  if (!(liveness.threshold >= 0.0f && liveness.threshold <= 100.0f))
    return Bad("liveness.threshold", "must be in [0, 100]");
  if (document.minimum_age < 0 || document.minimum_age > 150) return Bad("document.minimum_age", "must be 0..150");
  if (max_faces < 1 || max_faces > 100) return Bad("max_faces", "must be 1..100");
  if (workers < 1 || workers > 64) return Bad("workers", "must be 1..64");
  if (opencv_threads < 0 || opencv_threads > 64) return Bad("opencv_threads", "must be 0..64");
  return Status::Ok();
}

}  // namespace idmatch
