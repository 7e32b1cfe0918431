// `idmatch eval PAIRS.csv`: ranking quality and operating points on a
// labelled pair list. Each image is embedded once (primary face, the same
// path Compare uses), then every pair is scored.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>
#include <type_traits>

#include "cli.h"
#include "eval/metrics.h"

namespace idmatch::cli {

int RunEval(int argc, char** argv) {
  auto args = ParseArgs(
      argc, argv, 2, WithSettingFlags({"--images", "--scores", "--identities", "--det", "--cache", "--false-matches"}),
      {"--json"});
  if (!args.ok()) return Fail(args.status(), false);
  const bool json = args->Has("--json");
  if (args->Has("--identities") && args->positional.empty()) return RunEvalIdentities(*args);
  if (args->Has("--identities")) {
    return Fail(Status(ErrorCode::kInvalidArgument, "give a pair list or --identities, not both"), json);
  }
  for (const char* flag : {"--det", "--cache", "--false-matches"}) {
    if (args->Has(flag)) {
      return Fail(Status(ErrorCode::kInvalidArgument, std::string(flag) + " applies only to eval --identities"), json);
    }
  }
  if (args->positional.size() != 1) {
    return Fail(Status(ErrorCode::kInvalidArgument,
                       "usage: idmatch eval PAIRS.csv [--images DIR] [--json] [--scores OUT.csv]\n"
                       "       idmatch eval --identities FILE [--images DIR] [--json] [--det OUT.svg] [--cache FILE] "
                       "[--false-matches OUT.csv]"),
                json);
  }
  const std::filesystem::path csv_path = args->positional[0];
  auto csv = ReadFile(csv_path.string());
  if (!csv.ok()) return Fail(csv.status(), json);
  if (Status s = CheckOutputFiles(*args, {"--scores"}); !s.ok()) return Fail(s, json);
  auto pairs = eval::ParsePairsCsv(*csv);
  if (!pairs.ok()) return Fail(pairs.status(), json);
  const std::filesystem::path dir = args->Get("--images").value_or(csv_path.parent_path().string());

  auto engine = MakeEngine(*args, false);
  if (!engine.ok()) return Fail(engine.status(), json);

  // file_x is scored as the source (selfie) and file_y as the target, as in
  // Compare; an image on both sides is embedded once per role.
  using Key = std::pair<std::string, ImageRole>;
  std::map<Key, Result<FaceTemplate>> templates;
  for (const auto& p : *pairs) {
    templates.emplace(Key{p.file_x, ImageRole::kSource}, Status(ErrorCode::kInternal, "not run"));
    templates.emplace(Key{p.file_y, ImageRole::kTarget}, Status(ErrorCode::kInternal, "not run"));
  }
  // Fills every entry of `results` (keyed by what names its image) with
  // `embed(bytes, key)`, one thread per engine worker, each taking every n-th.
  const int threads = (*engine)->config().workers;
  auto embed_all = [&](auto& results, const auto& file_of, const auto& embed) {
    std::vector<typename std::remove_reference_t<decltype(results)>::iterator> work;
    for (auto it = results.begin(); it != results.end(); ++it) work.push_back(it);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (size_t i = t; i < work.size(); i += threads) {
          auto bytes = ReadFile((dir / file_of(work[i]->first)).string());
          work[i]->second = bytes.ok() ? embed(*bytes, work[i]->first) : Result<FaceTemplate>(bytes.status());
        }
      });
    }
    for (auto& th : pool) th.join();
  };
  embed_all(
      templates, [](const Key& k) { return k.first; },
      [&](const std::string& bytes, const Key& k) { return (*engine)->Embed(bytes, k.second); });
  // Against a greyscale target face Compare embeds a colour selfie again in
  // greyscale where that applies (EngineConfig::greyscale_matching, profiles
  // whose embedder sees colour): those sources once more.
  std::map<std::string, Result<FaceTemplate>> grey_sources;
  if ((*engine)->MatchesGreyscalePortraits()) {
    for (const auto& p : *pairs) {
      const auto& b = templates.at(Key{p.file_y, ImageRole::kTarget});
      if (b.ok() && b->face.greyscale) grey_sources.emplace(p.file_x, Status(ErrorCode::kInternal, "not run"));
    }
  }
  Face grey_face;
  grey_face.greyscale = true;
  embed_all(
      grey_sources, [](const std::string& file) { return file; },
      [&](const std::string& bytes, const std::string&) { return (*engine)->EmbedForPortrait(bytes, grey_face); });

  std::vector<eval::ScoredPair> scored;
  int failures = 0, genuine_failures = 0;
  FILE* scores_out = nullptr;
  if (auto path = args->Get("--scores")) {
    scores_out = std::fopen(path->c_str(), "w");
    if (scores_out) std::fprintf(scores_out, "file_x,file_y,genuine,similarity,cosine_fr_feature,cosine_dlib\n");
  }
  for (const auto& p : *pairs) {
    const auto& b = templates.at(Key{p.file_y, ImageRole::kTarget});
    const auto grey = b.ok() && b->face.greyscale ? grey_sources.find(p.file_x) : grey_sources.end();
    const auto& a = grey != grey_sources.end() && grey->second.ok() ? grey->second
                                                                    : templates.at(Key{p.file_x, ImageRole::kSource});
    if (!a.ok() || !b.ok()) {
      ++failures;
      genuine_failures += p.genuine ? 1 : 0;
      const auto& bad = !a.ok() ? a.status() : b.status();
      std::fprintf(stderr, "eval: %s,%s not scored: %s\n", p.file_x.c_str(), p.file_y.c_str(), bad.ToString().c_str());
      continue;
    }
    const double s = (*engine)->Similarity(*a, *b);
    scored.push_back({s, p.genuine});
    if (scores_out) {
      // Per-model cosines (0 for a model the profile does not run): the data
      // the profiles' calibration in pipeline/profile.cpp was fitted on.
      const auto c = (*engine)->PerModelCosines(*a, *b);
      std::fprintf(scores_out, "%s,%s,%d,%.3f,%.5f,%.5f\n", p.file_x.c_str(), p.file_y.c_str(), p.genuine ? 1 : 0, s,
                   c.arcface, c.dlib);
    }
  }
  if (scores_out) std::fclose(scores_out);
  auto m = eval::ComputeMetrics(scored);
  if (!m.ok()) return Fail(m.status(), json);
  const float threshold = (*engine)->default_threshold();
  int correct_at_default = 0;
  for (const auto& s : scored) correct_at_default += (s.score >= threshold) == s.genuine ? 1 : 0;
  if (json) {
    nlohmann::json j{{"pairs", scored.size()},
                     {"failures", failures},
                     {"genuine_failures", genuine_failures},
                     {"genuine", m->genuine},
                     {"impostor", m->impostor},
                     {"auc", m->auc},
                     {"best_accuracy", m->best_accuracy},
                     {"best_threshold", m->best_threshold},
                     {"tar_at_far0", m->tar_at_far0},
                     {"tar_at_far1e3", m->tar_at_far1e3},
                     {"tar_at_far1e2", m->tar_at_far1e2},
                     {"threshold", threshold},
                     {"accuracy_at_threshold", double(correct_at_default) / double(scored.size())},
                     {"genuine_range", {m->genuine_min, m->genuine_max}},
                     {"impostor_range", {m->impostor_min, m->impostor_max}},
                     {"margin", m->margin},
                     {"d_prime", m->d_prime},
                     {"model_versions", (*engine)->model_versions()},
                     {"model_profile", ModelProfileName((*engine)->model_profile())}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("model profile          %s\n", std::string(ModelProfileName((*engine)->model_profile())).c_str());
  std::printf("pairs scored           %zu (%d genuine, %d impostor)\n", scored.size(), m->genuine, m->impostor);
  std::printf("face not found         %d pairs (%d genuine)\n", failures, genuine_failures);
  std::printf("ROC AUC                %.5f\n", m->auc);
  std::printf("best accuracy          %.4f at similarity %.2f\n", m->best_accuracy, m->best_threshold);
  std::printf("accuracy at default    %.4f at similarity %.2f\n", double(correct_at_default) / double(scored.size()),
              threshold);
  std::printf("TAR at FAR 1e-2        %.4f\n", m->tar_at_far1e2);
  std::printf("TAR at FAR 1e-3        %.4f\n", m->tar_at_far1e3);
  std::printf("TAR at FAR 0           %.4f\n", m->tar_at_far0);
  std::printf("genuine similarity     %.2f .. %.2f\n", m->genuine_min, m->genuine_max);
  std::printf("impostor similarity    %.2f .. %.2f\n", m->impostor_min, m->impostor_max);
  std::printf("margin (gen min - imp max) %.2f, d-prime %.2f\n", m->margin, m->d_prime);
  return 0;
}

}  // namespace idmatch::cli
