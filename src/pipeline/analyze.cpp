#include "pipeline/analyze.h"

#include <algorithm>
#include <chrono>

#include "document/reader.h"
#include "face/align.h"
#include "image/decode.h"
#include "pipeline/face_select.h"

namespace idmatch::pipeline {
namespace {

using Clock = std::chrono::steady_clock;
double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Face ToPublicFace(const face::DetectedBox& d, const face::Landmarks5& five) {
  Face f;
  f.box = {d.box.x, d.box.y, d.box.width, d.box.height};
  f.detection_score = d.score;
  for (size_t i = 0; i < five.size(); ++i) f.landmarks[i] = {five[i].x, five[i].y};
  return f;
}

face::Landmarks5 ToCv(const Face& f) {
  face::Landmarks5 out;
  for (size_t i = 0; i < out.size(); ++i) out[i] = {f.landmarks[i].x, f.landmarks[i].y};
  return out;
}

// Detection, landmarks, quality, liveness and embeddings under one model lease.
void AnalyzeFaces(const cv::Mat& bgr, const EngineConfig& config, const AnalyzeOptions& options, WorkerPool& pool,
                  ImageAnalysis& out) {
  auto models = pool.Acquire();
  auto t = Clock::now();
  auto boxes = models->detector.Detect(bgr, config.detector);
  if (boxes.size() > static_cast<size_t>(config.max_faces)) boxes.resize(config.max_faces);  // strongest kept
  out.timings.detect_ms = MsSince(t);

  t = Clock::now();
  std::vector<face::Landmarks68> points;
  for (const auto& b : boxes) {
    points.push_back(models->landmarker.Predict(bgr, b.box));
    out.faces.push_back(ToPublicFace(b, face::ToFivePoints(points.back())));
  }
  out.timings.landmarks_ms = MsSince(t);

  const int primary = ChoosePrimaryFace(out.faces, bgr.cols, bgr.rows, config.detector.primary_score_margin);
  if (primary > 0) {
    std::rotate(out.faces.begin(), out.faces.begin() + primary, out.faces.begin() + primary + 1);
    std::rotate(points.begin(), points.begin() + primary, points.begin() + primary + 1);
    std::rotate(boxes.begin(), boxes.begin() + primary, boxes.begin() + primary + 1);
  }

  if (options.quality) {
    t = Clock::now();
    for (size_t i = 0; i < out.faces.size(); ++i) {
      out.faces[i].quality = models->quality.Assess(bgr, boxes[i].box, points[i]);
    }
    out.timings.quality_ms = MsSince(t);
  }
  if (options.liveness && !boxes.empty()) {
    t = Clock::now();
    out.liveness = models->liveness.Classify(bgr, boxes[0].box);
    out.timings.liveness_ms = MsSince(t);
  }

  t = Clock::now();
  out.embeddings.resize(out.faces.size());
  for (size_t i = 0; i < out.faces.size(); ++i) {
    const bool wanted = options.embed == EmbedWhich::kAll || (options.embed == EmbedWhich::kPrimary && i == 0);
    if (!wanted) {
      // Residual only (cheap): how well a similarity maps the points to the template.
      out.faces[i].alignment_residual = face::AlignResidual(ToCv(out.faces[i]));
      continue;
    }
    const auto aligned = face::AlignFace(bgr, ToCv(out.faces[i]));
    out.faces[i].alignment_residual = aligned.residual;
    out.embeddings[i] = models->embedder.Embed(aligned.crop, options.flip);
  }
  out.timings.embed_ms = MsSince(t);
}

}  // namespace

Result<ImageAnalysis> AnalyzeImage(std::string_view bytes, const EngineConfig& config, const AnalyzeOptions& options,
                                   WorkerPool& pool) {
  ImageAnalysis out;
  auto t = Clock::now();
  auto decoded = image::DecodeImage(bytes, config.limits);
  if (!decoded.ok()) return decoded.status();
  out.info = decoded->info;
  out.timings.decode_ms = MsSince(t);
  const cv::Mat& bgr = decoded->bgr;
  AnalyzeFaces(bgr, config, options, pool, out);
  // A target without a face fails the compare anyway: skip the read.
  if (options.read_document && !out.faces.empty()) {
    t = Clock::now();
    auto read = document::ReadDocument(bgr, options.document_today, config.document.minimum_age);
    if (read.ok()) out.document = std::move(read).value();
    out.timings.document_ms = MsSince(t);
  }
  return out;
}

}  // namespace idmatch::pipeline
