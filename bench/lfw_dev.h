// The lfw-dev identity list the accuracy benchmarks read: its folder and its
// parsed rows, or a message naming what is missing (exit 77: skipped).
#pragma once

#include <cstdio>
#include <optional>
#include <string>
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

}  // namespace idmatch::bench
