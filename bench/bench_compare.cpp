// Benchmark: model load time, per-stage and end-to-end compare latency on two
// ~2 MP JPEG photos (decode included, models loaded), and peak RSS.
// Usage: bench_compare [ITERATIONS] [MEGAPIXELS] [--document | --no-document] [--target FILE]
//                      [--profile default|open|fusion]
// (defaults 40 and 2.0, after 5 warm-up runs). --document reads the target
// as an ID document (CompareOptions::read_document; off by default): on the
// default face-photo target that is the miss a non-document target pays.
// --target FILE compares against that file as sent (e.g. licence-front.jpg
// from build/tests/make_document_samples DIR PHOTO: a real ID-card compare).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "idmatch/engine.h"

namespace {

struct Stats {
  double min, median, max;
};

Stats Summarise(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v.front(), v[v.size() / 2], v.back()};
}

void Print(const char* name, const std::vector<double>& v) {
  const Stats s = Summarise(v);
  std::printf("  %-22s min %7.2f  median %7.2f  max %7.2f ms\n", name, s.min, s.median, s.max);
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 && argv[1][0] != '-' ? std::max(1, std::atoi(argv[1])) : 40;
  const std::string dir = idmatch::bench::PhotoDir();
  const double megapixels = argc > 2 && argv[2][0] != '-' ? std::max(0.1, std::atof(argv[2])) : 2.0;
  const std::string source = idmatch::bench::JpegAt(dir + "/img1.jpg", megapixels);
  std::string target = idmatch::bench::JpegAt(dir + "/img2.jpg", megapixels);
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) != "--target") continue;
    std::ifstream in(argv[i + 1], std::ios::binary);
    target.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (source.empty() || target.empty()) {
    std::fprintf(stderr, "bench: photos not found under %s (set IDMATCH_SHARED_DIR)\n", dir.c_str());
    return 2;
  }
  std::printf("idmatch bench_compare: %u hardware threads, %d iterations\n", std::thread::hardware_concurrency(),
              iterations);
  std::printf("inputs: img1/img2 resized to ~%.1f MP, JPEG q90 (%zu and %zu bytes)\n", megapixels, source.size(),
              target.size());

  idmatch::EngineConfig config;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) != "--profile") continue;
    const auto profile = idmatch::ParseModelProfile(argv[i + 1]);
    if (!profile) {
      std::fprintf(stderr, "bench: --profile must be default, open or fusion\n");
      return 2;
    }
    config.model_profile = *profile;
  }
  auto engine = idmatch::Engine::Create(config);
  if (!engine.ok()) {
    std::fprintf(stderr, "bench: %s\n", engine.status().ToString().c_str());
    return 1;
  }
  std::printf("model load (verify SHA-256 + %d worker sets): %.1f ms\n", (*engine)->config().workers,
              (*engine)->model_load_ms());

  idmatch::CompareOptions options;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--no-document") options.read_document = false;
    if (std::string(argv[i]) == "--document") options.read_document = true;
  }
  for (int i = 0; i < 5; ++i) (void)(*engine)->Compare(source, target, options);
  std::vector<double> total, decode, detect, landmarks, embed, quality, liveness, document;
  float similarity = 0;
  for (int i = 0; i < iterations; ++i) {
    auto r = (*engine)->Compare(source, target, options);
    if (!r.ok()) {
      std::fprintf(stderr, "bench: compare failed: %s\n", r.status().ToString().c_str());
      return 1;
    }
    similarity = r->similarity;
    total.push_back(r->timings.total_ms);
    for (const auto* t : {&r->timings.source, &r->timings.target}) {
      decode.push_back(t->decode_ms);
      detect.push_back(t->detect_ms);
      landmarks.push_back(t->landmarks_ms);
      embed.push_back(t->embed_ms);
      quality.push_back(t->quality_ms);
    }
    liveness.push_back(r->timings.source.liveness_ms);
    document.push_back(r->timings.target.document_ms);
  }
  std::printf("compare (profile %s, similarity %.1f), per image stages then end to end:\n",
              std::string(idmatch::ModelProfileName(config.model_profile)).c_str(), similarity);
  Print("decode", decode);
  Print("detect", detect);
  Print("landmarks", landmarks);
  Print("align+embed", embed);
  Print("quality (all measures)", quality);
  Print("liveness (selfie)", liveness);
  Print("document read (target)", document);
  Print("compare end to end", total);
  std::printf("peak RSS: %.1f MB\n", PeakRssMb());
  return 0;
}
