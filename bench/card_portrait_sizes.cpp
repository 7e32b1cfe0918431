// Issue 20's measurement: card-vs-selfie accuracy by the size of the ID
// portrait in the phone's photo. For each portrait height (a bin), every
// selected lfw-dev photo is printed as a licence's portrait in a print style
// and photographed at 1280x960 from the distance that makes the portrait that
// tall (tests/support/card_capture.h; seed = the image's index, so every bin
// has the same mix of print styles, tilt, glare, blur and JPEG), then
// compared with every other selected photo as the selfie.
//
// Per bin it prints: how often the portrait was found (the primary face lies
// on the printed portrait), the median eye distance found, card-vs-photo TAR
// at FMR 1e-3 (among found cards, and counting a card with no face as a
// rejection), FNMR and FMR at the threshold (80), the highest impostor score,
// and photo-vs-photo TAR at 1e-3 on the same images for reference. Cards are
// analysed as Compare analyses its target (Engine::EmbedDocument) and each
// selfie is embedded as Compare embeds it against that card (in greyscale
// when the portrait is, Engine::EmbedForPortrait). A second row per bin,
// "grey", gives TAR@1e-3, FNMR, FMR and the impostor maximum among the cards
// whose portrait was judged greyscale (Face::greyscale) only.
//
// Usage: card_portrait_sizes [--sizes 40,55,...] [--limit N] [--per-identity K]
//                            [--profile P] [--csv FILE] [--false-matches FILE] [--by-print on] [--dump DIR]
//   --limit N          images (default 1200), from identities with >= 2
//                      photos, at most K (default 6) per identity
//   --csv FILE         one row per genuine card-vs-photo comparison:
//                      height,matching,eye_distance,similarity (FNMR against size)
//   --by-print on|off  also a row per print style (dye_, half, lase, quan):
//                      which print costs what
//   --false-matches FILE  one row per impostor card-vs-photo comparison at or
//                      above the threshold: height,matching,selfie,card,
//                      selfie_identity,card_identity,similarity (who they are)
//   --dump DIR         writes the first 3 captures of each bin, and every card
//                      without a face (miss_*.jpg), with the face off the
//                      portrait (wrong_*.jpg) or turned (turned_*.jpg), as
//                      JPEGs; DIR must exist
//   --flip none|target|both  test-time flip augmentation (EngineConfig::flip_augment)
//   --halftone-lpi L   the colour halftone's screen ruling (default 75, the
//                      factory's; CardPrintOptions): how much of its cost is
//                      the coarse screen
//   --greyscale-matching on|off  selfies against a greyscale portrait embedded
//                      in greyscale as Compare does (default on), or not
//   --match-resolution off|on|both  selfies embedded as they are, with
//                      resolution matching (Engine::EmbedAtResolution at the
//                      bin's median eye distance), or a row for each
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>
#include <string>
#include <vector>

#include "eval/all_vs_all.h"
#include "idmatch/engine.h"
#include "lfw_dev.h"
#include "support/card_capture.h"
#include "support/image_factory.h"

namespace {

using idmatch::eval::ScoreSets;
using idmatch::testing::PrintStyle;

struct Options {
  std::vector<double> sizes = {40, 50, 60, 70, 85, 100, 120, 140, 200, 300};
  size_t limit = 1200;
  size_t per_identity = 6;
  std::string csv;
  std::string false_matches;
  bool by_print = false;
  std::string dump;
  std::string match_resolution = "off";  // off, on, both
  idmatch::EngineConfig config;
  idmatch::testing::CardPrintOptions print;
};

bool Parse(int argc, char** argv, Options& o) {
  if (argc % 2 == 0) return false;  // a flag without its value, or --help
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--sizes") {
      o.sizes = idmatch::bench::ParseNumberList(value);
    } else if (flag == "--limit") {
      o.limit = std::strtoul(value.c_str(), nullptr, 10);
    } else if (flag == "--per-identity") {
      o.per_identity = std::strtoul(value.c_str(), nullptr, 10);
    } else if (flag == "--csv") {
      o.csv = value;
    } else if (flag == "--by-print") {
      if (value != "off" && value != "on") return false;
      o.by_print = value == "on";
    } else if (flag == "--false-matches") {
      o.false_matches = value;
    } else if (flag == "--match-resolution") {
      o.match_resolution = value;
      if (value != "off" && value != "on" && value != "both") return false;
    } else if (flag == "--greyscale-matching") {
      if (value != "off" && value != "on") return false;
      o.config.greyscale_matching = value == "on";
    } else if (flag == "--halftone-lpi") {
      o.print.halftone_lpi = std::strtod(value.c_str(), nullptr);
      if (!(o.print.halftone_lpi >= 30 && o.print.halftone_lpi <= 300)) return false;
    } else if (flag == "--dump") {
      o.dump = value;
    } else if (flag == "--flip") {
      if (value == "none")
        o.config.flip_augment = idmatch::FlipAugment::kNone;
      else if (value == "target")
        o.config.flip_augment = idmatch::FlipAugment::kTargetOnly;
      else if (value == "both")
        o.config.flip_augment = idmatch::FlipAugment::kBoth;
      else
        return false;
    } else if (flag == "--profile") {
      auto p = idmatch::ParseModelProfile(value);
      if (!p) return false;
      o.config.model_profile = *p;
    } else {
      return false;
    }
  }
  return !o.sizes.empty() && o.limit > 1;
}

