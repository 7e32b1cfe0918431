// The image-statistics quality measures: each reads a FaceSession and returns
// one raw value (units below). The model-based measures (head pose, eye
// state) are in head_pose.h and eye_state.h; raw -> score -> pass/fail is in
// scoring.h. A measure that cannot be computed returns assessed = false.
//
// Thread contract: pure functions, safe from any thread.
#pragma once

#include "quality/face_session.h"

namespace idmatch::quality {

struct RawMeasure {
  bool assessed = false;
  float value = 0;
};

// No-reference blur index of Crete et al. (2007, "The blur effect: perception
// and estimation with a new no-reference perceptual blur metric"): how little
// a further 9-tap box blur changes the crop's neighbour differences. 0 = sharp,
// 1 = fully blurred; measured on the inner face of the canonical crop.
RawMeasure BlurIndex(const FaceSession& s);

// Mean luma (0..255) of the inner face (eyes to mouth, cheek to cheek).
RawMeasure MeanLuma(const FaceSession& s);

// Michelson contrast (p95 - p5) / (p95 + p5) of the inner face's luma,
// counting only unclipped pixels (8..247) so that a global gain (darker or
// brighter exposure) leaves it unchanged: exposure and contrast stay separate.
RawMeasure MichelsonContrast(const FaceSession& s);

// Distance between the eye centres, image pixels.
RawMeasure EyeDistance(const FaceSession& s);

// Fraction (0..1) of the face region (template brows-to-chin, ear to ear)
// that lies inside the image; below 1 the face is cut by the border.
RawMeasure FractionInFrame(const FaceSession& s);

}  // namespace idmatch::quality
