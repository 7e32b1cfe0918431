// Every tunable of the engine in one place, with its unit, default and the
// reason for the default. Validate() is called by Engine::Create; a bad value
// stops start-up with a message naming the field.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "idmatch/status.h"

namespace idmatch {

// A decision threshold on a profile's 0..100 similarity scale. Make() is the
// one place its range is checked (requests, configuration and CLI flags all
// build thresholds through it).
class SimilarityThreshold {
 public:
  static constexpr float kMin = 0.0f;
  static constexpr float kMax = 100.0f;
  // kInvalidArgument "<what> must be a number between 0 and 100" outside
  // [kMin, kMax] or for NaN.
  static Result<SimilarityThreshold> Make(double value, std::string_view what = "similarity_threshold");
  float value() const { return value_; }

 private:
  explicit SimilarityThreshold(float value) : value_(value) {}
  float value_;
};

struct ImageLimits {
  // Encoded bytes per image. 15 MiB holds a 50 MP JPEG at high quality and
  // any phone HEIC; larger uploads are almost always mistakes or attacks.
  size_t max_bytes = 15u * 1024 * 1024;
  // Pixels declared by the header, checked before decoding (decompression
  // bombs). 50 MP covers every current phone camera's default mode.
  int64_t max_pixels = 50'000'000;
  // Longest side declared by the header, pixels (a 1 x 50M strip is a bomb too).
  int max_side = 20'000;
  // Shortest side, pixels: below this no face can be detected (the detector's
  // smallest anchor is 10 px at 320x240).
  int min_side = 16;
};

struct DetectorOptions {
  // Minimum detector confidence. 0.7 is the value measured with this model in
  // ../shared/MODELS.md (the package's JS uses 0.65); raising it loses small
  // document portraits, lowering it admits background blobs.
  float score_threshold = 0.7f;
  // Minimum BlazeFace score (sigmoid of its logit) in the `open` and `fusion`
  // profiles. 0.5 is MediaPipe's own min_score_thresh for its face detection
  // graphs; docs/models.md has what it finds on the deepface photos and the
  // generated ID cards.
  float blazeface_score_threshold = 0.5f;
  // IoU above which two boxes are the same face (the package's value).
  float nms_iou = 0.4f;
  // Tiled passes at 2x and 4x the whole-image scale find faces down to ~20 px
  // in a 2000 px photo. "auto" runs a finer level only while no face has been
  // found yet; "always" runs every level (detect-everything mode).
  bool exhaustive = false;
  // Finest level: 0 = whole image only, 1 = add 2x tiles, 2 = add 4x tiles.
  int max_level = 2;
  // Levels run even when a coarser one found a face, as long as every face
  // found is under a quarter of the image height. 0 for selfies; the engine
  // uses 1 for the document photo so the ghost portrait (about half the
  // portrait's height) is found next to the portrait.
  int always_run_levels = 0;
  // Faces whose score is within this margin of the best score compete for
  // "primary" by size and centrality; weaker ones cannot be primary. 0.03 is
  // from ../shared/MODELS.md (deepface img41: a 0.95 background box).
  float primary_score_margin = 0.03f;
};

// Passive liveness (presentation-attack detection) on the selfie.
struct LivenessOptions {
  // On for every compare unless a request turns it off.
  bool enabled = true;
  // Live when 100 * P(live) >= threshold. 50 is the model's own decision
  // boundary (argmax of live vs. spoof); the APCER/BPCER it gives on real
  // selfies and generated attacks are in docs/quality.md.
  float threshold = 50.0f;
};

// Reading the target of a compare as an ID document (docs/document.md).
struct DocumentOptions {
  // Read the compare target as an ID document (PDF417 barcode / MRZ) and
  // return a `document` section; a request's `document` flag overrides it.
  // Off by default: on a target that is not a document the read is a miss
  // that costs 42 ms on the target's thread (bench_compare: 41 -> 71 ms per
  // compare) and took bench_http from 29.6 to 16.2 compares/s at concurrency
  // 2, below the service's 25/s target. Operators whose targets are always
  // documents turn it on; the web page asks for it per request.
  bool read_in_compare = false;
  // Minimum age in years for the check "minimum_age" (UNDER_MINIMUM_AGE):
  // 18 is the age of majority for onboarding in most jurisdictions.
  int minimum_age = 18;
};

// How head pose (yaw, pitch, roll) is estimated for the quality measures.
// kCascade: a landmark estimate first (~0.01 ms); only a face it does not
// find clearly frontal (yaw or pitch beyond 10 degrees of frontal, where
// scores start to drop) goes to the fr_pose network (15.4 ms on one core).
// kNetwork: the network for every face (quality then costs ~17 ms per face,
// over the 10 ms budget). Measurements: bench/bench_quality, docs/quality.md.
enum class HeadPoseMethod { kCascade, kNetwork };

// The set of face models that finds, aligns and embeds faces (docs/models.md).
// kDefault: faceplugin's fr_detect SSD + fr_feature (512-D). kOpen: MediaPipe
// BlazeFace (Apache-2.0) + dlib's ResNet (public domain, 128-D), models with
// stated terms. kFusion: fr_detect + both embedders, scores combined
// (docs/accuracy.md). Quality measures (fr_landmark, fr_pose, fr_eye) and
// liveness (fr_liveness) are faceplugin's in every profile: no model with
// clear terms for them is on npm (docs/models.md).
enum class ModelProfile { kDefault, kOpen, kFusion };
std::string_view ModelProfileName(ModelProfile p);
std::optional<ModelProfile> ParseModelProfile(std::string_view name);

// Which image of a compare gets test-time flip augmentation.
enum class FlipAugment { kNone, kTargetOnly, kBoth };

struct EngineConfig {
  // Directory holding the unpacked npm packages named in models/models.lock.
  // Empty: $IDMATCH_MODEL_DIR, else $HOME/.cache/idmatch/models.
  std::string model_dir;
  ImageLimits limits;
  DetectorOptions detector;
  ModelProfile model_profile = ModelProfile::kDefault;
  // Default decision threshold on the 0..100 similarity scale, the same in
  // every profile: 80 means an estimated false-match rate of 1e-4 and each 10
  // points is 10x fewer false matches (docs/accuracy.md). 0 = 80.
  float match_threshold = 0;
  // Faces per image that get landmarks (and, in the target, embeddings);
  // further faces are dropped, weakest first. Bounds work per request.
  int max_faces = 20;
  // Test-time flip augmentation: also embed the mirrored face and average
  // (+1 embedding pass, ~9.5 ms per face). Measured with `idmatch eval --flip`
  // on the deepface pairs (docs/accuracy.md): d' 9.92 none, 10.18 target,
  // 9.96 both, AUC 1.0 in all; the min-genuine/max-impostor margin (two pairs)
  // moves 11.5 -> 14.3. Not worth the ~20% throughput it costs on 2 cores
  // (bench_http: 29.9 vs 24-25 compares/s at concurrency 2), so off by default.
  FlipAugment flip_augment = FlipAugment::kNone;
  // Resolution matching in compare (issue 20): when the document portrait's
  // eyes are fewer pixels apart than the selfie's and than the embedder's
  // template (35 px), the selfie is embedded again with its detail brought
  // down to the portrait's. Off: on phone photos of printed cards
  // (bench/card_portrait_sizes) it raises genuine and impostor scores alike,
  // so TAR at a fixed FMR does not improve (50 px portraits: 0.268 against
  // 0.291 at FMR 1e-3) while FMR at 80 rises (40 px: 1.3e-4 against 0).
  // docs/accuracy.md, "Small ID portraits".
  bool resolution_matching = false;
  // Greyscale matching in compare (issue 20): when the document portrait
  // shows no colour (Face::greyscale) and the selfie does, the selfie is
  // embedded again in greyscale: the embedder then compares like with like
  // (measured on phone photos of laser-engraved cards, docs/accuracy.md,
  // "Small ID portraits"). Costs one more embedding of the selfie, only then.
  // It changes the open and fusion profiles (their dlib part) only: the
  // default profile's fr_feature embeds every face in greyscale anyway.
  bool greyscale_matching = true;
  // Run the face quality measures on every detected face (docs/quality.md).
  // Off only for benchmarking the bare pipeline; the quality filter then
  // excludes nothing.
  bool assess_quality = true;
  HeadPoseMethod head_pose = HeadPoseMethod::kCascade;
  LivenessOptions liveness;
  DocumentOptions document;
  // Independent model sets; at most this many images are processed at once.
  int workers = 2;
  // OpenCV's own thread pool size (0 = OpenCV's default, all cores). Measured
  // by bench/bench_compare on 2 cores: 0 gives a 44 ms median compare, 1 gives
  // 54-57 ms (when one image finishes first the other cannot use the idle core).
  int opencv_threads = 0;

  Status Validate() const;
};

// Every profile's default threshold: estimated FMR 1e-4 (NIST SP 800-63A-4's
// ceiling for remote identity proofing; Rekognition's default
// SimilarityThreshold is 80 too). docs/accuracy.md, "The similarity scale".
inline constexpr float kDefaultMatchThreshold = 80.0f;

// A profile's default threshold: 80 in every profile since scale version 2
// (kept as a function so callers need not know that).
float DefaultMatchThreshold(ModelProfile profile);

}  // namespace idmatch
