// Resolution matching (issue 20): a selfie carries far more detail than a
// 60 px printed ID portrait photographed from arm's length, and the embedder
// scores such a pair lower than two faces seen at the same resolution. Before
// the decision, the selfie's primary face is embedded again with its detail
// brought down to the portrait's (its eye distance in the photo), which is
// what printing and photographing the selfie would have done.
// Measurements: bench/card_portrait_sizes, docs/accuracy.md "Small ID portraits".
//
// Thread contract: takes a model lease from the pool like any analysis.
#pragma once

#include "pipeline/analyze.h"

namespace idmatch::pipeline {

// Matching applies below this portrait eye distance (pixels in the photo):
// the fr_feature template's eye distance (face/align.h, 35.24 px), above
// which the embedder's 112 px crop holds no more detail of the selfie than
// of the portrait.
inline constexpr double kMatchBelowEyeDistance = 35.24;

// Eye distance of the target's primary face, pixels in its photo.
double PrimaryEyeDistance(const ImageAnalysis& analysis);

// Whether a selfie whose eyes are `source_eyes` px apart is re-embedded for
// a portrait whose eyes are `portrait_eyes` px apart.
bool ShouldMatch(double source_eyes, double portrait_eyes);

// Re-embeds `analysis`' primary face at `eye_distance` when ShouldMatch says
// so (needs keep_image). Returns whether it re-embedded; the time goes to
// timings.embed_ms.
bool ReembedPrimaryAt(ImageAnalysis& analysis, double eye_distance, bool flip, WorkerPool& pool);

// Re-embeds `source`'s primary face at the eye distance of `target`'s primary
// face when that is under kMatchBelowEyeDistance and under the source's own.
// Needs `source` analysed with keep_image. Returns whether it re-embedded;
// the time goes to source.timings.embed_ms.
bool MatchSourceResolution(ImageAnalysis& source, const ImageAnalysis& target, bool flip, WorkerPool& pool);

}  // namespace idmatch::pipeline
