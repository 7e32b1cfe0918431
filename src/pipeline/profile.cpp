#include "pipeline/profile.h"

#include <algorithm>
#include <array>

#include "face/embedder.h"
#include "pipeline/calibration.h"

namespace idmatch {

namespace {
constexpr std::array<std::pair<ModelProfile, std::string_view>, 3> kProfileNames = {
    {{ModelProfile::kDefault, "default"}, {ModelProfile::kOpen, "open"}, {ModelProfile::kFusion, "fusion"}}};
}  // namespace

std::string_view ModelProfileName(ModelProfile p) {
  for (const auto& [profile, name] : kProfileNames) {
    if (profile == p) return name;
  }
  return "default";
}

std::optional<ModelProfile> ParseModelProfile(std::string_view name) {
  for (const auto& [profile, n] : kProfileNames) {
    if (n == name) return profile;
  }
  return std::nullopt;
}

float DefaultMatchThreshold(ModelProfile) {
  // One threshold for every profile: the calibrated scale (pipeline/calibration.h)
  // puts each profile's estimated FMR 1e-4 at 80.
  return kDefaultMatchThreshold;
}

}  // namespace idmatch

namespace idmatch::pipeline {

namespace {

// Impostor means of the raw cosines on ../shared/testdata/faces/deepface/master.csv
// (262 impostor pairs; `idmatch eval --profile P --scores F` writes them per
// model), docs/accuracy.md. A mean, not an extreme, so one pair cannot move it.
constexpr float kArcFaceImpostorMean = 0.01461f;     // fr_feature on fr_detect + fr_landmark points
constexpr float kDlibOpenImpostorMean = 0.83308f;    // dlib on BlazeFace keypoints (open)
constexpr float kDlibFusionImpostorMean = 0.83448f;  // dlib on fr_landmark points (fusion)

// The affine map fixing two points: `impostor_mean` goes to fr_feature's
// impostor mean, and 1 (the same face image) stays 1.
float OntoArcFaceScale(float cosine, float impostor_mean) {
  return kArcFaceImpostorMean + (1.0f - kArcFaceImpostorMean) * (cosine - impostor_mean) / (1.0f - impostor_mean);
}

float Similarity(float cosine) { return 100.0f * std::clamp(cosine, 0.0f, 1.0f); }

std::vector<float> Part(const std::vector<float>& v, size_t begin, size_t size) {
  return std::vector<float>(v.begin() + static_cast<long>(begin), v.begin() + static_cast<long>(begin + size));
}

}  // namespace

ProfileModels ModelsOf(ModelProfile profile) {
  switch (profile) {
    case ModelProfile::kOpen: return {true, false, true};
    case ModelProfile::kFusion: return {false, true, true};
    case ModelProfile::kDefault: break;
  }
  return {false, true, false};
}

bool SeesColour(ModelProfile profile) { return ModelsOf(profile).dlib; }

int EmbeddingSize(ModelProfile profile) {
  const auto m = ModelsOf(profile);
  return (m.arcface ? face::ArcFaceEmbedder::kDim : 0) + (m.dlib ? face::DlibEmbedder::kDim : 0);
}

ModelCosines SplitCosines(ModelProfile profile, const std::vector<float>& a, const std::vector<float>& b) {
  ModelCosines c;
  const size_t size = static_cast<size_t>(EmbeddingSize(profile));
  if (a.size() != size || b.size() != size) return c;
  const auto m = ModelsOf(profile);
  size_t at = 0;
  if (m.arcface) {
    c.arcface = face::Cosine(Part(a, at, face::ArcFaceEmbedder::kDim), Part(b, at, face::ArcFaceEmbedder::kDim));
    at += face::ArcFaceEmbedder::kDim;
  }
  if (m.dlib) c.dlib = face::Cosine(Part(a, at, face::DlibEmbedder::kDim), Part(b, at, face::DlibEmbedder::kDim));
  return c;
}

float DlibOnArcFaceScale(ModelProfile profile, float dlib_cosine) {
  return OntoArcFaceScale(dlib_cosine,
                          profile == ModelProfile::kOpen ? kDlibOpenImpostorMean : kDlibFusionImpostorMean);
}

float ProfileSimilarity(ModelProfile profile, const std::vector<float>& a, const std::vector<float>& b) {
  // RawSimilarity is 0 for vectors of another profile's size, and 0 maps to 0.
  return CalibratedSimilarity(profile, RawSimilarity(profile, a, b));
}

float RawSimilarity(ModelProfile profile, const std::vector<float>& a, const std::vector<float>& b) {
  const size_t size = static_cast<size_t>(EmbeddingSize(profile));
  if (a.size() != size || b.size() != size) return 0.0f;
  const auto c = SplitCosines(profile, a, b);
  switch (profile) {
    case ModelProfile::kOpen: return Similarity(DlibOnArcFaceScale(profile, c.dlib));
    case ModelProfile::kFusion: return Similarity((c.arcface + DlibOnArcFaceScale(profile, c.dlib)) / 2.0f);
    case ModelProfile::kDefault: break;
  }
  return Similarity(c.arcface);
}

}  // namespace idmatch::pipeline
