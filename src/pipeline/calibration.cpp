#include "pipeline/calibration.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace idmatch::pipeline {

namespace {

// Measured by `idmatch eval --identities ../shared/testdata/faces/lfw-dev/identities.csv
// --profile P --json` (raw_impostor_quantiles, raw_impostor_tail.scale) on the
// models pinned in models/models.lock; 14,973,464 impostor comparisons each.
// Refit (and bump kSimilarityScaleVersion) whenever a profile's models or
// alignment change: docs/accuracy.md, "The similarity scale".
constexpr ScaleFit kDefaultFit{{1.204f, 14.373f, 26.254f, 35.812f, 45.734f, 60.834f}, 5.900f};
constexpr ScaleFit kOpenFit{{4.716f, 30.047f, 46.381f, 56.994f, 65.927f, 75.615f}, 3.931f};
constexpr ScaleFit kFusionFit{{1.980f, 19.880f, 33.389f, 42.776f, 51.303f, 62.110f}, 4.542f};

// The knots of the scale: the similarity each fitted impostor quantile
// lands on, and that quantile's false-match rate (FMR 0.5, 1e-1 ... 1e-5).
// CalibratedSimilarity maps raw scores onto the similarities;
// FalseMatchRateAt reads the rates back, so the two cannot disagree.
struct Knot {
  float similarity;
  double fmr;
};
constexpr std::array<Knot, 6> kKnots = {{{10, 0.5}, {50, 1e-1}, {60, 1e-2}, {70, 1e-3}, {80, 1e-4}, {90, 1e-5}}};
static_assert(std::tuple_size_v<decltype(ScaleFit::impostor_quantiles)> == kKnots.size());

}  // namespace

const ScaleFit& FitOf(ModelProfile profile) {
  switch (profile) {
    case ModelProfile::kOpen: return kOpenFit;
    case ModelProfile::kFusion: return kFusionFit;
    case ModelProfile::kDefault: break;
  }
  return kDefaultFit;
}

float CalibratedSimilarity(const ScaleFit& fit, float raw) {
  const auto& q = fit.impostor_quantiles;
  float s = 0;
  if (raw <= 0) {
    s = 0;
  } else if (raw < q[0]) {
    s = kKnots[0].similarity * raw / q[0];
  } else if (raw >= q.back()) {
    // The exponential tail: each scale * ln 10 raw points is one decade.
    const float decade = fit.tail_scale * std::log(10.0f);
    s = kKnots.back().similarity + 10.0f * (raw - q.back()) / std::max(decade, 1e-3f);
  } else {
    size_t k = 1;
    while (raw >= q[k]) ++k;  // q[k-1] <= raw < q[k]
    const float span = std::max(q[k] - q[k - 1], 1e-6f);
    s = kKnots[k - 1].similarity + (kKnots[k].similarity - kKnots[k - 1].similarity) * (raw - q[k - 1]) / span;
  }
  return std::clamp(s, 0.0f, 100.0f);
}

float CalibratedSimilarity(ModelProfile profile, float raw) { return CalibratedSimilarity(FitOf(profile), raw); }

double FalseMatchRateAt(float similarity) {
  const double s = std::clamp(static_cast<double>(similarity), 0.0, 100.0);
  // Log-linear in the rate between the knots, from (0, 1); beyond the last
  // knot the tail's 10 points per decade.
  Knot below{0, 1.0};
  for (const Knot& k : kKnots) {
    if (s < k.similarity) {
      const double t = (s - below.similarity) / (k.similarity - below.similarity);
      return std::pow(10.0, std::log10(below.fmr) + t * (std::log10(k.fmr) - std::log10(below.fmr)));
    }
    below = k;
  }
  return below.fmr * std::pow(10.0, (below.similarity - s) / 10.0);
}

}  // namespace idmatch::pipeline
