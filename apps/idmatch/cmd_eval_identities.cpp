// `idmatch eval --identities FILE`: all-vs-all error rates over an identity
// list (every same-identity pair genuine, every cross-identity pair an
// impostor). Each image is embedded once, on every engine worker at once, and
// cached by its SHA-256 so a re-run (or another threshold) costs seconds.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "cli.h"
#include "core/sha256.h"
#include "eval/all_vs_all.h"
#include "pipeline/calibration.h"
#include "pipeline/profile.h"

namespace idmatch::cli {
namespace {

namespace fs = std::filesystem;

// image SHA-256 -> embedding (empty: no face found). One file per profile and
// flip setting; its first line names the model versions, and a file written
// by other models is ignored.
class EmbeddingCache {
 public:
  EmbeddingCache(fs::path path, std::string models) : path_(std::move(path)), models_(std::move(models)) {
    std::ifstream in(path_, std::ios::binary);
    std::string header;
    if (!in || !std::getline(in, header) || header != "idmatch-embeddings 1 " + models_) return;
    char sha[64];
    int32_t n = 0;
    while (in.read(sha, sizeof sha) && in.read(reinterpret_cast<char*>(&n), sizeof n)) {
      if (n < 0 || n > 4096) break;
      std::vector<float> v(static_cast<size_t>(n));
      if (!in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(float)))) break;
      entries_[std::string(sha, sizeof sha)] = std::move(v);
    }
  }
  // Under the lock: the workers look up while others Add (a std::map insert
  // invalidates no element, but a concurrent find during it is a data race).
  // The vector is copied out for the same reason.
  std::optional<std::vector<float>> Find(const std::string& sha) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(sha);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }
  void Add(const std::string& sha, std::vector<float> v) {
    std::lock_guard lock(mutex_);
    entries_[sha] = std::move(v);
    dirty_ = true;
  }
  void Save() const {
    if (!dirty_) return;
    std::error_code ec;
    fs::create_directories(path_.parent_path(), ec);
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << "idmatch-embeddings 1 " << models_ << "\n";
    for (const auto& [sha, v] : entries_) {
      const auto n = static_cast<int32_t>(v.size());
      out.write(sha.data(), 64);
      out.write(reinterpret_cast<const char*>(&n), sizeof n);
      out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(float)));
    }
  }

 private:
  fs::path path_;
  std::string models_;
  std::map<std::string, std::vector<float>> entries_;
  mutable std::mutex mutex_;
  bool dirty_ = false;
};

fs::path DefaultCachePath(const Engine& engine) {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  const fs::path root = xdg && *xdg ? fs::path(xdg) : fs::path(home && *home ? home : "/var/tmp") / ".cache";
  const auto flip = engine.config().flip_augment;
  const char* flip_name = flip == FlipAugment::kNone ? "none" : flip == FlipAugment::kBoth ? "both" : "target";
  return root / "idmatch" / "eval" /
         (std::string(ModelProfileName(engine.model_profile())) + "-flip-" + flip_name + "-r" +
          std::to_string(kEmbeddingRevision) + ".embeddings");
}

std::string Level(double fmr) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0e", fmr);  // "1e-04"
  std::string s = buf;
  const auto e = s.find("e-0");
  if (e != std::string::npos) s.erase(e + 2, 1);  // "1e-4"
  return s;
}

// Every impostor pair scoring at or above `threshold`, highest first, as CSV
// (file_x,file_y,identity_x,identity_y,similarity): the tail an FMR is made of,
// to be read for label artefacts, relatives and lookalikes (docs/accuracy.md).
// One pass over all pairs on this thread (~10 s for lfw-dev's 15M).
void WriteFalseMatches(const fs::path& out_path, const std::vector<eval::IdentityImage>& images,
                       const std::vector<FaceTemplate>& templates, const std::vector<bool>& has, ModelProfile profile,
                       double threshold) {
  struct Hit {
    float similarity;
    size_t i, j;
  };
  std::vector<Hit> hits;
  for (size_t i = 0; i < images.size(); ++i) {
    if (!has[i]) continue;
    for (size_t j = i + 1; j < images.size(); ++j) {
      if (!has[j] || images[i].identity == images[j].identity) continue;
      const float s = pipeline::CalibratedSimilarity(
          profile, pipeline::RawSimilarity(profile, templates[i].embedding, templates[j].embedding));
      if (s >= threshold) hits.push_back({s, i, j});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.similarity > b.similarity; });
  std::ofstream out(out_path);
  out << "file_x,file_y,identity_x,identity_y,similarity\n";
  for (const auto& h : hits) {
    out << images[h.i].file << ',' << images[h.j].file << ',' << images[h.i].identity << ',' << images[h.j].identity
        << ',' << std::fixed << std::setprecision(3) << h.similarity << '\n';
  }
}

}  // namespace

