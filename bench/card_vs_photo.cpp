// Card-vs-selfie against photo-vs-photo on the same people: every lfw-dev
// photo is embedded as a selfie (ImageRole::kSource) and, printed as the
// portrait of a synthetic licence front that is then photographed on a table
// (tests/support/card_pairs.h, seed = the image's index), as an ID card
// (ImageRole::kTarget). Then, all-vs-all:
//   photo-vs-photo: every pair {i, j}, i < j (as `idmatch eval --identities`);
//   card-vs-photo:  card j against photo i for every i != j (the same image
//                   never meets its own card): genuine when the identities match.
// Prints comparisons, FMR/FNMR at the engine's threshold (80 unless
// --threshold) and TAR at FMR 1e-2 .. 1e-5 for both, so the cost of the card
// (print, perspective, glare, JPEG) is one number per FMR level.
// Usage: card_vs_photo [--profile P] [--limit N] [--card-scale F]
//   --card-scale F  the photographed card's size relative to the factory's
//                   (1 = the card fills most of a 1920x1080 frame; 0.3 puts
//                   the portrait near 60-70 px tall, issue 20's hard case).
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "eval/all_vs_all.h"
#include "idmatch/engine.h"
#include "lfw_dev.h"
#include "support/card_pairs.h"
#include "support/image_factory.h"

namespace {

using idmatch::eval::ScoreSets;

// The photographed card, shrunk by `scale` (as if taken from further away)
// and re-encoded as the phone would (JPEG q90).
std::string ScaledCard(const std::string& card_jpeg, double scale) {
  if (scale >= 1.0) return card_jpeg;
  const cv::Mat card = cv::imdecode(
      cv::Mat(1, static_cast<int>(card_jpeg.size()), CV_8U, const_cast<char*>(card_jpeg.data())), cv::IMREAD_COLOR);
  cv::Mat small;
  cv::resize(card, small, cv::Size(), scale, scale, cv::INTER_AREA);
  std::vector<uchar> bytes;
  cv::imencode(".jpg", small, bytes, {cv::IMWRITE_JPEG_QUALITY, 90});
  return std::string(bytes.begin(), bytes.end());
}

void Print(const char* name, ScoreSets& scores, double threshold) {
  const auto r = idmatch::eval::ComputeErrorReport(scores, threshold);
  std::printf("%-15s %lld genuine, %lld impostor comparisons\n", name, (long long)r.genuine_comparisons,
              (long long)r.impostor_comparisons);
  std::printf("%-15s at %.0f: FMR %.3g (%lld), FNMR %.4f (%lld); median genuine %.2f, impostor %.2f\n", "", threshold,
              r.fmr_at_threshold, (long long)r.false_matches, r.fnmr_at_threshold, (long long)r.false_non_matches,
              r.genuine_median, r.impostor_median);
  for (const auto& t : r.tar_at_fmr) {
    if (!t.reachable || t.fmr < 1e-5) continue;
    std::printf("%-15s TAR at FMR %.0e: %.4f (similarity > %.2f)\n", "", t.fmr, t.tar, t.threshold);
  }
}

}  // namespace

