// Choice of the primary face of an image.
#pragma once

#include <vector>

#include "idmatch/types.h"

namespace idmatch::pipeline {

struct PrimaryChoice {
  int index = -1;  // -1 when there is no face
  // The best other competing face's weight divided by the primary's, 0..1
  // (0: no other face competes). Near 1, two faces are about equally
  // "the subject" and the choice is close to a guess.
  double runner_up = 0;
};

// The primary face (index -1 when `faces` is empty) and how close the runner-up came.
//
// Rule: only faces whose detection score is within `score_margin` of the best
// score compete (a confident background blob must not win by size alone,
// deepface img41); among them the largest face wins, with its area weighted
// by centrality: weight = 1 - 0.5 * d, where d is the distance of the box
// centre from the image centre divided by the half-diagonal (1 at a corner).
// On a selfie this picks the large central face over bystanders; on an ID
// document the main portrait, which is several times the ghost image's area.
PrimaryChoice ChoosePrimary(const std::vector<Face>& faces, int image_width, int image_height, float score_margin);

// A selfie whose runner-up weighs at least this much of the primary gets the
// reason SOURCE_FACES_COMPETE. From bench/face_choice on lfw-dev (the
// labelled person is the central face; 5510 images, 861 with several faces):
// the rule picks another person in 3 images; two of them have runner-ups of
// 0.96 and 0.99 (the third lost its central face to the score margin, runner-up
// 0.38). At 0.7 the reason fires on 26 images (0.47%); at 0.5 on 132, at 0.9
// on 6. 0.7 flags the real coin-flips without crying wolf on crowd photos.
inline constexpr double kCompetingFaceRatio = 0.7;

}  // namespace idmatch::pipeline
