#include "eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace idmatch::eval {
namespace {

std::string Trim(std::string s) {
  const auto first = s.find_first_not_of(" \t\r\n\"");
  const auto last = s.find_last_not_of(" \t\r\n\"");
  return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void MeanVar(const std::vector<double>& v, double& mean, double& var) {
  mean = 0;
  for (double x : v) mean += x;
  mean /= double(v.size());
  var = 0;
  for (double x : v) var += (x - mean) * (x - mean);
  var /= double(v.size());
}

}  // namespace

double TarAtFar(const std::vector<ScoredPair>& pairs, double far) {
  std::vector<double> impostors, genuines;
  for (const auto& p : pairs) (p.genuine ? genuines : impostors).push_back(p.score);
  if (impostors.empty() || genuines.empty()) return 0;
  std::sort(impostors.begin(), impostors.end(), std::greater<>());
  const size_t allowed = static_cast<size_t>(std::floor(far * double(impostors.size()) + 1e-9));
  // Accept scores strictly above the (allowed+1)-th highest impostor.
  if (allowed >= impostors.size()) return 1.0;
  const double bar = impostors[allowed];
  const auto accepted = std::count_if(genuines.begin(), genuines.end(), [&](double g) { return g > bar; });
  return double(accepted) / double(genuines.size());
}

Result<VerificationMetrics> ComputeMetrics(const std::vector<ScoredPair>& pairs) {
  std::vector<double> g, im;
  for (const auto& p : pairs) (p.genuine ? g : im).push_back(p.score);
  if (g.empty() || im.empty()) {
    return Status(ErrorCode::kInvalidArgument, "metrics need at least one genuine and one impostor pair");
  }
  VerificationMetrics m;
  m.genuine = static_cast<int>(g.size());
  m.impostor = static_cast<int>(im.size());
  double wins = 0;
  for (double a : g) {
    for (double b : im) wins += a > b ? 1.0 : (a == b ? 0.5 : 0.0);
  }
  m.auc = wins / (double(g.size()) * double(im.size()));

  // Best accuracy: try a threshold between every pair of adjacent scores.
  std::vector<ScoredPair> sorted = pairs;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.score < b.score; });
  // Threshold below everything: all accepted -> correct = genuine count.
  int correct = m.genuine;
  m.best_accuracy = double(correct) / double(pairs.size());
  m.best_threshold = sorted.front().score - 1e-6;
  for (size_t i = 0; i < sorted.size(); ++i) {
    correct += sorted[i].genuine ? -1 : 1;  // sorted[i] now rejected
    if (i + 1 < sorted.size() && sorted[i + 1].score == sorted[i].score) continue;
    const double acc = double(correct) / double(pairs.size());
    if (acc > m.best_accuracy) {
      m.best_accuracy = acc;
      m.best_threshold = i + 1 < sorted.size() ? (sorted[i].score + sorted[i + 1].score) / 2 : sorted[i].score + 1e-6;
    }
  }
  m.tar_at_far0 = TarAtFar(pairs, 0.0);
  m.tar_at_far1e3 = TarAtFar(pairs, 1e-3);
  m.tar_at_far1e2 = TarAtFar(pairs, 1e-2);
  m.genuine_min = *std::min_element(g.begin(), g.end());
  m.genuine_max = *std::max_element(g.begin(), g.end());
  m.impostor_min = *std::min_element(im.begin(), im.end());
  m.impostor_max = *std::max_element(im.begin(), im.end());
  m.margin = m.genuine_min - m.impostor_max;
  double mg, vg, mi, vi;
  MeanVar(g, mg, vg);
  MeanVar(im, mi, vi);
  const double pooled = std::sqrt((vg + vi) / 2);
  m.d_prime = pooled > 0 ? std::abs(mg - mi) / pooled : 0;
  return m;
}

Result<std::vector<LabelledPair>> ParsePairsCsv(std::string_view text) {
  std::vector<LabelledPair> out;
  std::istringstream in{std::string(text)};
  std::string line;
  int line_no = 0;
  bool header = true;
  while (std::getline(in, line)) {
    ++line_no;
    if (Trim(line).empty()) continue;
    std::vector<std::string> cells;
    std::istringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(Trim(cell));
    if (header) {
      header = false;
      if (cells.size() >= 3 && Lower(cells[2]) == "decision") continue;
    }
    if (cells.size() < 3) {
      return Status(ErrorCode::kInvalidArgument,
                    "pairs line " + std::to_string(line_no) + ": expected file_x,file_y,Decision");
    }
    const std::string decision = Lower(cells[2]);
    if (decision != "yes" && decision != "no") {
      return Status(ErrorCode::kInvalidArgument,
                    "pairs line " + std::to_string(line_no) + ": Decision must be Yes or No, got '" + cells[2] + "'");
    }
    out.push_back({cells[0], cells[1], decision == "yes"});
  }
  if (out.empty()) return Status(ErrorCode::kInvalidArgument, "the pair list holds no pairs");
  return out;
}

}  // namespace idmatch::eval
