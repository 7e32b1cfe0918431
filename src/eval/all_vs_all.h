// All-vs-all verification over an identity list: every same-identity pair of
// images is a genuine comparison, every cross-identity pair an impostor one.
// Error rates are reported as ISO/IEC 19795-1 names them: FMR (impostors
// accepted) and FNMR (genuine comparisons rejected), with the number of
// comparisons behind every figure.
//
// Thread contract: pure functions; ScoreAllPairs splits its work over the
// threads it is given.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "idmatch/status.h"

namespace idmatch::eval {

struct IdentityImage {
  std::string file;  // path relative to the list's image directory
  std::string identity;
};

// "file,identity" CSV (header row first). kInvalidArgument naming the line
// for a row without both cells.
Result<std::vector<IdentityImage>> ParseIdentitiesCsv(std::string_view text);

// The two score populations (similarities, higher = more alike).
struct ScoreSets {
  std::vector<float> genuine;
  std::vector<float> impostor;
};

// Scores every unordered pair {i, j}, i < j, of the images that have a
// template (`has[i]`), with `score(i, j)`; the pair is genuine when the
// identities match. `threads` >= 1 workers split the rows.
ScoreSets ScoreAllPairs(const std::vector<std::string>& identities, const std::vector<bool>& has,
                        const std::function<float(size_t, size_t)>& score, int threads);

// TAR at one FMR level: the lowest threshold that accepts at most
// floor(fmr * impostors) impostor comparisons.
struct TarAtFmr {
  double fmr = 0;             // the level asked for
  bool reachable = false;     // impostors * fmr >= 1: the level can be measured at all
  double tar = 0;             // genuine comparisons accepted at that threshold
  double threshold = 0;       // a score is accepted when strictly above it
  int64_t false_matches = 0;  // impostor comparisons accepted there (<= fmr * impostors)
  double fmr_upper_95 = 0;    // with no false match seen: the rule-of-three bound 3 / impostors
};

struct ErrorReport {
  int64_t genuine_comparisons = 0;
  int64_t impostor_comparisons = 0;
  double threshold = 0;         // accepted when score >= threshold
  double fmr_at_threshold = 0;  // impostors accepted / impostor comparisons
  int64_t false_matches = 0;
  double fmr_upper_95 = 0;       // 3 / impostors when no false match was seen, else 0
  double fnmr_at_threshold = 0;  // genuine rejected / genuine comparisons
  int64_t false_non_matches = 0;
  double impostor_median = 0;
  double genuine_median = 0;
  std::vector<TarAtFmr> tar_at_fmr;  // 1e-2 ... 1e-6
  // The impostor score exceeded by a fraction q of impostor comparisons, for
  // q = 0.5, 1e-1 ... 1e-6: the data a similarity calibration is fitted on.
  std::vector<std::pair<double, double>> impostor_quantiles;  // (q, score)
  // Exponential tail of the impostor scores above the 1e-4 quantile u:
  // P(score > u + x) = 1e-4 * exp(-x / tail_scale), fitted by maximum
  // likelihood (tail_scale = mean excess over u). It places FMR levels below
  // what the data can show: the score for FMR 10^-k is u + (k - 4) *
  // tail_scale * ln 10. 0 when fewer than 100 impostors lie above u.
  double tail_threshold = 0;  // u
  double tail_scale = 0;
};

// Sorts both populations in place (descending) and computes the report.
ErrorReport ComputeErrorReport(ScoreSets& scores, double threshold);

// A DET curve (FNMR against FMR, both on log axes, 1e-6..1) as a standalone
// SVG, one line per named curve, the operating threshold marked. Each
// ScoreSets must be sorted as ComputeErrorReport leaves it.
struct DetCurve {
  std::string name;
  const ScoreSets* scores = nullptr;
  double threshold = 0;
};
std::string DetSvg(const std::vector<DetCurve>& curves, const std::string& title);

}  // namespace idmatch::eval
