// Model profiles: which embedders a profile runs, how their embeddings are
// laid out in one vector, and how two such vectors become the profile's 0..100
// similarity. Every calibration constant is here, with where it came from.
//
// Thread contract: pure functions, safe from any thread.
#pragma once

#include <vector>

#include "idmatch/config.h"

namespace idmatch::pipeline {

// Which embedders a profile runs, in embedding order: a profile's embedding
// is the concatenation of its embedders' L2-normalised vectors.
struct ProfileModels {
  bool blazeface = false;  // detector: BlazeFace (else the fr_detect SSD)
  bool arcface = false;    // fr_feature, 512-D
  bool dlib = false;       // dlib ResNet, 128-D
};
ProfileModels ModelsOf(ModelProfile profile);

// Whether any of the profile's embedders sees colour: dlib does, fr_feature
// embeds every crop in greyscale (face/embedder.h). Greyscale matching
// (resolution_match.h) only changes what such a profile compares.
bool SeesColour(ModelProfile profile);

// Embedding length of a profile (512, 128 or 640).
int EmbeddingSize(ModelProfile profile);

// The per-model cosines of two embeddings of `profile`.
struct ModelCosines {
  float arcface = 0;  // 0 when the profile has no fr_feature part
  float dlib = 0;
};
ModelCosines SplitCosines(ModelProfile profile, const std::vector<float>& a, const std::vector<float>& b);

// The profile's raw score on 0..100 (scale version 1; docs/accuracy.md):
//   default: 100 * max(0, cos_fr_feature)
//   open:    100 * clamp(DlibOnArcFaceScale(open, cos_dlib))
//   fusion:  100 * clamp((cos_fr_feature + DlibOnArcFaceScale(fusion, cos_dlib)) / 2)
// 0 when the vectors are not both of the profile's size.
float RawSimilarity(ModelProfile profile, const std::vector<float>& a, const std::vector<float>& b);

// The similarity answers carry: the raw score on the calibrated scale
// (calibration.h), where 80 means an estimated FMR of 1e-4 in every profile.
float ProfileSimilarity(ModelProfile profile, const std::vector<float>& a, const std::vector<float>& b);

// dlib cosines live in ~0.75..1 (docs/models.md); this affine map puts them on
// fr_feature's cosine scale: dlib's impostor mean on the deepface pairs goes
// to fr_feature's impostor mean and 1 stays 1, so a stranger scores alike and
// the same image scores 100 in every profile (impostor means measured per
// profile: the points that place the crop differ). The fusion rule is the
// plain mean on that common scale: docs/accuracy.md compares it with the
// alternatives measured.
float DlibOnArcFaceScale(ModelProfile profile, float dlib_cosine);

}  // namespace idmatch::pipeline
