#include "pipeline/verdict.h"

#include "quality/scoring.h"

namespace idmatch::pipeline {
namespace {

using quality::FaceRole;

// "the selfie cannot be used: the face is blurred; the face is too dark. Retake ..."
std::string RetakeMessage(std::string_view what, const std::vector<std::string>& reasons) {
  std::string msg(what);
  msg += " cannot be used: ";
  for (size_t i = 0; i < reasons.size(); ++i) {
    if (i > 0) msg += "; ";
    msg += quality::PlainWords(reasons[i]);
  }
  msg += ". Retake the photo and try again.";
  return msg;
}

}  // namespace

Result<std::vector<size_t>> JudgeQuality(ImageAnalysis& source, ImageAnalysis& target, QualityFilter filter) {
  std::vector<size_t> usable;
  const auto selfie_level = quality::LevelFor(filter, FaceRole::kSelfie);
  const auto document_level = quality::LevelFor(filter, FaceRole::kDocument);
  for (auto& f : source.faces) {
    if (f.quality.assessed) quality::Judge(f.quality, selfie_level, FaceRole::kSelfie);
  }
  for (size_t i = 0; i < target.faces.size(); ++i) {
    auto& q = target.faces[i].quality;
    if (q.assessed) quality::Judge(q, document_level, FaceRole::kDocument);
    if (filter == QualityFilter::kNone || q.passed) usable.push_back(i);
  }
  if (filter == QualityFilter::kNone) return usable;
  const auto& selfie = source.faces[0].quality;
  if (!selfie.passed) {
    return Status(ErrorCode::kSourceQualityTooLow, RetakeMessage("the selfie", selfie.reasons))
        .WithDetails(selfie.reasons);
  }
  if (usable.empty()) {
    const auto& doc = target.faces[0].quality;
    return Status(ErrorCode::kTargetQualityTooLow, RetakeMessage("the ID document photo", doc.reasons))
        .WithDetails(doc.reasons);
  }
  return usable;
}

Liveness DecideLiveness(const std::optional<liveness::LivenessScores>& scores, bool enabled, float threshold) {
  Liveness l;
  l.threshold = threshold;
  if (!enabled) {
    l.reason = "LIVENESS_DISABLED";
    return l;
  }
  if (!scores) {
    l.reason = "LIVENESS_NOT_ASSESSED";
    return l;
  }
  l.assessed = true;
  l.score = 100.0f * scores->live;
  l.recapture_probability = scores->recapture;
  l.other_attack_probability = scores->other;
  l.live = l.score >= threshold;
  if (l.live) {
    l.reason = "LIVE";
  } else {
    // Class 1 rose on generated screen and phone replays (and on the few
    // prints the model caught): a re-captured medium. Class 2 rose on none
    // of the generated attacks, so its meaning is not established.
    l.reason = scores->recapture >= scores->other ? "SPOOF_SUSPECTED_RECAPTURE" : "SPOOF_SUSPECTED";
  }
  return l;
}

}  // namespace idmatch::pipeline
