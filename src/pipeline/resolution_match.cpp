#include "pipeline/resolution_match.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <string>

#include "core/log.h"
#include "pipeline/profile.h"

namespace idmatch::pipeline {

namespace {

// sRGB 8-bit value -> linear light (IEC 61966-2-1).
const std::array<double, 256>& LinearLight() {
  static const std::array<double, 256> table = [] {
    std::array<double, 256> t{};
    for (int i = 0; i < 256; ++i) {
      const double c = i / 255.0;
      t[i] = c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    }
    return t;
  }();
  return table;
}

// CIELAB chroma (a*, b* distance from grey; D65, the sRGB matrix OpenCV
// uses) of one BGR pixel. Computed here rather than with cv::cvtColor: its
// 8-bit Lab path builds ~4.7 MB of lookup tables that are never freed, which
// LeakSanitizer reports on every process that compares.
double PixelChroma(const cv::Vec3b& pixel) {
  const auto& linear = LinearLight();
  const double r = linear[pixel[2]], g = linear[pixel[1]], b = linear[pixel[0]];
  const double x = (0.412453 * r + 0.357580 * g + 0.180423 * b) / 0.950456;
  const double y = 0.212671 * r + 0.715160 * g + 0.072169 * b;
  const double z = (0.019334 * r + 0.119193 * g + 0.950227 * b) / 1.088754;
  const auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
  return std::hypot(500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z)));
}

}  // namespace

double MedianChroma(const cv::Mat& bgr, const cv::Rect2f& box) {
  const cv::Rect middle = cv::Rect(int(box.x + 0.2f * box.width), int(box.y + 0.2f * box.height), int(0.6f * box.width),
                                   int(0.6f * box.height)) &
                          cv::Rect(0, 0, bgr.cols, bgr.rows);
  if (middle.empty() || bgr.type() != CV_8UC3) return 0;
  // About 100 x 100 samples at most: a median needs no more.
  const int step = std::max(1, std::min(middle.width, middle.height) / 100);
  // A histogram of whole chroma units (the sRGB gamut's largest is ~134).
  std::array<long, 182> histogram{};
  long samples = 0;
  for (int y = middle.y; y < middle.y + middle.height; y += step) {
    const auto* row = bgr.ptr<cv::Vec3b>(y);
    for (int x = middle.x; x < middle.x + middle.width; x += step) {
      ++histogram[std::min<size_t>(histogram.size() - 1, size_t(PixelChroma(row[x])))];
      ++samples;
    }
  }
  const long half = (samples + 1) / 2;
  long seen = 0;
  for (size_t c = 0; c < histogram.size(); ++c) {
    seen += histogram[c];
    if (seen >= half) return double(c);
  }
  return double(histogram.size() - 1);
}

bool GreyscaleMatchingApplies(const EngineConfig& config) {
  return config.greyscale_matching && SeesColour(config.model_profile);
}

double PrimaryEyeDistance(const ImageAnalysis& analysis) {
  return analysis.faces.empty() ? 0 : EyeDistance(analysis.faces[0]);
}

bool ShouldMatch(double source_eyes, double portrait_eyes) {
  return portrait_eyes > 0 && portrait_eyes < kMatchBelowEyeDistance && portrait_eyes < source_eyes;
}

PortraitLook LookToMatch(const ImageAnalysis& source, const ImageAnalysis& target, const EngineConfig& config) {
  PortraitLook look;
  if (target.faces.empty()) return look;
  if (config.resolution_matching) look.eye_distance = PrimaryEyeDistance(target);
  look.greyscale = GreyscaleMatchingApplies(config) && target.faces[0].greyscale &&
                   !(source.faces.empty() || source.faces[0].greyscale);
  return look;
}

bool ReembedPrimaryAt(ImageAnalysis& analysis, const PortraitLook& look, bool flip, WorkerPool& pool) {
  if (analysis.faces.empty()) return false;
  const bool resolution = ShouldMatch(PrimaryEyeDistance(analysis), look.eye_distance);
  const bool greyscale = look.greyscale && !analysis.faces[0].greyscale;
  if (!resolution && !greyscale) return false;
  if (analysis.analysed_image.empty() || analysis.crop_points.empty() || analysis.embeddings.empty() ||
      analysis.embeddings[0].empty()) {
    return false;
  }
  const auto start = std::chrono::steady_clock::now();
  face::FacePoints points = analysis.crop_points[0];
  points.match_eye_distance = resolution ? look.eye_distance : 0;
  points.match_greyscale = greyscale;
  std::vector<float> embedding;
  try {
    auto models = pool.Acquire();
    for (auto& embedder : models->embedders) {
      const auto part = embedder->Embed(analysis.analysed_image, points, flip);
      embedding.insert(embedding.end(), part.begin(), part.end());
    }
  } catch (const std::exception& e) {
    // The embedding as analysed stands; the failure is logged, never shown.
    IDMATCH_LOG_ERROR(std::string("portrait look matching failed: ") + e.what());
    return false;
  }
  analysis.embeddings[0] = std::move(embedding);
  analysis.timings.embed_ms +=
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return true;
}

}  // namespace idmatch::pipeline
