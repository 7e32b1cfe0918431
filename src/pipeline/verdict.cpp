#include "pipeline/verdict.h"

#include <algorithm>
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
  if (options.profile == ModelProfile::kDefault && threshold == kCardFnmrThreshold) {
    r.false_non_match_rate = CardFalseNonMatchRateAt80(portrait_eyes);
  }
  r.reasons = ReasonsFor(r, source.faces.size(), source.primary_runner_up >= kCompetingFaceRatio,
                         target.faces.size() - usable->size(), similar);
  return r;
}

double CardFalseNonMatchRateAt80(float eye_distance) {
  // {lower edge of the bin in px, FNMR at 80}; measured 2026-12-02 (stop 31).
  static constexpr std::pair<float, double> kBins[] = {
      {0, 0.988},  {8, 0.943},  {10, 0.814}, {12, 0.637}, {14, 0.471}, {16, 0.335}, {18, 0.260},
      {20, 0.205}, {22, 0.153}, {24, 0.145}, {26, 0.135}, {28, 0.156}, {32, 0.100},
  };
  double rate = kBins[0].second;
  for (const auto& [from, fnmr] : kBins) {
    if (eye_distance >= from) rate = fnmr;
  }
  return rate;
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
