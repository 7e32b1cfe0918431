// Matching the selfie to the ID portrait's look (issue 20) before the
// decision, so that the embedder compares like with like:
// - Resolution: a selfie carries far more detail than a 60 px printed ID
//   portrait photographed from arm's length. The selfie's primary face can
//   be embedded again with its detail brought down to the portrait's (its
//   eye distance in the photo). Off by default (EngineConfig::
//   resolution_matching): measured no better at a fixed FMR.
// - Colour: a greyscale portrait (laser-engraved polycarbonate cards, many
//   licences) against a colour selfie loses the skin tones the embedder
//   also scores; the selfie's primary face is embedded again in greyscale.
//   On by default (EngineConfig::greyscale_matching); it changes only the
//   open and fusion profiles' dlib part, as fr_feature embeds every face in
//   greyscale (face/embedder.h).
// Measurements: bench/card_portrait_sizes, docs/accuracy.md "Small ID portraits".
//
// Thread contract: takes a model lease from the pool like any analysis.
#pragma once

#include <opencv2/core.hpp>

#include "pipeline/analyze.h"

namespace idmatch::pipeline {

// Matching applies below this portrait eye distance (pixels in the photo):
// the fr_feature template's eye distance (face/align.h, 35.24 px), above
// which the embedder's 112 px crop holds no more detail of the selfie than
// of the portrait.
inline constexpr double kMatchBelowEyeDistance = 35.24;

// A face whose median chroma (CIELAB a*b* distance from grey, 8-bit Lab
// units) in the middle 60% of its box is under this shows no colour. Chosen
// between the two populations of the card factory (bench/card_portrait_sizes
// on 300 lfw-dev photos at 50, 100 and 300 px): greyscale prints' 99th
// percentile 2.8, colour portraits' 1st percentile 8.5 (an LFW photo that is
// itself nearly grey). A greyscale print under a strongly coloured light can
// read above it: it is then compared in colour, as before this rule.
inline constexpr double kGreyscaleFaceChroma = 6.0;

// Median chroma of the middle 60% of `box` in `bgr` (0 for an empty box).
double MedianChroma(const cv::Mat& bgr, const cv::Rect2f& box);

// What the selfie is matched to: the portrait's eye distance (0: do not
// match resolution) and whether it is greyscale.
struct PortraitLook {
  double eye_distance = 0;
  bool greyscale = false;
};

// The look of `target`'s primary face that `source` should be embedded at
// under `config`'s switches; nothing to match when target has no face.
PortraitLook LookToMatch(const ImageAnalysis& source, const ImageAnalysis& target, const EngineConfig& config);

// Whether greyscale matching can change a comparison under `config`: the
// switch is on and the profile has an embedder that sees colour.
bool GreyscaleMatchingApplies(const EngineConfig& config);

// Eye distance of the analysis' primary face, pixels in its photo.
double PrimaryEyeDistance(const ImageAnalysis& analysis);

// Whether a selfie whose eyes are `source_eyes` px apart is re-embedded for
// a portrait whose eyes are `portrait_eyes` px apart.
bool ShouldMatch(double source_eyes, double portrait_eyes);

// Re-embeds `analysis`' primary face at `look` (its eye distance when
// ShouldMatch says so, in greyscale when asked and the face is not already
// greyscale; needs keep_image). Returns whether it re-embedded; the time
// goes to timings.embed_ms.
bool ReembedPrimaryAt(ImageAnalysis& analysis, const PortraitLook& look, bool flip, WorkerPool& pool);

}  // namespace idmatch::pipeline
