// Per-image work shared by detect and compare: decode once, detect, landmark,
// choose the primary face and embed what the caller needs.
#pragma once

#include <string_view>
#include <vector>

#include "idmatch/config.h"
#include "idmatch/types.h"
#include "pipeline/worker_pool.h"

namespace idmatch::pipeline {

enum class EmbedWhich { kNone, kPrimary, kAll };

struct ImageAnalysis {
  ImageInfo info;
  std::vector<Face> faces;                     // primary first
  std::vector<std::vector<float>> embeddings;  // parallel to faces; empty where not embedded
  ImageTimings timings;
};

// `flip`: add the mirrored crop's embedding (test-time augmentation).
Result<ImageAnalysis> AnalyzeImage(std::string_view bytes, const EngineConfig& config, EmbedWhich embed, bool flip,
                                   WorkerPool& pool);

}  // namespace idmatch::pipeline
