// Choice of the primary face of an image.
#pragma once

#include <vector>

#include "idmatch/types.h"

namespace idmatch::pipeline {

// Index of the primary face, or -1 when `faces` is empty.
//
// Rule: only faces whose detection score is within `score_margin` of the best
// score compete (a confident background blob must not win by size alone,
// deepface img41); among them the largest face wins, with its area weighted
// by centrality: weight = 1 - 0.5 * d, where d is the distance of the box
// centre from the image centre divided by the half-diagonal (1 at a corner).
// On a selfie this picks the large central face over bystanders; on an ID
// document the main portrait, which is several times the ghost image's area.
int ChoosePrimaryFace(const std::vector<Face>& faces, int image_width, int image_height, float score_margin);

}  // namespace idmatch::pipeline
