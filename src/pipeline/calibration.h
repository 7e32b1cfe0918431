// The similarity scale every answer reports: a profile's raw score (its
// cosine-based 0..100 score, profile.h RawSimilarity) mapped so that a
// similarity means the same false-match rate in every profile:
//
//   similarity 50 60 70 80 90 100  <=>  estimated FMR 1e-1 1e-2 1e-3 1e-4 1e-5 1e-6
//
// i.e. FMR = 10^((40 - similarity) / 10) from 50 up; 80, the default
// threshold of every profile, is FMR 1:10,000 (NIST SP 800-63A-4's ceiling,
// and Rekognition's default SimilarityThreshold). Below 50 the scale is
// compressed so a typical stranger scores low: the median impostor is 10.
//
// Fitted per profile on lfw-dev's all-vs-all impostor scores (5,510 photos,
// 14,973,464 impostor comparisons; docs/accuracy.md): a knot at each
// measured impostor quantile (FMR 0.5, 1e-1 ... 1e-5; 1e-5 is exceeded by 150
// impostors), linear in the raw score between knots; beyond the 1e-5 knot an
// exponential tail, P(raw > u + x) = 1e-4 exp(-x / scale), fitted by maximum
// likelihood on the impostors above the 1e-4 quantile u, adds 10 points per
// scale * ln 10 of raw score. Clamped to 0..100.
//
// Thread contract: pure functions, safe from any thread.
#pragma once

#include <array>

#include "idmatch/config.h"

namespace idmatch::pipeline {

// Version of the scale, recorded with every audit row and answer: 1 was the
// raw score itself (the per-profile thresholds 40/52/48), 2 is this map; 3
// the same map refitted for the default and fusion profiles after small faces
// were embedded as the mean of seven placements (kEmbeddingRevision 2); 4
// refitted for both after fr_feature began to embed every face in greyscale
// (kEmbeddingRevision 3).
inline constexpr int kSimilarityScaleVersion = 4;

// The fitted data of one profile (`idmatch eval --identities ... --json`
// prints both as raw_impostor_quantiles and raw_impostor_tail).
struct ScaleFit {
  // Raw scores exceeded by 0.5, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5 of impostors.
  std::array<float, 6> impostor_quantiles{};
  float tail_scale = 0;  // the exponential tail's scale, raw points
};
const ScaleFit& FitOf(ModelProfile profile);

// The raw score -> similarity map of `fit` (monotone, non-decreasing).
float CalibratedSimilarity(const ScaleFit& fit, float raw);
float CalibratedSimilarity(ModelProfile profile, float raw);

// The estimated false-match rate of a similarity (profile-independent by
// construction): 10^((40 - s) / 10) from 50 up (1e-6 at 100 means "1e-6 or
// less": the scale ends there); log-linear between the knots below 50
// (FMR 0.5 at 10, 1 at 0).
double FalseMatchRateAt(float similarity);

}  // namespace idmatch::pipeline
