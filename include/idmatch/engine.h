// The idmatch engine: decode -> detect -> landmarks -> align -> embed ->
// compare. Create() loads and verifies the models once; every method is
// thread-safe and never modifies its inputs.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "idmatch/config.h"
#include "idmatch/document.h"
#include "idmatch/liveness.h"
#include "idmatch/status.h"
#include "idmatch/types.h"

namespace idmatch {

// Revision of how a profile's models are applied to a face (crops,
// placements, interpolation); embeddings made by another revision are stale
// (idmatch eval's cache is keyed by it). 2: small faces (eyes < 32 px apart)
// embedded bicubically as the mean of seven placements (issue 20); 3:
// fr_feature embeds every face in greyscale.
inline constexpr int kEmbeddingRevision = 3;

// Which side of a comparison an image is on.
enum class ImageRole { kSource, kTarget };

struct CompareOptions {
  // Decision threshold on the 0..100 similarity scale; unset = the engine's.
  std::optional<SimilarityThreshold> similarity_threshold;
  QualityFilter quality_filter = QualityFilter::kAuto;
  // Passive liveness on the selfie; unset = the engine's config (on by default).
  std::optional<bool> liveness;
  // Read the target as an ID document (barcode / MRZ) and return its fields
  // and checks; unset = the engine's config (on by default).
  std::optional<bool> read_document;
};

struct DetectOptions {
  // The bar quality pass/fail is judged at (nothing is excluded by detect);
  // AUTO judges at MEDIUM.
  QualityFilter quality_filter = QualityFilter::kAuto;
};

class Engine {
 public:
  // Verifies every model against the embedded lock and loads `workers` model
  // sets. Errors: kConfigInvalid (bad config), kModelIntegrity (missing or
  // altered model file).
  static Result<std::unique_ptr<Engine>> Create(const EngineConfig& config);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Every face in one image, primary first. An image without faces is a
  // success with an empty list.
  Result<DetectResult> Detect(std::string_view image_bytes, const DetectOptions& options = {}) const;

  // Compares the primary face of `source` (selfie) with the faces of `target`
  // (ID document photo). Errors: image errors (see status.h),
  // kNoFaceInSource / kNoFaceInTarget, and kSourceQualityTooLow /
  // kTargetQualityTooLow when the quality filter leaves no usable face (the
  // failed measures' codes are in the status details). A spoof suspected by
  // liveness is not an error: match is false with the reason.
  Result<CompareResult> Compare(std::string_view source_bytes, std::string_view target_bytes,
                                const CompareOptions& options = {}) const;

  // The primary face of one image and its embedding, computed exactly as
  // Compare does for an image in that role (flip augmentation may differ by
  // role). kNoFaceInSource when the image has no face.
  Result<FaceTemplate> Embed(std::string_view image_bytes, ImageRole role) const;
  // The same, with the face's detail brought down to that of a face whose
  // eyes are `portrait_eye_distance` pixels apart when that is smaller than
  // both its own and the embedder's template (resolution matching: what
  // Compare does to the selfie against a small ID portrait when
  // EngineConfig::resolution_matching is on).
  Result<FaceTemplate> EmbedAtResolution(std::string_view image_bytes, ImageRole role,
                                         double portrait_eye_distance) const;
  // A selfie's primary face embedded as Compare embeds its source against
  // `portrait` (the target's primary face, e.g. EmbedDocument's): matched to
  // the portrait's look as the engine's switches say (greyscale_matching,
  // resolution_matching).
  Result<FaceTemplate> EmbedForPortrait(std::string_view image_bytes, const Face& portrait) const;
  // Whether EmbedForPortrait embeds the selfie again in greyscale against a
  // greyscale portrait: greyscale_matching is on and one of the profile's
  // embedders sees colour (open, fusion; the default profile's embeds every
  // face in greyscale already).
  bool MatchesGreyscalePortraits() const;
  // The portrait of an ID document photo found as Compare finds its target's
  // primary face: turned documents turned upright, small faces searched for,
  // the card's outline searched when the whole photo shows none.
  Result<FaceTemplate> EmbedDocument(std::string_view image_bytes) const;

  // Reads an ID document from photos of its sides (see document.h) under the
  // engine's image limits and minimum age.
  Result<DocumentRead> ReadDocument(const std::vector<std::string_view>& sides) const;

  // Passive liveness of the primary face of one selfie, judged at the
  // engine's threshold (whether or not liveness is enabled for compares).
  // kNoFaceInSource when the image has no face.
  Result<Liveness> AssessLiveness(std::string_view image_bytes) const;

  // Judges a challenge-response capture: the frames against the asked
  // actions (liveness.h; checks and error rates in docs/quality.md). A capture
  // that is not live is a success with live false and its reasons. Errors:
  // kMissingField, kInvalidArgument (frame or timestamp counts), and a
  // frame's image error, its message starting "frame N: ".
  Result<CaptureResult> AssessCapture(const CaptureRequest& request) const;

  // Similarity (0..100) of two templates from this engine's Embed(), on the
  // scale Compare uses (the configured profile's).
  float Similarity(const FaceTemplate& a, const FaceTemplate& b) const;

  // The raw cosine of each embedder the profile runs (0 for one it does not):
  // the data the profiles' similarity scales are fitted on (`idmatch eval --scores`).
  struct ModelCosines {
    float arcface = 0;  // faceplugin fr_feature
    float dlib = 0;     // dlib ResNet
  };
  ModelCosines PerModelCosines(const FaceTemplate& a, const FaceTemplate& b) const;

  const EngineConfig& config() const;
  float default_threshold() const;
  ModelProfile model_profile() const;
  // "npm-package@version" of every model package the profile uses, comma separated.
  const std::string& model_versions() const;
  double model_load_ms() const;

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace idmatch
