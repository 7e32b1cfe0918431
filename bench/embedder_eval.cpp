// Candidate face embedders on lfw-dev, at the same alignment as the service:
// each photo's primary face and five landmarks come from the default
// profile's pipeline (Engine::Embed, which also gives fr_feature's
// embedding); the candidate ONNX graph (e.g. one converted from a TF.js model
// by tools/tfjs_graph_to_onnx.py) embeds the 112x112 ArcFace-template crop
// of those landmarks. Prints, all-vs-all over identities.csv, TAR at FMR
// 1e-3 / 1e-4 / 1e-5 for fr_feature, the candidate, and their score fusion
// (mean of the two cosines), plus the candidate's time per face.
// Usage: embedder_eval MODEL.onnx [--limit N] [--scale S] [--mean M] [--bgr] [--size 112]
//   input = (pixel - M) * S, RGB unless --bgr (defaults: M 127.5, S 1/128).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <thread>
#include <vector>

#include "eval/all_vs_all.h"
#include "face/align.h"
#include "face/embedder.h"
#include "idmatch/engine.h"
#include "lfw_dev.h"
#include "support/image_factory.h"

namespace {

std::vector<float> Normalised(const cv::Mat& out) {
  std::vector<float> v(out.ptr<float>(), out.ptr<float>() + out.total());
  double n = 0;
  for (float x : v) n += double(x) * x;
  n = std::sqrt(std::max(n, 1e-12));
  for (float& x : v) x = static_cast<float>(x / n);
  return v;
}

void Report(const char* name, idmatch::eval::ScoreSets& scores) {
  const auto r = idmatch::eval::ComputeErrorReport(scores, 1e9);
  std::printf("%-22s", name);
  for (const auto& t : r.tar_at_fmr) {
    if (t.fmr >= 1e-5 && t.fmr <= 1e-3) std::printf("  TAR@%.0e %.4f", t.fmr, t.reachable ? t.tar : -1.0);
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: embedder_eval MODEL.onnx [--limit N] [--scale S] [--mean M] [--bgr] [--size 112]\n");
    return 2;
  }
  const std::string model = argv[1];
  size_t limit = 0;
  double scale = 1.0 / 128.0, mean = 127.5;
  bool bgr = false;
  int size = 112;
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--limit") && i + 1 < argc)
      limit = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--scale") && i + 1 < argc)
      scale = std::strtod(argv[++i], nullptr);
    else if (!std::strcmp(argv[i], "--mean") && i + 1 < argc)
      mean = std::strtod(argv[++i], nullptr);
    else if (!std::strcmp(argv[i], "--size") && i + 1 < argc)
      size = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--bgr"))
      bgr = true;
  }
  const auto lfw = idmatch::bench::LoadLfwDev("embedder_eval");
  if (!lfw) return 77;
  const std::string& root = lfw->root;
  const auto* images = &lfw->images;
  const size_t n = limit > 0 ? std::min(limit, images->size()) : images->size();
  idmatch::EngineConfig config;
  config.assess_quality = false;
  config.liveness.enabled = false;
  auto engine = idmatch::Engine::Create(config);
  if (!engine.ok()) {
    std::fprintf(stderr, "embedder_eval: %s\n", engine.status().ToString().c_str());
    return 1;
  }
  std::vector<std::vector<float>> base(n), cand(n);
  std::vector<char> has(n, 0);
  std::atomic<size_t> next{0};
  std::atomic<long long> candidate_us{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < 2; ++t) {
    pool.emplace_back([&] {
      cv::dnn::Net net = cv::dnn::readNetFromONNX(model);
      for (size_t i = next++; i < n; i = next++) {
        const std::string bytes = idmatch::testing::ReadFileOrEmpty(root + (*images)[i].file);
        auto t = (*engine)->Embed(bytes, idmatch::ImageRole::kSource);
        if (!t.ok()) continue;
        const cv::Mat image = cv::imdecode(
            cv::Mat(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data())), cv::IMREAD_COLOR);
        std::array<cv::Point2f, 5> points;
        for (size_t k = 0; k < 5; ++k) points[k] = {t->face.landmarks[k].x, t->face.landmarks[k].y};
        const auto start = std::chrono::steady_clock::now();
        cv::Mat crop = idmatch::face::AlignFace(image, points).crop;
        if (size != crop.cols) cv::resize(crop, crop, cv::Size(size, size), 0, 0, cv::INTER_AREA);
        net.setInput(cv::dnn::blobFromImage(crop, scale, cv::Size(size, size), cv::Scalar(mean, mean, mean), !bgr));
        cand[i] = Normalised(net.forward());
        candidate_us +=
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
        base[i] = std::move(t->embedding);
        has[i] = 1;
      }
    });
  }
  for (auto& th : pool) th.join();
  std::vector<std::string> identities(n);
  size_t embedded = 0;
  for (size_t i = 0; i < n; ++i) {
    identities[i] = (*images)[i].identity;
    embedded += has[i] ? 1 : 0;
  }
  const std::vector<bool> mask(has.begin(), has.end());
  auto cosine = [](const std::vector<float>& a, const std::vector<float>& b) {
    return 100.0f * idmatch::face::Cosine(a, b);
  };
  const int threads = 2;
  auto s_base = idmatch::eval::ScoreAllPairs(
      identities, mask, [&](size_t i, size_t j) { return cosine(base[i], base[j]); }, threads);
  auto s_cand = idmatch::eval::ScoreAllPairs(
      identities, mask, [&](size_t i, size_t j) { return cosine(cand[i], cand[j]); }, threads);
  auto s_fused = idmatch::eval::ScoreAllPairs(
      identities, mask, [&](size_t i, size_t j) { return (cosine(base[i], base[j]) + cosine(cand[i], cand[j])) / 2; },
      threads);
  std::printf("model %s, %zu of %zu images embedded, %zu genuine / %zu impostor comparisons\n", model.c_str(), embedded,
              n, s_base.genuine.size(), s_base.impostor.size());
  std::printf("candidate: %.2f ms per face (align + embed), input (x - %.1f) * %.5f %s\n",
              embedded ? candidate_us.load() / 1000.0 / double(embedded) : 0.0, mean, scale, bgr ? "BGR" : "RGB");
  Report("fr_feature (default)", s_base);
  Report("candidate", s_cand);
  Report("mean of both cosines", s_fused);
  return 0;
}
