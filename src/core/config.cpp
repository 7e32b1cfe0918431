#include "idmatch/config.h"

#include <string>

#include "core/engine_settings.h"

namespace idmatch {

Result<SimilarityThreshold> SimilarityThreshold::Make(double value, std::string_view what) {
  if (!(value >= kMin && value <= kMax)) {
    return Status(ErrorCode::kInvalidArgument, std::string(what) + " must be a number between 0 and 100");
  }
  return SimilarityThreshold(static_cast<float>(value));
}

const std::vector<SettingRow<EngineConfig>>& EngineSettings() {
  using C = EngineConfig;
  constexpr auto kWhole = SettingKind::kWhole;
  constexpr auto kNumber = SettingKind::kNumber;
  static const std::vector<SettingRow<C>> rows = [] {
    std::vector<SettingRow<C>> r;
    r.push_back(ChoiceSetting<C>(
        "model_profile", {"default", "open", "fusion"}, "default",
        "the face models: `default` (faceplugin), `open` (BlazeFace + dlib, stated licences), "
        "`fusion` (both embedders); all answer on one calibrated similarity scale (docs/models.md)",
        [](auto& c) -> auto& { return c.model_profile; }));
    r.back().aliases = {"--profile"};
    r.back().common = true;
    r.push_back(NumberSetting<C>(
        "match_threshold", kNumber, SimilarityThreshold::kMin, SimilarityThreshold::kMax, "0 (= 80)",
        "decision threshold on the calibrated 0-100 similarity scale: 80 = estimated false-match rate "
        "1e-4, each 10 points 10x fewer; 0 = 80 (docs/accuracy.md)",
        [](auto& c) -> auto& { return c.match_threshold; }));
    r.back().aliases = {"--threshold"};
    r.back().common = true;
    r.push_back(TextSetting<C>(
        "model_dir", "`~/.cache/idmatch/models`", "where the verified model packages are unpacked",
        [](auto& c) -> auto& { return c.model_dir; }));
    r.back().common = true;
    r.push_back(NumberSetting<C>(
        "max_image_bytes", kWhole, 1024, 256.0 * 1024 * 1024, "15728640 (15 MiB)",
        "encoded bytes per image; larger: 413 IMAGE_TOO_LARGE", [](auto& c) -> auto& { return c.limits.max_bytes; }));
    r.back().common = true;
    r.push_back(NumberSetting<C>(
        "max_image_pixels", kWhole, 10'000, 400'000'000, "50000000",
        "pixels an image header may declare, checked before decoding",
        [](auto& c) -> auto& { return c.limits.max_pixels; }));
    r.push_back(NumberSetting<C>(
        "max_image_side", kWhole, 64, 65'535, "20000", "longest side an image may declare, px",
        [](auto& c) -> auto& { return c.limits.max_side; }));
    r.push_back(NumberSetting<C>(
        "min_image_side", kWhole, 1, 65'535, "16",
        "shortest side, px (at most `max_image_side`); smaller: 400 IMAGE_TOO_SMALL",
        [](auto& c) -> auto& { return c.limits.min_side; }));
    r.push_back(NumberSetting<C>(
        "detector_score_threshold", kNumber, 0.01, 0.99, "0.7", "minimum face-detector confidence (fr_detect SSD)",
        [](auto& c) -> auto& { return c.detector.score_threshold; }));
    r.push_back(NumberSetting<C>(
        "blazeface_score_threshold", kNumber, 0.01, 0.99, "0.5", "minimum BlazeFace score (`open` and `fusion`)",
        [](auto& c) -> auto& { return c.detector.blazeface_score_threshold; }));
    r.push_back(NumberSetting<C>(
        "detector_nms_iou", kNumber, 0.01, 0.99, "0.4", "overlap above which two detections are one face",
        [](auto& c) -> auto& { return c.detector.nms_iou; }));
    r.push_back(SwitchSetting<C>(
        "detector_exhaustive", "false", "run every tiled detection level, not only until a face is found",
        [](auto& c) -> auto& { return c.detector.exhaustive; }));
    r.push_back(NumberSetting<C>(
        "detector_max_level", kWhole, 0, 3, "2", "finest tiled level: 0 whole image, 1 adds 2x tiles, 2 adds 4x tiles",
        [](auto& c) -> auto& { return c.detector.max_level; }));
    r.push_back(NumberSetting<C>(
        "detector_always_run_levels", kWhole, 0, 3, "0",
        "levels run even after a face was found (while every face is small)",
        [](auto& c) -> auto& { return c.detector.always_run_levels; }));
    r.push_back(NumberSetting<C>(
        "detector_primary_score_margin", kNumber, 0, 1, "0.03",
        "detections this close to the best score compete for primary by size and centre",
        [](auto& c) -> auto& { return c.detector.primary_score_margin; }));
    r.push_back(NumberSetting<C>(
        "max_faces", kWhole, 1, 100, "20", "faces per image that are landmarked and embedded",
        [](auto& c) -> auto& { return c.max_faces; }));
    r.push_back(ChoiceSetting<C>(
        "flip_augment", {"none", "target", "both"}, "none",
        "add a mirrored-face embedding: wider margin, ~20% less throughput "
        "(docs/accuracy.md)",
        [](auto& c) -> auto& { return c.flip_augment; }));
    r.back().aliases = {"--flip"};
    r.push_back(SwitchSetting<C>(
        "resolution_matching", "false",
        "embed the selfie again at a small ID portrait's resolution before comparing; measured no better "
        "at a fixed false-match rate (docs/accuracy.md)",
        [](auto& c) -> auto& { return c.resolution_matching; }));
    r.push_back(SwitchSetting<C>(
        "greyscale_matching", "true",
        "open and fusion profiles: embed the selfie again in greyscale when the ID portrait has no colour "
        "(the default profile embeds every face in greyscale; docs/accuracy.md)",
        [](auto& c) -> auto& { return c.greyscale_matching; }));
    r.push_back(SwitchSetting<C>(
        "quality", "true", "the nine face-quality measures on every face (docs/quality.md)",
        [](auto& c) -> auto& { return c.assess_quality; }));
    r.push_back(ChoiceSetting<C>(
        "head_pose", {"cascade", "network"}, "cascade",
        "`cascade`: landmark estimate, the pose network only for faces not clearly frontal; "
        "`network`: always the network (+15 ms per face)",
        [](auto& c) -> auto& { return c.head_pose; }));
    r.push_back(SwitchSetting<C>(
        "liveness", "true", "passive liveness on every compare's selfie (a request may send `\"liveness\": false`)",
        [](auto& c) -> auto& { return c.liveness.enabled; }));
    r.back().common = true;
    r.push_back(NumberSetting<C>(
        "liveness_threshold", kNumber, 0, 100, "50", "live when 100 x P(live) reaches it (docs/quality.md)",
        [](auto& c) -> auto& { return c.liveness.threshold; }));
    r.push_back(SwitchSetting<C>(
        "document_in_compare", "false",
        "read every compare target as an ID document (a request may send `\"document\": "
        "true`; a miss costs ~42 ms, docs/document.md)",
        [](auto& c) -> auto& { return c.document.read_in_compare; }));
    r.push_back(NumberSetting<C>(
        "document_minimum_age", kWhole, 0, 150, "18", "years, for the `minimum_age` document check",
        [](auto& c) -> auto& { return c.document.minimum_age; }));
    r.back().aliases = {"--min-age"};
    r.push_back(NumberSetting<C>(
        "workers", kWhole, 1, 64, "2", "model sets: images processed at once",
        [](auto& c) -> auto& { return c.workers; }));
    r.push_back(NumberSetting<C>(
        "opencv_threads", kWhole, 0, 64, "0 (all cores)", "OpenCV's own thread pool size",
        [](auto& c) -> auto& { return c.opencv_threads; }));
    return r;
  }();
  return rows;
}

Status EngineConfig::Validate() const {
  if (Status s = CheckRanges(EngineSettings(), *this); !s.ok()) return s;
  if (limits.min_side > limits.max_side)
    return Status(ErrorCode::kConfigInvalid, "configuration 'min_image_side' must not exceed 'max_image_side'");
  return Status::Ok();
}

}  // namespace idmatch
