#include "pipeline/face_select.h"

#include <algorithm>
#include <cmath>

namespace idmatch::pipeline {

PrimaryChoice ChoosePrimary(const std::vector<Face>& faces, int image_width, int image_height, float score_margin) {
  PrimaryChoice choice;
  if (faces.empty()) return choice;
  float best_score = 0;
  for (const auto& f : faces) best_score = std::max(best_score, f.detection_score);
  const double cx = image_width / 2.0, cy = image_height / 2.0;
  const double half_diagonal = std::max(1.0, std::hypot(cx, cy));
  int best = -1;
  double best_weight = -1, second_weight = 0;
  for (size_t i = 0; i < faces.size(); ++i) {
    const Face& f = faces[i];
    if (f.detection_score < best_score - score_margin) continue;
    const double fx = f.box.x + f.box.width / 2.0, fy = f.box.y + f.box.height / 2.0;
    const double d = std::min(1.0, std::hypot(fx - cx, fy - cy) / half_diagonal);
    const double weight = double(f.box.width) * f.box.height * (1.0 - 0.5 * d);
    if (weight > best_weight) {
      second_weight = std::max(second_weight, best_weight);
      best_weight = weight;
      best = static_cast<int>(i);
    } else {
      second_weight = std::max(second_weight, weight);
    }
  }
  choice.index = best;
  choice.runner_up = best_weight > 0 ? second_weight / best_weight : 0;
  return choice;
}

}  // namespace idmatch::pipeline
