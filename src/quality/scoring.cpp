#include "quality/scoring.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace idmatch::quality {
namespace {

// Anchors come from bench/quality_curves on the 64 deepface photos (the
// curves and the reasoning are in docs/quality.md): "full" is where the
// clean photos sit, "zero" is where matching visibly suffers.
constexpr std::array kSpecs = {
    // Crete blur index; clean photos 0.20-0.40 in the canonical crop.
    MeasureSpec{
        .name = "sharpness", .unit = "blur_index", .low = {0.75f, 0.45f}, .low_problem = QualityProblem::kTooBlurry},
    // Mean luma of the inner face, two-sided.
    MeasureSpec{.name = "exposure",
                .unit = "luma",
                .low = {15.0f, 65.0f},
                .low_problem = QualityProblem::kTooDark,
                .two_sided = true,
                .high = {245.0f, 215.0f},
                .high_problem = QualityProblem::kTooBright},
    // Michelson contrast of unclipped inner-face pixels.
    MeasureSpec{
        .name = "contrast", .unit = "ratio", .low = {0.05f, 0.25f}, .low_problem = QualityProblem::kLowContrast},
    // Eye-centre distance.
    MeasureSpec{.name = "face_size", .unit = "px", .low = {4.0f, 28.0f}, .low_problem = QualityProblem::kFaceTooSmall},
    // Degrees away from frontal.
    MeasureSpec{.name = "head_yaw",
                .unit = "deg",
                .low = {50.0f, 10.0f},
                .low_problem = QualityProblem::kHeadTurned,
                .absolute = true},
    // fr_pose reads frontal photos as looking down ~11 degrees (median of the
    // 12 clean curve photos -11.4): pitch is scored about -10, not 0.
    MeasureSpec{.name = "head_pitch",
                .unit = "deg",
                .low = {50.0f, 10.0f},
                .low_problem = QualityProblem::kHeadPitched,
                .absolute = true,
                .centre = -10.0f},
    MeasureSpec{.name = "head_roll",
                .unit = "deg",
                .low = {50.0f, 10.0f},
                .low_problem = QualityProblem::kHeadTilted,
                .absolute = true},
    // Mean P(open) of the two eyes. The model is confident on real closed
    // eyes (> 0.99 closed), so the bar sits low: MEDIUM fails below 0.31.
    MeasureSpec{
        .name = "eyes_open", .unit = "probability", .low = {0.02f, 0.60f}, .low_problem = QualityProblem::kEyesClosed},
    // Fraction of the face region inside the image.
    MeasureSpec{
        .name = "in_frame", .unit = "fraction", .low = {0.5f, 1.0f}, .low_problem = QualityProblem::kFaceCutOff},
};

// Measure indexes the table: each entry sits at its enum's position.
constexpr bool InMeasureOrder() {
  constexpr std::string_view kNames[] = {"sharpness",  "exposure",  "contrast",  "face_size", "head_yaw",
                                         "head_pitch", "head_roll", "eyes_open", "in_frame"};
  if (kSpecs.size() != kMeasureCount) return false;
  for (size_t i = 0; i < kSpecs.size(); ++i) {
    if (kSpecs[i].name != kNames[i]) return false;
  }
  return true;
}
static_assert(InMeasureOrder(), "kSpecs must list the measures in the order of enum Measure");

float RampScore(const Ramp& r, float v) {
  if (r.full == r.zero) return v >= r.full ? 100.0f : 0.0f;
  return 100.0f * std::clamp((v - r.zero) / (r.full - r.zero), 0.0f, 1.0f);
}

}  // namespace

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kLow: return "LOW";
    case Level::kMedium: return "MEDIUM";
    case Level::kHigh: return "HIGH";
  }
  return "MEDIUM";
}

float LevelCutoff(Level level) {
  switch (level) {
    case Level::kLow: return 25.0f;
    case Level::kMedium: return 50.0f;
    case Level::kHigh: return 75.0f;
  }
  return 50.0f;
}

Level LevelFor(QualityFilter filter, FaceSide role) {
  switch (filter) {
    case QualityFilter::kLow: return Level::kLow;
    case QualityFilter::kMedium: return Level::kMedium;
    case QualityFilter::kHigh: return Level::kHigh;
    case QualityFilter::kNone:
    case QualityFilter::kAuto: break;
  }
  return role == FaceSide::kDocument ? Level::kLow : Level::kMedium;
}

std::span<const MeasureSpec> MeasureSpecs() { return kSpecs; }

const MeasureSpec* FindSpec(std::string_view name) {
  for (const auto& s : kSpecs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

QualityMeasure ScoreMeasure(const MeasureSpec& spec, const RawMeasure& raw) {
  QualityMeasure m;
  m.name = spec.name;
  m.unit = spec.unit;
  m.assessed = raw.assessed && std::isfinite(raw.value);
  if (!m.assessed) return m;
  m.value = raw.value;
  const float v = spec.absolute ? std::fabs(raw.value - spec.centre) : raw.value;
  m.score = RampScore(spec.low, v);
  if (spec.two_sided) m.score = std::min(m.score, RampScore(spec.high, v));
  return m;
}

void Judge(FaceQuality& quality, Level level, FaceSide role) {
  quality.level = LevelName(level);
  quality.passed = true;
  quality.reasons.clear();
  const float cutoff = LevelCutoff(level);
  for (auto& m : quality.measures) {
    m.reason.clear();
    m.passed = true;
    if (!m.assessed) {
      m.reason = ReasonCode(Reason::kNotAssessed);
      continue;
    }
    if (m.score >= cutoff) continue;
    m.passed = false;
    quality.passed = false;
    const MeasureSpec* spec = FindSpec(m.name);
    if (spec == nullptr) continue;
    QualityProblem problem = spec->low_problem;
    if (spec->two_sided && RampScore(spec->high, m.value) < RampScore(spec->low, m.value)) problem = spec->high_problem;
    m.reason = QualityReasonCode(role, problem);
    quality.reasons.push_back(m.reason);
  }
}

}  // namespace idmatch::quality
