// The decision rules of a compare beyond the similarity threshold: which faces
// the quality filter leaves usable, and what the liveness scores mean.
//
// Thread contract: pure functions.
#pragma once

#include <optional>
#include <vector>

#include "idmatch/engine.h"
#include "pipeline/analyze.h"

namespace idmatch::pipeline {

// Judges every face of both images at the filter's bars (quality/scoring.h).
// Returns the indices of the target faces that may decide, best placed first.
// Errors (filter other than NONE): kSourceQualityTooLow when the selfie's
// primary face fails, kTargetQualityTooLow when every target face fails; the
// status details carry the failed measures' codes and the message says what
// to retake in plain words.
Result<std::vector<size_t>> JudgeQuality(ImageAnalysis& source, ImageAnalysis& target, QualityFilter filter);

// `scores` empty with `enabled`: LIVENESS_NOT_ASSESSED (the request is not
// failed; match then rests on similarity alone and the reason says so).
Liveness DecideLiveness(const std::optional<liveness::LivenessScores>& scores, bool enabled, float threshold);

}  // namespace idmatch::pipeline
