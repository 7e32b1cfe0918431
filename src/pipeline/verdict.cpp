#include "pipeline/verdict.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "face/embedder.h"
#include "pipeline/calibration.h"
#include "pipeline/face_select.h"
#include "pipeline/profile.h"
#include "quality/scoring.h"

namespace idmatch::pipeline {
namespace {

// "the selfie cannot be used: the face is blurred; the face is too dark. Retake ..."
std::string RetakeMessage(std::string_view what, const std::vector<std::string>& reasons) {
  std::string msg(what);
  msg += " cannot be used: ";
  for (size_t i = 0; i < reasons.size(); ++i) {
    if (i > 0) msg += "; ";
    msg += QualityProblemWords(reasons[i]);
  }
  msg += ". Retake the photo and try again.";
  return msg;
}

// The reasons, in the documented order (docs/api.md): the faces found, the
// quality advice, liveness, the document, and the similarity outcome last.
std::vector<std::string> ReasonsFor(const CompareResult& r, size_t source_faces, bool source_faces_compete,
                                    size_t excluded, bool similar) {
  // The order is documented in docs/api.md.
  std::vector<std::string> out;
  auto add = [&](Reason reason) { out.emplace_back(ReasonCode(reason)); };
  auto any_role = [&](TargetFaceRole role) {
    return std::any_of(r.target_faces.begin() + 1, r.target_faces.end(),
                       [&](const FaceMatch& m) { return m.role == role; });
  };
  if (source_faces > 1) add(Reason::kMultipleFacesInSource);
  if (source_faces_compete) add(Reason::kSourceFacesCompete);
  if (any_role(TargetFaceRole::kGhost)) add(Reason::kGhostPortraitFound);
  if (any_role(TargetFaceRole::kOther)) add(Reason::kMultipleFacesInTarget);
  if (r.target_image.upright_rotation != 0) add(Reason::kTargetTurned);
  if (excluded > 0) add(Reason::kTargetFacesExcludedByQuality);
  // With quality_filter NONE failed measures are advice, not refusals.
  for (const auto& reason : r.source_face.quality.reasons) out.push_back(reason);
  for (const auto& reason : r.target_faces[0].face.quality.reasons) out.push_back(reason);
  if (r.liveness.reason != Reason::kLive && r.liveness.reason != Reason::kLivenessDisabled) add(r.liveness.reason);
  if (r.document) {
    for (const auto& check : r.document->checks) {
      if (check.assessed && !check.passed && check.reason) add(*check.reason);
    }
  } else if (r.document_requested) {
    add(Reason::kDocumentNotRead);
  }
  if (r.retake) add(Reason::kDocumentPortraitTooSmall);
  add(similar ? Reason::kSimilarityAboveThreshold : Reason::kSimilarityBelowThreshold);
  return out;
}

}  // namespace

Result<CompareResult> Decide(ImageAnalysis source, ImageAnalysis target, const DecisionOptions& options) {
  if (source.faces.empty()) return Status(ErrorCode::kNoFaceInSource, "no face was found in the source (selfie) image");
  if (target.faces.empty() && target.card_found) {
    // A card but no face on it: at this distance its portrait is too small to see.
    return Status(ErrorCode::kNoFaceInTarget,
                  "no face was found in the target (ID document) image: a card was found, but its portrait is too "
                  "small to see. Move the camera closer so the card fills the frame, and retake the photo of the ID.")
        .WithDetails({std::string(ReasonCode(Reason::kDocumentPortraitTooSmall))});
  }
  if (target.faces.empty())
    return Status(ErrorCode::kNoFaceInTarget, "no face was found in the target (ID document) image");
  // Quality: judge every face, refuse an unusable selfie, drop unusable document faces.
  auto usable = JudgeQuality(source, target, options.quality_filter);
  if (!usable.ok()) return usable.status();

  const float threshold = options.threshold.value();
  CompareResult r;
  r.model_profile = std::string(ModelProfileName(options.profile));
  r.threshold = threshold;
  r.quality_filter = QualityFilterName(options.quality_filter);
  r.source_image = source.info;
  r.target_image = target.info;
  r.source_face = source.faces[0];
  r.source_other_faces.assign(source.faces.begin() + 1, source.faces.end());
  const auto& probe = source.embeddings[0];
  // The usable faces in placement order, then the excluded ones.
  std::vector<size_t> order(usable->begin(), usable->end());
  for (size_t i = 0; i < target.faces.size(); ++i) {
    if (std::find(usable->begin(), usable->end(), i) == usable->end()) order.push_back(i);
  }
  const auto& portrait = target.embeddings[order[0]];
  const float portrait_height = target.faces[order[0]].box.height;
  for (size_t k = 0; k < order.size(); ++k) {
    const size_t i = order[k];
    FaceMatch m{target.faces[i], ProfileSimilarity(options.profile, probe, target.embeddings[i])};
    m.excluded = k >= usable->size();
    if (k == 0) {
      m.role = TargetFaceRole::kPortrait;
    } else if (m.face.box.height < kGhostMaxHeightRatio * portrait_height &&
               ProfileSimilarity(options.profile, portrait, target.embeddings[i]) >= options.ghost_same_person) {
      m.role = TargetFaceRole::kGhost;  // reported, never matched against
    }
    m.matches = !m.excluded && m.role != TargetFaceRole::kGhost && m.similarity >= threshold;
    r.target_faces.push_back(std::move(m));
  }
  r.similarity = r.target_faces[0].similarity;
  r.false_match_rate = FalseMatchRateAt(r.similarity);
  r.similarity_scale = kSimilarityScaleVersion;
  r.cosine = face::Cosine(probe, portrait);
  r.source_embedding = probe;
  r.target_embedding = portrait;
  r.document_requested = options.document_requested;
  r.document = std::move(target.document);
  r.liveness = DecideLiveness(source.liveness, options.liveness_requested, options.liveness_threshold);
  const bool similar = r.similarity >= threshold;
  r.match = similar && (r.liveness.live || !r.liveness.assessed);
  const float portrait_eyes = EyeDistance(r.target_faces[0].face);
  r.retake = !similar && portrait_eyes < kReliablePortraitEyeDistance;
  if (options.profile == ModelProfile::kDefault)
    r.false_non_match_rate = CardFalseNonMatchRate(portrait_eyes, threshold);
  r.reasons = ReasonsFor(r, source.faces.size(), source.primary_runner_up >= kCompetingFaceRatio,
                         target.faces.size() - usable->size(), similar);
  return r;
}

std::optional<double> CardFalseNonMatchRate(float eye_distance, float threshold) {
  // Lower edges of the eye-distance bins, px; then per threshold (70, 75,
  // ..., 95) the FNMR in each bin. Measured 2026-12-02 (stop 31; the row
  // at 80 since stop 31, the others added at stop 32 from the same run).
  static constexpr float kBinFrom[] = {0, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 32};
  static constexpr double kFnmr[][std::size(kBinFrom)] = {
      {0.924, 0.815, 0.595, 0.394, 0.254, 0.147, 0.102, 0.074, 0.053, 0.042, 0.054, 0.055, 0.033},  // 70
      {0.961, 0.891, 0.704, 0.509, 0.365, 0.227, 0.172, 0.133, 0.091, 0.082, 0.081, 0.093, 0.052},  // 75
      {0.988, 0.943, 0.814, 0.637, 0.471, 0.335, 0.260, 0.205, 0.153, 0.145, 0.135, 0.156, 0.100},  // 80
      {0.998, 0.989, 0.927, 0.806, 0.673, 0.544, 0.448, 0.381, 0.315, 0.302, 0.269, 0.284, 0.225},  // 85
      {1.000, 0.998, 0.977, 0.929, 0.857, 0.754, 0.703, 0.610, 0.540, 0.526, 0.482, 0.473, 0.418},  // 90
      {1.000, 1.000, 0.999, 0.984, 0.968, 0.912, 0.890, 0.836, 0.787, 0.746, 0.738, 0.683, 0.652},  // 95
  };
  constexpr float kStep = 5.0f;
  static_assert(kCardFnmrMinThreshold + kStep * (std::size(kFnmr) - 1) == kCardFnmrMaxThreshold,
                "one row per threshold from kCardFnmrMinThreshold to kCardFnmrMaxThreshold");
  if (!(threshold >= kCardFnmrMinThreshold && threshold <= kCardFnmrMaxThreshold)) return std::nullopt;
  size_t bin = 0;
  for (size_t i = 0; i < std::size(kBinFrom); ++i) {
    if (eye_distance >= kBinFrom[i]) bin = i;
  }
  const float steps = (threshold - kCardFnmrMinThreshold) / kStep;
  const size_t below = std::min(static_cast<size_t>(steps), std::size(kFnmr) - 2);
  const double t = steps - static_cast<float>(below);
  return kFnmr[below][bin] + t * (kFnmr[below + 1][bin] - kFnmr[below][bin]);
}

Result<std::vector<size_t>> JudgeQuality(ImageAnalysis& source, ImageAnalysis& target, QualityFilter filter) {
  std::vector<size_t> usable;
  const auto selfie_level = quality::LevelFor(filter, FaceSide::kSelfie);
  const auto document_level = quality::LevelFor(filter, FaceSide::kDocument);
  for (auto& f : source.faces) {
    if (f.quality.assessed) quality::Judge(f.quality, selfie_level, FaceSide::kSelfie);
  }
  for (size_t i = 0; i < target.faces.size(); ++i) {
    auto& q = target.faces[i].quality;
    if (q.assessed) quality::Judge(q, document_level, FaceSide::kDocument);
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
    l.reason = Reason::kLivenessDisabled;
    return l;
  }
  if (!scores) {
    l.reason = Reason::kLivenessNotAssessed;
    return l;
  }
  l.assessed = true;
  l.score = 100.0f * scores->live;
  l.recapture_probability = scores->recapture;
  l.other_attack_probability = scores->other;
  l.live = l.score >= threshold;
  if (l.live) {
    l.reason = Reason::kLive;
  } else {
    // Class 1 rose on generated screen and phone replays (and on the few
    // prints the model caught): a re-captured medium. Class 2 rose on none
    // of the generated attacks, so its meaning is not established.
    l.reason = scores->recapture >= scores->other ? Reason::kSpoofSuspectedRecapture : Reason::kSpoofSuspected;
  }
  return l;
}

}  // namespace idmatch::pipeline
