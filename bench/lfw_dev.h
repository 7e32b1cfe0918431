// The lfw-dev identity list the accuracy benchmarks read: its folder and its
// parsed rows, or a message naming what is missing (exit 77: skipped).
#pragma once

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "eval/all_vs_all.h"
#include "support/image_factory.h"

namespace idmatch::bench {

struct LfwDev {
  std::string root;  // ends with '/'; image paths are relative to it
  std::vector<eval::IdentityImage> images;
};

// nullopt (after printing why, prefixed with `program`) when the list is
// absent or malformed.
inline std::optional<LfwDev> LoadLfwDev(const char* program) {
  LfwDev d;
  d.root = testing::SharedDir() + "/testdata/faces/lfw-dev/";
  const std::string list = testing::ReadFileOrEmpty(d.root + "identities.csv");
  if (list.empty()) {
    std::fprintf(stderr, "%s: %sidentities.csv not found (set IDMATCH_SHARED_DIR)\n", program, d.root.c_str());
    return std::nullopt;
  }
  auto images = eval::ParseIdentitiesCsv(list);
  if (!images.ok()) {
    std::fprintf(stderr, "%s: %s\n", program, images.status().ToString().c_str());
    return std::nullopt;
  }
  d.images = std::move(images).value();
  return d;
}

// work(i, thread) for every i < n, on `threads` threads (thread = 0..threads-1:
// an index into per-thread state such as a model).
inline void ParallelFor(size_t n, int threads, const std::function<void(size_t, int)>& work) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (size_t i = next++; i < n; i = next++) work(i, t);
    });
  }
  for (auto& th : pool) th.join();
}

// The report's TAR at `fmr` (one of its 1e-2 ... 1e-6), -1 when that FMR is
// not reachable with this many impostors.
inline double TarAtFmr(const eval::ErrorReport& report, double fmr) {
  for (const auto& t : report.tar_at_fmr) {
    if (std::fabs(t.fmr - fmr) < fmr * 1e-6) return t.reachable ? t.tar : -1;
  }
  return -1;
}

// "40,50.5,60" -> {40, 50.5, 60} (a bench's --sizes).
inline std::vector<double> ParseNumberList(const std::string& text) {
  std::vector<double> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::strtod(item.c_str(), nullptr));
  return out;
}

// Images of identities with at least two photos, at most `per_identity` each,
// in list order, until `limit`: the card benches' selection (every card has
// a genuine selfie among the others).
inline std::vector<eval::IdentityImage> SelectRepeatedIdentities(const std::vector<eval::IdentityImage>& all,
                                                                 size_t limit, size_t per_identity) {
  std::map<std::string, std::vector<const eval::IdentityImage*>> by_identity;
  std::vector<std::string> order;
  for (const auto& image : all) {
    auto& list = by_identity[image.identity];
    if (list.empty()) order.push_back(image.identity);
    list.push_back(&image);
  }
  std::vector<eval::IdentityImage> out;
  for (const auto& id : order) {
    const auto& list = by_identity[id];
    if (list.size() < 2) continue;
    for (size_t k = 0; k < list.size() && k < per_identity && out.size() < limit; ++k) out.push_back(*list[k]);
    if (out.size() >= limit) break;
  }
  return out;
}

}  // namespace idmatch::bench
