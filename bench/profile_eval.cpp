// Accuracy and speed of every model profile on the same data:
//  - the deepface pairs (../shared/testdata/faces/deepface/master.csv), and
//  - ID-card-vs-selfie pairs: each pair's second photo printed as the portrait
//    of a synthetic licence front, photographed (perspective, blur, glare,
//    JPEG), and compared with the pair's first photo (support/card_pairs.h).
// For each: AUC, TAR at FAR 1e-3 and at zero false accepts, the margin
// (lowest genuine - highest impostor similarity) and d'; for fusion also each
// of its two models alone on the same faces and scale. Then the mean time
// per stage per image and the median end-to-end compare (selfie vs card).
// Usage: profile_eval [default,open,fusion] [COMPARES]   (COMPARES default 20)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "eval/metrics.h"
#include "idmatch/engine.h"
#include "pipeline/profile.h"
#include "support/card_pairs.h"
#include "support/image_factory.h"

namespace {

using idmatch::Engine;
using idmatch::FaceTemplate;
using idmatch::ImageRole;
using idmatch::Result;

struct StageTimes {
  double detect = 0, landmarks = 0, embed = 0;
  int images = 0;
  void Add(const idmatch::ImageTimings& t) {
    detect += t.detect_ms;
    landmarks += t.landmarks_ms;
    embed += t.embed_ms;
    ++images;
  }
};

// Embeds every (name, role) key on two threads.
using Key = std::pair<std::string, ImageRole>;
std::map<Key, Result<FaceTemplate>> EmbedAll(const Engine& engine, const std::map<std::string, std::string>& bytes,
                                             const std::vector<Key>& keys) {
  std::map<Key, Result<FaceTemplate>> out;
  for (const auto& k : keys) out.emplace(k, idmatch::Status(idmatch::ErrorCode::kInternal, "not run"));
  std::vector<std::map<Key, Result<FaceTemplate>>::iterator> work;
  for (auto it = out.begin(); it != out.end(); ++it) work.push_back(it);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < work.size(); i += 2)
        work[i]->second = engine.Embed(bytes.at(work[i]->first.first), work[i]->first.second);
    });
  }
  for (auto& th : threads) th.join();
  return out;
}

