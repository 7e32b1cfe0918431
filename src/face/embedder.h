// 512-D face embedding (fr_feature, ArcFace-style) of an aligned 112x112 crop.
//
// Thread contract: one Embedder per worker thread (it owns a cv::dnn::Net).
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "face/onnx_model.h"

namespace idmatch::face {

class Embedder {
 public:
  static constexpr int kDim = 512;

  static Result<Embedder> Create(const OnnxModel& model);

  // L2-normalised embedding of an aligned 112x112 BGR crop. When
  // `flip_augment` is set, the embedding of the mirrored crop is added before
  // normalising (standard test-time augmentation; see docs/accuracy.md).
  std::vector<float> Embed(const cv::Mat& aligned_bgr, bool flip_augment);

 private:
  models::LockedModel spec_;
  cv::dnn::Net net_;
};

// Cosine similarity of two L2-normalised vectors of equal size.
float Cosine(const std::vector<float>& a, const std::vector<float>& b);

}  // namespace idmatch::face
