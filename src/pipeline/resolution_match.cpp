#include "pipeline/resolution_match.h"

#include <array>
#include <chrono>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <string>

#include "core/log.h"

namespace idmatch::pipeline {

double MedianChroma(const cv::Mat& bgr, const cv::Rect2f& box) {
  const cv::Rect middle = cv::Rect(int(box.x + 0.2f * box.width), int(box.y + 0.2f * box.height), int(0.6f * box.width),
                                   int(0.6f * box.height)) &
                          cv::Rect(0, 0, bgr.cols, bgr.rows);
  if (middle.empty()) return 0;
  cv::Mat lab;
  cv::cvtColor(bgr(middle), lab, cv::COLOR_BGR2Lab);
  // A histogram of whole chroma units: the largest 8-bit a*b* distance is 181.
  std::array<int, 182> histogram{};
  for (int y = 0; y < lab.rows; ++y) {
    const auto* row = lab.ptr<cv::Vec3b>(y);
    for (int x = 0; x < lab.cols; ++x) {
      const double chroma = std::hypot(row[x][1] - 128.0, row[x][2] - 128.0);
      ++histogram[std::min<size_t>(histogram.size() - 1, size_t(chroma))];
    }
  }
  const long half = (long(middle.area()) + 1) / 2;
  long seen = 0;
  for (size_t c = 0; c < histogram.size(); ++c) {
    seen += histogram[c];
    if (seen >= half) return double(c);
  }
  return double(histogram.size() - 1);
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
  look.greyscale =
      config.greyscale_matching && target.faces[0].greyscale && !(source.faces.empty() || source.faces[0].greyscale);
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
