#include "eval/all_vs_all.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

namespace idmatch::eval {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Number of scores >= t in a descending-sorted vector.
int64_t CountAtLeast(const std::vector<float>& desc, double t) {
  return std::upper_bound(desc.begin(), desc.end(), t, [](double v, float s) { return v > s; }) - desc.begin();
}

double Median(const std::vector<float>& desc) { return desc.empty() ? 0.0 : desc[desc.size() / 2]; }

}  // namespace

Result<std::vector<IdentityImage>> ParseIdentitiesCsv(std::string_view text) {
  std::vector<IdentityImage> out;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    line = Trim(line);
    if (line.empty() || line_no == 1) continue;  // header
    const size_t comma = line.find(',');
    if (comma == std::string_view::npos || Trim(line.substr(0, comma)).empty() ||
        Trim(line.substr(comma + 1)).empty()) {
      return Status(ErrorCode::kInvalidArgument,
                    "identities line " + std::to_string(line_no) + ": expected file,identity");
    }
    out.push_back({std::string(Trim(line.substr(0, comma))), std::string(Trim(line.substr(comma + 1)))});
  }
  if (out.empty()) return Status(ErrorCode::kInvalidArgument, "the identity list has no images");
  return out;
}

ScoreSets ScoreAllPairs(const std::vector<std::string>& identities, const std::vector<bool>& has,
                        const std::function<float(size_t, size_t)>& score, int threads) {
  const size_t n = identities.size();
  threads = std::max(1, threads);
  std::vector<ScoreSets> parts(static_cast<size_t>(threads));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      auto& part = parts[static_cast<size_t>(t)];
      // Rows interleaved so the triangle's long and short rows are shared evenly.
      for (size_t i = static_cast<size_t>(t); i < n; i += static_cast<size_t>(threads)) {
        if (!has[i]) continue;
        for (size_t j = i + 1; j < n; ++j) {
          if (!has[j]) continue;
          (identities[i] == identities[j] ? part.genuine : part.impostor).push_back(score(i, j));
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  ScoreSets all;
  for (auto& p : parts) {
    all.genuine.insert(all.genuine.end(), p.genuine.begin(), p.genuine.end());
    all.impostor.insert(all.impostor.end(), p.impostor.begin(), p.impostor.end());
  }
  return all;
}

ErrorReport ComputeErrorReport(ScoreSets& scores, double threshold) {
  auto& g = scores.genuine;
  auto& im = scores.impostor;
  std::sort(g.begin(), g.end(), std::greater<>());
  std::sort(im.begin(), im.end(), std::greater<>());
  ErrorReport r;
  r.genuine_comparisons = static_cast<int64_t>(g.size());
  r.impostor_comparisons = static_cast<int64_t>(im.size());
  r.threshold = threshold;
  r.false_matches = CountAtLeast(im, threshold);
  r.false_non_matches = r.genuine_comparisons - CountAtLeast(g, threshold);
  if (!im.empty()) {
    r.fmr_at_threshold = double(r.false_matches) / double(im.size());
    if (r.false_matches == 0) r.fmr_upper_95 = 3.0 / double(im.size());
  }
  if (!g.empty()) r.fnmr_at_threshold = double(r.false_non_matches) / double(g.size());
  r.impostor_median = Median(im);
  for (double q : {0.5, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6}) {
    const auto rank = static_cast<size_t>(q * double(im.size()));
    if (rank < im.size()) r.impostor_quantiles.emplace_back(q, im[rank]);
  }
  if (const auto top = static_cast<size_t>(1e-4 * double(im.size())); top >= 100 && top < im.size()) {
    r.tail_threshold = im[top];
    double excess = 0;
    for (size_t i = 0; i < top; ++i) excess += im[i] - r.tail_threshold;
    r.tail_scale = excess / double(top);
  }
  r.genuine_median = Median(g);
  for (double level : {1e-2, 1e-3, 1e-4, 1e-5, 1e-6}) {
    TarAtFmr t;
    t.fmr = level;
    const double allowed_real = level * double(im.size());
    t.reachable = allowed_real >= 1.0;
    if (im.empty() || g.empty()) {
      r.tar_at_fmr.push_back(t);
      continue;
    }
    const auto allowed = static_cast<size_t>(std::floor(allowed_real + 1e-9));
    // Accept strictly above the (allowed+1)-th highest impostor score.
    t.threshold = allowed < im.size() ? im[allowed] : im.back() - 1.0;
    t.false_matches = static_cast<int64_t>(
        std::upper_bound(im.begin(), im.end(), t.threshold, [](double v, float s) { return v >= s; }) - im.begin());
    const auto accepted =
        std::upper_bound(g.begin(), g.end(), t.threshold, [](double v, float s) { return v >= s; }) - g.begin();
    t.tar = double(accepted) / double(g.size());
    if (t.false_matches == 0) t.fmr_upper_95 = 3.0 / double(im.size());
    r.tar_at_fmr.push_back(t);
  }
  return r;
}

std::string DetSvg(const std::vector<DetCurve>& curves, const std::string& title) {
  // Plot area 60..560 x 40..440; both axes log10 from 1e-6 (left/bottom) to 1.
  constexpr double kLeft = 70, kTop = 40, kSize = 420, kDecades = 6;
  auto x_of = [&](double fmr) { return kLeft + kSize * (std::log10(std::max(fmr, 1e-6)) + kDecades) / kDecades; };
  auto y_of = [&](double fnmr) {
    return kTop + kSize - kSize * (std::log10(std::max(fnmr, 1e-6)) + kDecades) / kDecades;
  };
  static constexpr const char* kColours[] = {"#1565c0", "#c62828", "#2e7d32", "#6a1b9a"};
  std::string svg;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                "font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                int(kLeft + kSize + 180), int(kTop + kSize + 60));
  svg += buf;
  std::snprintf(buf, sizeof buf, "<text x=\"%g\" y=\"20\" font-size=\"14\">%s</text>\n", kLeft, title.c_str());
  svg += buf;
  for (int d = 0; d <= 6; ++d) {
    const double v = std::pow(10.0, -d);
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n"
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">1e-%d</text>"
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">1e-%d</text>\n",
                  x_of(v), kTop, x_of(v), kTop + kSize, kLeft, y_of(v), kLeft + kSize, y_of(v), x_of(v),
                  kTop + kSize + 16, d, kLeft - 6, y_of(v) + 4, d);
    svg += buf;
  }
  std::snprintf(buf, sizeof buf,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">false match rate (FMR)</text>\n"
                "<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\">false non-match "
                "rate (FNMR)</text>\n",
                kLeft + kSize / 2, kTop + kSize + 40, kTop + kSize / 2, kTop + kSize / 2);
  svg += buf;
  for (size_t c = 0; c < curves.size(); ++c) {
    const auto& s = *curves[c].scores;
    if (s.genuine.empty() || s.impostor.empty()) continue;
    const char* colour = kColours[c % 4];
    std::string points;
    // One point per impostor rank step on a log grid of FMR (60 per decade).
    for (int k = 0; k <= 360; ++k) {
      const double fmr = std::pow(10.0, -6.0 + k / 60.0);
      const auto rank = static_cast<size_t>(fmr * double(s.impostor.size()));
      if (rank >= s.impostor.size()) break;
      const double t = s.impostor[rank];
      const double accepted =
          double(std::upper_bound(s.genuine.begin(), s.genuine.end(), t, [](double v, float x) { return v >= x; }) -
                 s.genuine.begin());
      const double fnmr = 1.0 - accepted / double(s.genuine.size());
      std::snprintf(buf, sizeof buf, "%.1f,%.1f ", x_of(std::max(fmr, 1.0 / double(s.impostor.size()))), y_of(fnmr));
      points += buf;
    }
    svg += "<polyline fill=\"none\" stroke=\"" + std::string(colour) + "\" stroke-width=\"2\" points=\"" + points +
           "\"/>\n";
    const double fm = double(CountAtLeast(s.impostor, curves[c].threshold)) / double(s.impostor.size());
    const double fnm = 1.0 - double(CountAtLeast(s.genuine, curves[c].threshold)) / double(s.genuine.size());
    std::snprintf(buf, sizeof buf,
                  "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>\n"
                  "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s (threshold %.4g)</text>\n",
                  x_of(fm), y_of(fnm), colour, kLeft + kSize + 10, kTop + 20 + 18.0 * double(c), colour,
                  curves[c].name.c_str(), curves[c].threshold);
    svg += buf;
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace idmatch::eval
