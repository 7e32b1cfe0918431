// Verification metrics over scored, labelled pairs (higher score = more alike).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "idmatch/status.h"

namespace idmatch::eval {

struct ScoredPair {
  double score = 0;
  bool genuine = false;
};

struct VerificationMetrics {
  int genuine = 0;
  int impostor = 0;
  double auc = 0;             // ROC AUC, ties count one half (Mann-Whitney U)
  double best_accuracy = 0;   // fraction of pairs right at the best threshold
  double best_threshold = 0;  // midpoint between the two scores it separates
  double tar_at_far0 = 0;     // genuine accepted when no impostor is
  double tar_at_far1e3 = 0;
  double tar_at_far1e2 = 0;
  double genuine_min = 0, genuine_max = 0;
  double impostor_min = 0, impostor_max = 0;
  double margin = 0;   // genuine_min - impostor_max (> 0: fully separated)
  double d_prime = 0;  // |mean_g - mean_i| / sqrt((var_g + var_i) / 2)
};

// Requires at least one genuine and one impostor pair (kInvalidArgument otherwise).
Result<VerificationMetrics> ComputeMetrics(const std::vector<ScoredPair>& pairs);

// TAR at the lowest threshold whose false accept rate is <= far. A threshold
// accepts scores >= it; with N impostors at most floor(far * N) may pass.
double TarAtFar(const std::vector<ScoredPair>& pairs, double far);

struct LabelledPair {
  std::string file_x;
  std::string file_y;
  bool genuine = false;
};

// Parses "file_x,file_y,Decision" CSV text (header row first; Decision is
// Yes or No, case-insensitive). kInvalidArgument naming the line otherwise.
Result<std::vector<LabelledPair>> ParsePairsCsv(std::string_view text);

}  // namespace idmatch::eval
