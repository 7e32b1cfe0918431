// Real awkward image files (../shared/testdata/images/awkward/, see its
// SOURCE.md and manifest.csv): EXIF orientations, CMYK, 16-bit, progressive,
// AVIF/HEIF transforms, truncated files, GIF bombs and libheif's fuzzing
// corpus. Each must decode to its expected upright size or be refused with its
// expected code (awkward_images.expect), and every real photo the manifest
// says shows a face must have that face found.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "idmatch/engine.h"
#include "image/decode.h"
#include "support/image_factory.h"

namespace idmatch {
namespace {

namespace fs = std::filesystem;

fs::path AwkwardDir() { return fs::path(testing::SharedDir()) / "testdata" / "images" / "awkward"; }

// file -> "ok WxH" or an error code, from the sidecar.
std::map<std::string, std::string> Expected() {
  std::map<std::string, std::string> out;
  std::ifstream in(std::string(IDMATCH_SOURCE_DIR) + "/tests/samples/awkward_images.expect");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.find(' ');
    out[line.substr(0, space)] = line.substr(space + 1);
  }
  return out;
}

// manifest.csv rows: file and face_present (the file column has no commas).
std::vector<std::pair<std::string, std::string>> Manifest() {
  std::vector<std::pair<std::string, std::string>> rows;
  std::ifstream in(AwkwardDir() / "manifest.csv");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const size_t a = line.find(',');
    // `what` may be quoted and hold commas; face_present follows it.
    size_t b = a + 1;
    if (line[b] == '"') {
      b = line.find('"', b + 1);
      while (b != std::string::npos && b + 1 < line.size() && line[b + 1] == '"') b = line.find('"', b + 2);
      ++b;
    } else {
      b = line.find(',', b);
    }
    const size_t c = line.find(',', b + 1);
    rows.emplace_back(line.substr(0, a), line.substr(b + 1, c - b - 1));
  }
  return rows;
}

std::string Outcome(const Result<image::DecodedImage>& r) {
  if (!r.ok()) return std::string(ErrorCodeName(r.status().code()));
  return "ok " + std::to_string(r->bgr.cols) + "x" + std::to_string(r->bgr.rows);
}

TEST(AwkwardImages, EveryFileDecodesOrIsRefusedAsExpected) {
  if (!fs::exists(AwkwardDir() / "manifest.csv")) {
    GTEST_SKIP() << "no awkward images at " << AwkwardDir() << " (set IDMATCH_SHARED_DIR)";
  }
  const auto expected = Expected();
  int files = 0;
  for (const auto& [file, face] : Manifest()) {
    ++files;
    const std::string bytes = testing::ReadFileOrEmpty((AwkwardDir() / file).string());
    ASSERT_FALSE(bytes.empty()) << file;
    auto it = expected.find(file);
    ASSERT_NE(it, expected.end()) << file << " has no line in awkward_images.expect";
    const std::string got = Outcome(image::DecodeImage(bytes, ImageLimits{}));
    EXPECT_EQ(got, it->second) << file;
    // A refusal is always a client error, never an internal one.
    EXPECT_NE(got, "INTERNAL") << file;
  }
  EXPECT_EQ(files, int(expected.size())) << "manifest and sidecar list different files";
}

TEST(AwkwardImages, EveryPhotoWithAFaceHasItFound) {
  if (!fs::exists(AwkwardDir() / "manifest.csv")) {
    GTEST_SKIP() << "no awkward images at " << AwkwardDir() << " (set IDMATCH_SHARED_DIR)";
  }
  auto engine = Engine::Create(EngineConfig{});
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  int photos = 0, found = 0;
  for (const auto& [file, face] : Manifest()) {
    // "yes", "yes (2)"; illustrations ("yes (illustration)") are not photos.
    if (face.rfind("yes", 0) != 0 || face.find("illustration") != std::string::npos) continue;
    // Its scan data is corrupt too (libjpeg: "1214 extraneous bytes before
    // marker 0xd0"): it decodes to streaks with no face in them.
    if (file == "pillow/hopper_bad_exif.jpg") continue;
    const size_t want = face.find("(2)") != std::string::npos ? 2 : 1;
    ++photos;
    auto r = (*engine)->Detect(testing::ReadFileOrEmpty((AwkwardDir() / file).string()));
    ASSERT_TRUE(r.ok()) << file << ": " << r.status().ToString();
    EXPECT_GE(r->faces.size(), want) << file;
    found += r->faces.size() >= want;
  }
  std::printf("[ awkward ] faces found in %d of %d photos that show them\n", found, photos);
  EXPECT_GT(photos, 20);
}

}  // namespace
}  // namespace idmatch