void PrintMetrics(const char* set, const std::vector<idmatch::eval::ScoredPair>& scored, int lost) {
  auto m = idmatch::eval::ComputeMetrics(scored);
  if (!m.ok()) {
    std::printf("  %-17s %s\n", set, m.status().ToString().c_str());
    return;
  }
  std::printf(
      "  %-9s pairs %3zu lost %d  AUC %.5f  TAR@FAR1e-3 %.3f  TAR@FAR0 %.3f  margin %6.2f  d' %5.2f"
      "  (genuine %.1f..%.1f, impostor %.1f..%.1f)\n",
      set, scored.size(), lost, m->auc, m->tar_at_far1e3, m->tar_at_far0, m->margin, m->d_prime, m->genuine_min,
      m->genuine_max, m->impostor_min, m->impostor_max);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> profiles{"default", "open", "fusion"};
  if (argc > 1) {
    profiles.clear();
    std::stringstream list(argv[1]);
    for (std::string p; std::getline(list, p, ',');) profiles.push_back(p);
  }
  const int compares = argc > 2 ? std::max(1, std::atoi(argv[2])) : 20;
  const std::string dir = idmatch::bench::PhotoDir();
  auto csv = idmatch::testing::ReadFileOrEmpty(dir + "/master.csv");
  auto pairs = idmatch::eval::ParsePairsCsv(csv);
  if (csv.empty() || !pairs.ok()) {
    std::fprintf(stderr, "profile_eval: %s/master.csv not found (set IDMATCH_SHARED_DIR)\n", dir.c_str());
    return 2;
  }
  // Every photo, and a photographed card of every photo that is a pair's target.
  std::map<std::string, std::string> bytes;
  unsigned seed = 1;
  for (const auto& p : *pairs) {
    for (const auto& f : {p.file_x, p.file_y}) {
      if (!bytes.count(f)) bytes[f] = idmatch::testing::ReadFileOrEmpty(dir + "/" + f);
    }
    if (!bytes.count("card:" + p.file_y)) {
      bytes["card:" + p.file_y] = idmatch::testing::CardPhotoJpeg(cv::imread(dir + "/" + p.file_y), seed++);
    }
  }
  std::printf("profile_eval: %zu deepface pairs, %u cards photographed, %u hardware threads\n", pairs->size(), seed - 1,
              std::thread::hardware_concurrency());
  for (const auto& name : profiles) {
    idmatch::EngineConfig config;
    auto profile = idmatch::ParseModelProfile(name);
    if (!profile) {
      std::fprintf(stderr, "profile_eval: unknown profile %s\n", name.c_str());
      return 2;
    }
    config.model_profile = *profile;
    auto engine = Engine::Create(config);
    if (!engine.ok()) {
      std::fprintf(stderr, "profile_eval: %s\n", engine.status().ToString().c_str());
      return 1;
    }
    std::vector<Key> keys;
    for (const auto& p : *pairs) {
      keys.push_back({p.file_x, ImageRole::kSource});
      keys.push_back({p.file_y, ImageRole::kTarget});
      keys.push_back({"card:" + p.file_y, ImageRole::kTarget});
    }
    const auto templates = EmbedAll(**engine, bytes, keys);
    std::printf("%s (%s, threshold %.1f, models loaded in %.0f ms)\n", name.c_str(),
                (*engine)->model_versions().c_str(), (*engine)->default_threshold(), (*engine)->model_load_ms());
    StageTimes photo_times, card_times;
    for (const auto& [key, t] : templates) {
      if (t.ok()) (key.first.starts_with("card:") ? card_times : photo_times).Add(t->timings);
    }
    const bool fusion = *profile == idmatch::ModelProfile::kFusion;
    for (const bool cards : {false, true}) {
      std::vector<idmatch::eval::ScoredPair> scored, arcface_only, dlib_only;
      int lost = 0;
      for (const auto& p : *pairs) {
        const auto& a = templates.at({p.file_x, ImageRole::kSource});
        const auto& b = templates.at({(cards ? "card:" : "") + p.file_y, ImageRole::kTarget});
        if (!a.ok() || !b.ok()) {
          lost += p.genuine ? 1 : 0;
          continue;
        }
        scored.push_back({(*engine)->Similarity(*a, *b), p.genuine});
        if (fusion) {
          // Each fused model alone, on the same faces and the same scale.
          const auto c = idmatch::pipeline::SplitCosines(*profile, a->embedding, b->embedding);
          arcface_only.push_back({100.0 * std::clamp(c.arcface, 0.0f, 1.0f), p.genuine});
          const float dlib = idmatch::pipeline::DlibOnArcFaceScale(*profile, c.dlib);
          dlib_only.push_back({100.0 * std::clamp(dlib, 0.0f, 1.0f), p.genuine});
        }
      }
      PrintMetrics(cards ? "id-card" : "deepface", scored, lost);
      if (fusion) {
        PrintMetrics(" fr_feature alone", arcface_only, lost);
        PrintMetrics(" dlib alone", dlib_only, lost);
      }
    }
    for (const auto& [set, t] : {std::pair{"photos", photo_times}, std::pair{"cards", card_times}}) {
      std::printf("  %-9s per image: detect %.1f ms, landmarks %.1f ms, align+embed %.1f ms (%d images)\n", set,
                  t.detect / t.images, t.landmarks / t.images, t.embed / t.images, t.images);
    }
    std::vector<double> total;
    const std::string& selfie = bytes.at("img1.jpg");
    const std::string& card = bytes.at("card:img2.jpg");
    for (int i = 0; i < compares + 3; ++i) {
      auto r = (*engine)->Compare(selfie, card);
      if (r.ok() && i >= 3) total.push_back(r->timings.total_ms);  // 3 warm-up compares
    }
    std::sort(total.begin(), total.end());
    if (!total.empty()) {
      std::printf("  compare img1 vs card of img2 (quality + liveness on): median %.1f ms over %zu\n",
                  total[total.size() / 2], total.size());
    }
  }
  return 0;
}
