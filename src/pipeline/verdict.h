// The one decision of a compare. Decide() turns the two images' analyses and
// the request's options into the CompareResult every renderer uses (JSON, CLI
// text, audit rows): which faces the quality filter leaves usable, which
// target face decides, which faces are ghosts, the liveness outcome, the
// document checks, match, and the ordered reason list. Nothing downstream
// applies a threshold or a rule again.
//
// Thread contract: pure functions.
#pragma once

#include <optional>
#include <vector>

#include "idmatch/engine.h"
#include "pipeline/analyze.h"

namespace idmatch::pipeline {

// A smaller face on the document photo is its ghost portrait when it is under
// this fraction of the portrait's height and shows the same person. ID cards
// print the ghost image at about half the portrait's size (ICAO 9303 part 3
// places it beside the portrait; the card factory's ghosts are 0.45-0.55x),
// while a second full-size face is another person or a re-photographed card.
inline constexpr float kGhostMaxHeightRatio = 0.75f;

// Below this eye distance (pixels between the document portrait's eye
// centres in the photo) a score under the threshold is not a reliable
// non-match: the answer says retake (DOCUMENT_PORTRAIT_TOO_SMALL). A score at
// or above the threshold still matches: the false-match rate at 80 holds at
// every portrait size. 22 px is where, on phone photos of printed cards
// (bench/card_portrait_sizes, 600 lfw-dev photos x 10 sizes, four print
// styles, greyscale embedding; bench/retake_size.py applies the rule),
// card-vs-selfie FNMR at 80 rises past twice its value on large portraits
// (median 10.0% at 32 px and more; 15.3% at 22-24 px, 20.5% at 20-22 px):
// below it the size, more likely than the person or the print, is why a
// genuine pair fails. The same rule gave 20 px before the factory's colour
// halftone was corrected (plateau 15.5%), 18 px with colour embedding and
// 22 px on the two-style factory. docs/accuracy.md, "Small ID portraits".
inline constexpr float kReliablePortraitEyeDistance = 22.0f;

// Card-vs-selfie false non-match rate (0..1) at `threshold` for a document
// portrait whose eyes are `eye_distance` pixels apart in the photo, default
// profile; nullopt for a threshold outside the measured 70-95. The table
// bench/retake_size.py prints from bench/card_portrait_sizes (600 lfw-dev
// photos x 10 sizes, four print styles; docs/accuracy.md "When to retake"):
// its 2 px bins up to 28 px, then 28-32, from 32 px the plateau's median,
// at thresholds 70, 75, ..., 95; between two of them, linear in the
// threshold.
std::optional<double> CardFalseNonMatchRate(float eye_distance, float threshold);
// The thresholds the table was measured at, inclusive.
inline constexpr float kCardFnmrMinThreshold = 70.0f;
inline constexpr float kCardFnmrMaxThreshold = 95.0f;

struct DecisionOptions {
  ModelProfile profile = ModelProfile::kDefault;
  // The request's threshold, or the engine's when the request has none.
  SimilarityThreshold threshold;
  // "Same person" for the ghost rule: the profile's calibrated operating
  // point (the engine's configured threshold), not the request's. Whether a
  // small face is the portrait's ghost is a property of the document; a caller
  // asking for a stricter match must not turn the ghost into "another person".
  float ghost_same_person = 0;
  QualityFilter quality_filter = QualityFilter::kAuto;
  bool liveness_requested = false;
  float liveness_threshold = 50;
  bool document_requested = false;
};

// The decision. `source` and `target` are analysed images with faces and
// embeddings (target: every face embedded). Errors: kNoFaceInSource,
// kNoFaceInTarget, kSourceQualityTooLow / kTargetQualityTooLow (see
// JudgeQuality). Fills everything but timings.
Result<CompareResult> Decide(ImageAnalysis source, ImageAnalysis target, const DecisionOptions& options);

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