int main(int argc, char** argv) {
  idmatch::EngineConfig config;
  size_t limit = 0;
  double card_scale = 1.0;
  double threshold = 0;
  bool usable = argc % 2 == 1;  // flags come with a value each
  for (int i = 1; usable && i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--profile")) {
      auto p = idmatch::ParseModelProfile(argv[i + 1]);
      usable = p.has_value();
      if (p) config.model_profile = *p;
    } else if (!std::strcmp(argv[i], "--limit")) {
      limit = std::strtoul(argv[i + 1], nullptr, 10);
    } else if (!std::strcmp(argv[i], "--card-scale")) {
      card_scale = std::strtod(argv[i + 1], nullptr);
    } else if (!std::strcmp(argv[i], "--threshold")) {
      threshold = std::strtod(argv[i + 1], nullptr);
    } else {
      usable = false;
    }
  }
  if (!usable) {
    std::fprintf(stderr, "usage: card_vs_photo [--profile P] [--limit N] [--card-scale S] [--threshold T]\n");
    return 2;
  }
  const auto lfw = idmatch::bench::LoadLfwDev("card_vs_photo");
  if (!lfw) return 77;
  const std::string& root = lfw->root;
  const auto* images = &lfw->images;
  const size_t n = limit > 0 ? std::min(limit, images->size()) : images->size();
  auto engine = idmatch::Engine::Create(config);
  if (!engine.ok()) {
    std::fprintf(stderr, "card_vs_photo: %s\n", engine.status().ToString().c_str());
    return 1;
  }
  const idmatch::Engine& e = **engine;
  if (threshold <= 0) threshold = e.default_threshold();

  std::vector<idmatch::FaceTemplate> photos(n), cards(n);
  std::vector<char> has_photo(n, 0), has_card(n, 0);
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < e.config().workers; ++t) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < n; i = next++) {
        const std::string bytes = idmatch::testing::ReadFileOrEmpty(root + (*images)[i].file);
        if (auto p = e.Embed(bytes, idmatch::ImageRole::kSource); p.ok()) {
          photos[i] = std::move(*p);
          has_photo[i] = 1;
        }
        const cv::Mat photo = cv::imdecode(
            cv::Mat(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data())), cv::IMREAD_COLOR);
        if (photo.empty()) continue;
        const std::string card =
            ScaledCard(idmatch::testing::CardPhotoJpeg(photo, static_cast<unsigned>(i)), card_scale);
        if (auto c = e.Embed(card, idmatch::ImageRole::kTarget); c.ok()) {
          cards[i] = std::move(*c);
          has_card[i] = 1;
        }
        if ((i + 1) % 500 == 0) std::fprintf(stderr, "card_vs_photo: %zu of %zu\n", i + 1, n);
      }
    });
  }
  for (auto& th : pool) th.join();

  std::vector<std::string> identities(n);
  for (size_t i = 0; i < n; ++i) identities[i] = (*images)[i].identity;
  size_t photo_faces = 0, card_faces = 0;
  double portrait_height = 0;
  std::vector<double> heights;
  for (size_t i = 0; i < n; ++i) {
    photo_faces += has_photo[i] ? 1 : 0;
    card_faces += has_card[i] ? 1 : 0;
    if (has_card[i]) heights.push_back(cards[i].face.box.height);
  }
  if (!heights.empty()) {
    std::nth_element(heights.begin(), heights.begin() + static_cast<long>(heights.size() / 2), heights.end());
    portrait_height = heights[heights.size() / 2];
  }
  std::printf("profile %s, %zu images of %zu identities, card scale %.2f\n",
              std::string(idmatch::ModelProfileName(e.model_profile())).c_str(), n,
              std::set<std::string>(identities.begin(), identities.end()).size(), card_scale);
  std::printf("faces found: %zu photos, %zu cards (median card face box %.0f px tall)\n", photo_faces, card_faces,
              portrait_height);

  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto photo_scores = idmatch::eval::ScoreAllPairs(
      identities, std::vector<bool>(has_photo.begin(), has_photo.end()),
      [&](size_t i, size_t j) { return e.Similarity(photos[i], photos[j]); }, threads);
  // card-vs-photo: both orders of every pair {i, j} (photo i with card j, and
  // photo j with card i), never an image with its own card.
  std::vector<bool> both(n);
  for (size_t i = 0; i < n; ++i) both[i] = has_photo[i] && has_card[i];
  auto forward = idmatch::eval::ScoreAllPairs(
      identities, both, [&](size_t i, size_t j) { return e.Similarity(photos[i], cards[j]); }, threads);
  auto backward = idmatch::eval::ScoreAllPairs(
      identities, both, [&](size_t i, size_t j) { return e.Similarity(photos[j], cards[i]); }, threads);
  ScoreSets card_scores;
  card_scores.genuine = std::move(forward.genuine);
  card_scores.genuine.insert(card_scores.genuine.end(), backward.genuine.begin(), backward.genuine.end());
  card_scores.impostor = std::move(forward.impostor);
  card_scores.impostor.insert(card_scores.impostor.end(), backward.impostor.begin(), backward.impostor.end());
  Print("photo-vs-photo", photo_scores, threshold);
  Print("card-vs-photo", card_scores, threshold);
  return 0;
}