int RunEvalIdentities(const Args& args) {
  const bool json = args.Has("--json");
  const fs::path list_path = *args.Get("--identities");
  auto text = ReadFile(list_path.string());
  if (!text.ok()) return Fail(text.status(), json);
  auto images = eval::ParseIdentitiesCsv(*text);
  if (!images.ok()) return Fail(images.status(), json);
  if (Status s = CheckOutputFiles(args, {"--false-matches", "--det"}); !s.ok()) return Fail(s, json);
  const fs::path dir = args.Get("--images").value_or(list_path.parent_path().string());
  auto engine = MakeEngine(args, false);
  if (!engine.ok()) return Fail(engine.status(), json);
  const Engine& e = **engine;

  EmbeddingCache cache(args.Get("--cache").value_or(DefaultCachePath(e).string()),
                       e.model_versions() + " " + std::string(ModelProfileName(e.model_profile())));
  const size_t n = images->size();
  std::vector<std::vector<float>> embeddings(n);
  // char, not bool: the workers write neighbouring entries at once, and
  // std::vector<bool> packs them into shared words (a data race).
  std::vector<char> embedded(n, 0);
  std::vector<std::string> identities(n), unreadable;
  std::mutex unreadable_mutex;
  std::atomic<size_t> next{0}, done{0}, computed{0};
  // Every engine worker embeds images at once (the same path Compare takes for
  // a selfie: primary face, its embedding).
  std::vector<std::thread> pool;
  for (int t = 0; t < e.config().workers; ++t) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < n; i = next++) {
        identities[i] = (*images)[i].identity;
        auto bytes = ReadFile((dir / (*images)[i].file).string());
        if (!bytes.ok()) {
          std::lock_guard lock(unreadable_mutex);
          unreadable.push_back((*images)[i].file);
          continue;
        }
        const std::string sha = sha256::Hex(*bytes);
        if (auto hit = cache.Find(sha)) {
          embeddings[i] = std::move(*hit);
        } else {
          auto t = e.Embed(*bytes, ImageRole::kSource);
          embeddings[i] = t.ok() ? std::move(t->embedding) : std::vector<float>{};
          cache.Add(sha, embeddings[i]);
          ++computed;
        }
        embedded[i] = !embeddings[i].empty();
        if (const size_t d = ++done; !json && d % 500 == 0) std::fprintf(stderr, "eval: %zu of %zu images\n", d, n);
      }
    });
  }
  for (auto& th : pool) th.join();
  cache.Save();
  const std::vector<bool> has(embedded.begin(), embedded.end());
  std::vector<std::string> no_face;
  for (size_t i = 0; i < n; ++i) {
    if (!has[i] && std::find(unreadable.begin(), unreadable.end(), (*images)[i].file) == unreadable.end())
      no_face.push_back((*images)[i].file);
  }
  std::vector<FaceTemplate> templates(n);
  for (size_t i = 0; i < n; ++i) templates[i].embedding = std::move(embeddings[i]);
  // Raw scores first (the data the similarity scale is fitted on), then the
  // same comparisons on the calibrated scale the answers use.
  const ModelProfile profile = e.model_profile();
  auto raw_scores = eval::ScoreAllPairs(
      identities, has,
      [&](size_t i, size_t j) {
        return pipeline::RawSimilarity(profile, templates[i].embedding, templates[j].embedding);
      },
      static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  eval::ScoreSets scores;
  for (const auto* from : {&raw_scores.genuine, &raw_scores.impostor}) {
    auto& to = from == &raw_scores.genuine ? scores.genuine : scores.impostor;
    to.reserve(from->size());
    for (float raw : *from) to.push_back(pipeline::CalibratedSimilarity(profile, raw));
  }
  const double threshold = e.default_threshold();
  const auto report = eval::ComputeErrorReport(scores, threshold);
  const auto raw_report = eval::ComputeErrorReport(raw_scores, 0);
  if (auto path = args.Get("--false-matches")) {
    WriteFalseMatches(*path, *images, templates, has, profile, threshold);
  }
  if (auto det = args.Get("--det")) {
    std::ofstream(*det) << eval::DetSvg({{std::string(ModelProfileName(e.model_profile())), &scores, threshold}},
                                        "DET, all-vs-all over " + list_path.filename().string());
  }

  if (json) {
    nlohmann::json tar = nlohmann::json::object();
    for (const auto& t : report.tar_at_fmr) {
      nlohmann::json j{
          {"reachable", t.reachable}, {"tar", t.tar}, {"threshold", t.threshold}, {"false_matches", t.false_matches}};
      if (t.fmr_upper_95 > 0) j["fmr_upper_95"] = t.fmr_upper_95;
      tar[Level(t.fmr)] = j;
    }
    auto quantiles_of = [](const eval::ErrorReport& r) {
      nlohmann::json quantiles = nlohmann::json::object();
      for (const auto& [q, score] : r.impostor_quantiles) quantiles[q == 0.5 ? "0.5" : Level(q)] = score;
      return quantiles;
    };
    nlohmann::json out{
        {"images", n},
        {"identities", std::set<std::string>(identities.begin(), identities.end()).size()},
        {"no_face", no_face},
        {"unreadable", unreadable},
        {"embedded_now", computed.load()},
        {"genuine_comparisons", report.genuine_comparisons},
        {"impostor_comparisons", report.impostor_comparisons},
        {"threshold", threshold},
        {"fmr_at_threshold", report.fmr_at_threshold},
        {"false_matches", report.false_matches},
        {"fnmr_at_threshold", report.fnmr_at_threshold},
        {"false_non_matches", report.false_non_matches},
        {"impostor_median", report.impostor_median},
        {"genuine_median", report.genuine_median},
        {"tar_at_fmr", tar},
        {"estimated_fmr_at_threshold", pipeline::FalseMatchRateAt(static_cast<float>(threshold))},
        {"impostor_quantiles", quantiles_of(report)},
        {"raw_impostor_quantiles", quantiles_of(raw_report)},
        {"raw_impostor_tail", {{"threshold", raw_report.tail_threshold}, {"scale", raw_report.tail_scale}}},
        {"similarity_scale", pipeline::kSimilarityScaleVersion},
        {"model_profile", ModelProfileName(e.model_profile())},
        {"model_versions", e.model_versions()}};
    if (report.fmr_upper_95 > 0) out["fmr_upper_95"] = report.fmr_upper_95;
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::printf("model profile          %s\n", std::string(ModelProfileName(e.model_profile())).c_str());
  std::printf("images                 %zu (%zu embedded now, %zu without a face, %zu unreadable)\n", n, computed.load(),
              no_face.size(), unreadable.size());
  std::printf("comparisons            %lld genuine, %lld impostor\n", (long long)report.genuine_comparisons,
              (long long)report.impostor_comparisons);
  std::printf("at threshold %.2f       FMR %.3g (%lld false matches%s), FNMR %.4f (%lld)\n", threshold,
              report.fmr_at_threshold, (long long)report.false_matches,
              report.fmr_upper_95 > 0 ? "; 95% bound 3/N" : "", report.fnmr_at_threshold,
              (long long)report.false_non_matches);
  std::printf("estimated FMR there    %.3g (the scale's claim, pipeline/calibration.h)\n",
              pipeline::FalseMatchRateAt(static_cast<float>(threshold)));
  std::printf("medians                impostor %.2f, genuine %.2f\n", report.impostor_median, report.genuine_median);
  for (const auto& t : report.tar_at_fmr) {
    if (!t.reachable) {
      std::printf("TAR at FMR %-6s       not measurable: fewer than 1/FMR impostor comparisons\n",
                  Level(t.fmr).c_str());
      continue;
    }
    std::printf("TAR at FMR %-6s       %.4f (threshold %.2f, %lld false matches)\n", Level(t.fmr).c_str(), t.tar,
                t.threshold, (long long)t.false_matches);
  }
  for (const auto& f : no_face) std::printf("no face: %s\n", f.c_str());
  return 0;
}

}  // namespace idmatch::cli
