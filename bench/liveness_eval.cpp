// Liveness on real selfies and on attacks generated from them
// (tests/support/attacks.h): per attack kind the mean class probabilities
// (which is how the model's classes 1 and 2 were identified), and at the
// engine's threshold the ISO/IEC 30107-3 error rates: BPCER (bona fide
// presentations classified as attacks) and APCER per attack kind (attacks
// classified as bona fide). Also the liveness time per selfie.
//
// Usage: liveness_eval [photos=64]. Figures in docs/quality.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>

#include "bench_util.h"
#include "idmatch/engine.h"
#include "support/attacks.h"

using namespace idmatch;

namespace {

std::string Jpeg(const cv::Mat& img) {
  std::vector<uchar> buf;
  cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, 92});
  return std::string(buf.begin(), buf.end());
}

}  // namespace

int main(int argc, char** argv) {
  const size_t wanted = argc > 1 ? std::stoul(argv[1]) : 64;
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(bench::PhotoDir())) {
    if (entry.path().extension() == ".jpg") names.push_back(entry.path().string());
  }
  std::sort(names.begin(), names.end());
  if (names.size() > wanted) names.resize(wanted);
  if (names.empty()) {
    std::fprintf(stderr, "liveness_eval: no photos under %s\n", bench::PhotoDir().c_str());
    return 1;
  }
  auto engine = Engine::Create(EngineConfig{});
  if (!engine.ok()) {
    std::fprintf(stderr, "liveness_eval: %s\n", engine.status().ToString().c_str());
    return 1;
  }
  const Engine& e = **engine;
  struct Tally {
    int n = 0, live = 0;
    double p_live = 0, p_print = 0, p_screen = 0;
    std::map<std::string, int> reasons;
  };
  std::map<std::string, Tally> tally;
  std::vector<double> ms;
  auto add = [&](const std::string& kind, const std::string& bytes) {
    const auto start = std::chrono::steady_clock::now();
    auto l = e.AssessLiveness(bytes);
    if (kind == "bona_fide") {
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    Tally& t = tally[kind];
    if (!l.ok() || !l->assessed) {
      ++t.reasons[std::string(l.ok() ? ReasonCode(l->reason) : ErrorCodeName(l.status().code()))];
      return;
    }
    ++t.n;
    t.live += l->live;
    t.p_live += l->score / 100.0;
    t.p_print += l->recapture_probability;
    t.p_screen += l->other_attack_probability;
    ++t.reasons[std::string(ReasonCode(l->reason))];
  };
  unsigned seed = 1;
  for (const auto& path : names) {
    cv::Mat selfie = cv::imread(path);
    if (selfie.empty()) continue;
    add("bona_fide", Jpeg(selfie));
    for (const auto& a : testing::Attacks()) add(a.name, Jpeg(testing::MakeAttack(selfie, a.kind, seed++)));
  }
  std::printf("photos: %zu deepface selfies; threshold %.0f\n", names.size(), e.config().liveness.threshold);
  std::printf("%-12s %5s %7s %7s %8s %8s  %s\n", "kind", "n", "mean_p0", "mean_p1", "mean_p2", "error", "reasons");
  for (const auto& [kind, t] : tally) {
    const bool bona = kind == "bona_fide";
    const double rate = t.n ? 100.0 * (bona ? t.n - t.live : t.live) / t.n : 0.0;
    std::string reasons;
    for (const auto& [r, n] : t.reasons) reasons += r + ":" + std::to_string(n) + " ";
    std::printf("%-12s %5d %7.3f %7.3f %8.3f %7.1f%%  %s(%s)\n", kind.c_str(), t.n, t.n ? t.p_live / t.n : 0,
                t.n ? t.p_print / t.n : 0, t.n ? t.p_screen / t.n : 0, rate, reasons.c_str(), bona ? "BPCER" : "APCER");
  }
  std::sort(ms.begin(), ms.end());
  if (!ms.empty()) std::printf("liveness per selfie incl. decode+detect: median %.1f ms\n", ms[ms.size() / 2]);
  return 0;
}
