#include "pipeline/resolution_match.h"

#include <chrono>
#include <string>

#include "core/log.h"

namespace idmatch::pipeline {

double PrimaryEyeDistance(const ImageAnalysis& analysis) {
  return analysis.faces.empty() ? 0 : EyeDistance(analysis.faces[0]);
}

bool ShouldMatch(double source_eyes, double portrait_eyes) {
  return portrait_eyes > 0 && portrait_eyes < kMatchBelowEyeDistance && portrait_eyes < source_eyes;
}

bool ReembedPrimaryAt(ImageAnalysis& analysis, double eye_distance, bool flip, WorkerPool& pool) {
  if (!ShouldMatch(PrimaryEyeDistance(analysis), eye_distance)) return false;
  if (analysis.analysed_image.empty() || analysis.crop_points.empty() || analysis.embeddings.empty() ||
      analysis.embeddings[0].empty()) {
    return false;
  }
  const auto start = std::chrono::steady_clock::now();
  face::FacePoints points = analysis.crop_points[0];
  points.match_eye_distance = eye_distance;
  std::vector<float> embedding;
  try {
    auto models = pool.Acquire();
    for (auto& embedder : models->embedders) {
      const auto part = embedder->Embed(analysis.analysed_image, points, flip);
      embedding.insert(embedding.end(), part.begin(), part.end());
    }
  } catch (const std::exception& e) {
    // The full-resolution embedding stands; the failure is logged, never shown.
    IDMATCH_LOG_ERROR(std::string("resolution matching failed: ") + e.what());
    return false;
  }
  analysis.embeddings[0] = std::move(embedding);
  analysis.timings.embed_ms +=
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return true;
}

bool MatchSourceResolution(ImageAnalysis& source, const ImageAnalysis& target, bool flip, WorkerPool& pool) {
  return ReembedPrimaryAt(source, PrimaryEyeDistance(target), flip, pool);
}

}  // namespace idmatch::pipeline