bool OnPortrait(const idmatch::Face& face, const std::array<cv::Point2f, 4>& corners) {
  const cv::Point2f centre(face.box.x + face.box.width / 2, face.box.y + face.box.height / 2);
  return cv::pointPolygonTest(std::vector<cv::Point2f>(corners.begin(), corners.end()), centre, false) >= 0;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!Parse(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: card_portrait_sizes [--sizes 40,55,...] [--limit N] [--per-identity K] "
                 "[--profile P] [--csv FILE] [--false-matches FILE] [--by-print on|off] [--dump DIR] "
                 "[--match-resolution off|on|both] [--greyscale-matching on|off] [--flip none|target|both] "
                 "[--halftone-lpi L]\n");
    return 2;
  }
  const auto lfw = idmatch::bench::LoadLfwDev("card_portrait_sizes");
  if (!lfw) return 77;
  const auto images = idmatch::bench::SelectRepeatedIdentities(lfw->images, o.limit, o.per_identity);
  const size_t n = images.size();
  auto engine = idmatch::Engine::Create(o.config);
  if (!engine.ok()) {
    std::fprintf(stderr, "card_portrait_sizes: %s\n", engine.status().ToString().c_str());
    return 1;
  }
  const idmatch::Engine& e = **engine;
  const double threshold = e.default_threshold();
  const int threads = std::max(1, e.config().workers);
  std::vector<std::string> identities(n);
  for (size_t i = 0; i < n; ++i) identities[i] = images[i].identity;

  // The selfies, and the decoded photos the cards are printed from.
  std::vector<idmatch::FaceTemplate> photos(n);
  std::vector<cv::Mat> decoded(n);
  std::vector<char> has_photo(n, 0);
  auto parallel = [&](const std::function<void(size_t)>& work) {
    idmatch::bench::ParallelFor(n, threads, [&](size_t i, int) { work(i); });
  };
  parallel([&](size_t i) {
    const std::string bytes = idmatch::testing::ReadFileOrEmpty(lfw->root + images[i].file);
    decoded[i] = cv::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data())),
                              cv::IMREAD_COLOR);
    if (auto p = e.Embed(bytes, idmatch::ImageRole::kSource); p.ok()) {
      photos[i] = std::move(*p);
      has_photo[i] = 1;
    }
  });
  // The selfies as Compare embeds them against a greyscale portrait (none
  // where that does not apply: greyscale matching off, or a profile whose
  // embedder sees no colour).
  std::vector<idmatch::FaceTemplate> grey_photos(n);
  if (e.MatchesGreyscalePortraits()) {
    idmatch::Face grey_portrait;
    grey_portrait.greyscale = true;
    parallel([&](size_t i) {
      if (!has_photo[i]) return;
      const std::string bytes = idmatch::testing::ReadFileOrEmpty(lfw->root + images[i].file);
      if (auto p = e.EmbedForPortrait(bytes, grey_portrait); p.ok()) grey_photos[i] = std::move(*p);
    });
  }
  auto photo_scores = idmatch::eval::ScoreAllPairs(
      identities, std::vector<bool>(has_photo.begin(), has_photo.end()),
      [&](size_t i, size_t j) { return e.Similarity(photos[i], photos[j]); }, threads);
  const auto photo_report = idmatch::eval::ComputeErrorReport(photo_scores, threshold);
  std::printf(
      "profile %s, %zu images of %zu identities, threshold %.0f; photo-vs-photo: TAR at FMR 1e-3 %.4f, "
      "FNMR at %.0f %.2f%%, FMR %.2g\n",
      std::string(idmatch::ModelProfileName(e.model_profile())).c_str(), n,
      std::set<std::string>(identities.begin(), identities.end()).size(), threshold,
      idmatch::bench::TarAtFmr(photo_report, 1e-3), threshold, 100 * photo_report.fnmr_at_threshold,
      photo_report.fmr_at_threshold);
  std::printf("%6s %4s %7s %7s %7s %6s %9s %9s %8s %8s %5s %7s %8s\n", "height", "row", "found", "wrong", "turned",
              "eye_px", "TAR@1e-3", "TAR_all", "FNMR@80", "FMR@80", "FM", "imp_max", "genuine");
  FILE* csv = o.csv.empty() ? nullptr : std::fopen(o.csv.c_str(), "w");
  if (csv) std::fprintf(csv, "height,matching,eye_distance,similarity\n");
  FILE* false_matches = o.false_matches.empty() ? nullptr : std::fopen(o.false_matches.c_str(), "w");
  if (false_matches)
    std::fprintf(false_matches, "height,matching,selfie,card,selfie_identity,card_identity,similarity\n");

  for (const double height : o.sizes) {
    std::vector<idmatch::FaceTemplate> cards(n);
    std::vector<char> found(n, 0), wrong(n, 0), turned(n, 0);
    std::vector<PrintStyle> prints(n, PrintStyle::kDyeSublimation);
    std::vector<double> eyes(n, 0);
    parallel([&](size_t i) {
      if (decoded[i].empty()) return;
      const auto capture = idmatch::testing::CaptureCard(decoded[i], height, static_cast<unsigned>(i), o.print);
      prints[i] = capture.conditions.print;
      auto dump_as = [&](const char* kind) {
        if (o.dump.empty()) return;
        const std::string path =
            o.dump + "/" + kind + "_" + std::to_string(int(height)) + "_" + std::to_string(i) + ".jpg";
        if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
          std::fwrite(capture.jpeg.data(), 1, capture.jpeg.size(), f);
          std::fclose(f);
        }
      };
      if (i < 3) dump_as("card");
      auto c = e.EmbedDocument(capture.jpeg);
      if (!c.ok()) {
        dump_as("miss");
        return;
      }
      if (!OnPortrait(c->face, capture.portrait_corners)) {
        wrong[i] = 1;
        dump_as("wrong");
        return;
      }
      turned[i] = c->image.upright_rotation != 0 ? 1 : 0;
      if (turned[i]) dump_as("turned");
      eyes[i] = idmatch::EyeDistance(c->face);
      cards[i] = std::move(*c);
      found[i] = 1;
    });
    std::vector<bool> both(n);
    size_t made = 0, found_count = 0, wrong_count = 0, turned_count = 0;
    std::vector<double> eye_list;
    for (size_t i = 0; i < n; ++i) {
      made += decoded[i].empty() ? 0 : 1;
      found_count += found[i] ? 1 : 0;
      wrong_count += wrong[i] ? 1 : 0;
      both[i] = has_photo[i] && found[i];
      if (found[i]) eye_list.push_back(eyes[i]);
      turned_count += turned[i] ? 1 : 0;
    }
    // The selfie `photo` as Compare embeds it against `card`: in greyscale
    // when the card's portrait is (EngineConfig::greyscale_matching).
    auto SelfieFor = [&](const std::vector<idmatch::FaceTemplate>& selfies, size_t photo,
                         size_t card) -> const idmatch::FaceTemplate& {
      return cards[card].face.greyscale && !grey_photos[photo].embedding.empty() ? grey_photos[photo] : selfies[photo];
    };
    // One row of figures for the selfies `selfies` against this bin's cards.
    // `only`: the figures among the cards it accepts only, e.g. greyscale
    // portraits or one print style (card columns still count every card).
    auto report = [&](const char* matching, const std::vector<idmatch::FaceTemplate>& selfies,
                      const std::function<bool(size_t)>& only) {
      const bool every_card = !only;
      // Card j against photo i for every ordered pair i != j with a photo; a
      // missing card scores 0 (a rejection at any threshold) in TAR_all.
      std::vector<bool> with_photo(has_photo.begin(), has_photo.end());
      auto score = [&](size_t photo, size_t card) {
        return found[card] ? e.Similarity(SelfieFor(selfies, photo, card), cards[card]) : 0.0f;
      };
      auto forward = idmatch::eval::ScoreAllPairs(
          identities, with_photo, [&](size_t i, size_t j) { return score(i, j); }, threads);
      auto backward = idmatch::eval::ScoreAllPairs(
          identities, with_photo, [&](size_t i, size_t j) { return score(j, i); }, threads);
      ScoreSets all;
      all.genuine = forward.genuine;
      all.genuine.insert(all.genuine.end(), backward.genuine.begin(), backward.genuine.end());
      all.impostor = forward.impostor;
      all.impostor.insert(all.impostor.end(), backward.impostor.begin(), backward.impostor.end());
      // Among found cards only.
      ScoreSets found_scores;
      for (size_t i = 0; i < n; ++i) {
        if (!has_photo[i]) continue;
        for (size_t j = 0; j < n; ++j) {
          if (j == i || !both[j] || (only && !only(j))) continue;
          const float s = e.Similarity(SelfieFor(selfies, i, j), cards[j]);
          if (identities[i] == identities[j]) {
            found_scores.genuine.push_back(s);
            if (csv && every_card) std::fprintf(csv, "%.0f,%s,%.2f,%.3f\n", height, matching, eyes[j], s);
          } else {
            found_scores.impostor.push_back(s);
            if (false_matches && every_card && s >= threshold) {
              std::fprintf(false_matches, "%.0f,%s,%s,%s,%s,%s,%.3f\n", height, matching, images[i].file.c_str(),
                           images[j].file.c_str(), identities[i].c_str(), identities[j].c_str(), s);
            }
          }
        }
      }
      const auto r = idmatch::eval::ComputeErrorReport(found_scores, threshold);
      const double imp_max = found_scores.impostor.empty()
                                 ? 0
                                 : *std::max_element(found_scores.impostor.begin(), found_scores.impostor.end());
      std::printf("%6.0f %4s %6.2f%% %6.2f%% %6.2f%% %6.1f %9.4f %9.4f %7.2f%% %8.2g %5lld %7.2f %8zu\n", height,
                  matching, 100.0 * double(found_count) / double(std::max<size_t>(made, 1)),
                  100.0 * double(wrong_count) / double(std::max<size_t>(made, 1)),
                  100.0 * double(turned_count) / double(std::max<size_t>(made, 1)), Median(eye_list),
                  idmatch::bench::TarAtFmr(r, 1e-3),
                  idmatch::bench::TarAtFmr(idmatch::eval::ComputeErrorReport(all, threshold), 1e-3),
                  100 * r.fnmr_at_threshold, r.fmr_at_threshold, (long long)r.false_matches, imp_max,
                  found_scores.genuine.size());
      std::fflush(stdout);
    };
    if (o.match_resolution != "on") {
      report("off", photos, nullptr);
      report("grey", photos, [&](size_t j) { return cards[j].face.greyscale; });
      if (o.by_print) {
        for (const auto style :
             {PrintStyle::kDyeSublimation, PrintStyle::kHalftone, PrintStyle::kLaserEngraved, PrintStyle::kQuantised}) {
          report(std::string(idmatch::testing::PrintStyleName(style)).substr(0, 4).c_str(), photos,
                 [&, style](size_t j) { return prints[j] == style; });
        }
      }
    }
    if (o.match_resolution != "off") {
      // Resolution matching: the selfies embedded as Compare would against a
      // portrait of the bin's median eye distance (Compare uses each
      // portrait's own; within a bin they vary with tilt).
      const double bin_eyes = Median(eye_list);
      std::vector<idmatch::FaceTemplate> matched = photos;
      parallel([&](size_t i) {
        if (!has_photo[i]) return;
        const std::string bytes = idmatch::testing::ReadFileOrEmpty(lfw->root + images[i].file);
        auto p = e.EmbedAtResolution(bytes, idmatch::ImageRole::kSource, bin_eyes);
        if (p.ok()) matched[i] = std::move(*p);
      });
      report("on", matched, nullptr);
    }
  }
  if (csv) std::fclose(csv);
  if (false_matches) std::fclose(false_matches);
  return 0;
}
