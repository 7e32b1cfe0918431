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
    MeasureSpec{.name = "sharpness", .unit = "blur_index", .low = {0.75f, 0.45f}, .low_reason = "TOO_BLURRY"},
    // Mean luma of the inner face, two-sided.
    MeasureSpec{.name = "exposure",
                .unit = "luma",
                .low = {15.0f, 65.0f},
                .low_reason = "TOO_DARK",
                .two_sided = true,
                .high = {245.0f, 215.0f},
                .high_reason = "TOO_BRIGHT"},
    // Michelson contrast of unclipped inner-face pixels.
    MeasureSpec{.name = "contrast", .unit = "ratio", .low = {0.05f, 0.25f}, .low_reason = "LOW_CONTRAST"},
    // Eye-centre distance.
    MeasureSpec{.name = "face_size", .unit = "px", .low = {4.0f, 28.0f}, .low_reason = "FACE_TOO_SMALL"},
    // Degrees away from frontal.
    MeasureSpec{
        .name = "head_yaw", .unit = "deg", .low = {50.0f, 10.0f}, .low_reason = "HEAD_TURNED", .absolute = true},
    // fr_pose reads frontal photos as looking down ~11 degrees (median of the
    // 12 clean curve photos -11.4): pitch is scored about -10, not 0.
    MeasureSpec{.name = "head_pitch",
                .unit = "deg",
                .low = {50.0f, 10.0f},
                .low_reason = "HEAD_PITCHED",
                .absolute = true,
                .centre = -10.0f},
    MeasureSpec{
        .name = "head_roll", .unit = "deg", .low = {50.0f, 10.0f}, .low_reason = "HEAD_TILTED", .absolute = true},
    // Mean P(open) of the two eyes. The model is confident on real closed
    // eyes (> 0.99 closed), so the bar sits low: MEDIUM fails below 0.31.
    MeasureSpec{.name = "eyes_open", .unit = "probability", .low = {0.02f, 0.60f}, .low_reason = "EYES_CLOSED"},
    // Fraction of the face region inside the image.
    MeasureSpec{.name = "in_frame", .unit = "fraction", .low = {0.5f, 1.0f}, .low_reason = "FACE_CUT_OFF"},
};

float RampScore(const Ramp& r, float v) {
  if (r.full == r.zero) return v >= r.full ? 100.0f : 0.0f;
  return 100.0f * std::clamp((v - r.zero) / (r.full - r.zero), 0.0f, 1.0f);
}

std::string_view Prefix(FaceRole role) {
  switch (role) {
    case FaceRole::kSelfie: return "SELFIE_";
    case FaceRole::kDocument: return "DOCUMENT_";
    case FaceRole::kImage: break;
  }
  return "IMAGE_";
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

Level LevelFor(QualityFilter filter, FaceRole role) {
  switch (filter) {
    case QualityFilter::kLow: return Level::kLow;
    case QualityFilter::kMedium: return Level::kMedium;
    case QualityFilter::kHigh: return Level::kHigh;
    case QualityFilter::kNone:
    case QualityFilter::kAuto: break;
  }
  return role == FaceRole::kDocument ? Level::kLow : Level::kMedium;
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

void Judge(FaceQuality& quality, Level level, FaceRole role) {
  quality.level = LevelName(level);
  quality.passed = true;
  quality.reasons.clear();
  const float cutoff = LevelCutoff(level);
  for (auto& m : quality.measures) {
    m.reason.clear();
    m.passed = true;
    if (!m.assessed) {
      m.reason = "NOT_ASSESSED";
      continue;
    }
    if (m.score >= cutoff) continue;
    m.passed = false;
    quality.passed = false;
    const MeasureSpec* spec = FindSpec(m.name);
    if (spec == nullptr) continue;
    std::string_view suffix = spec->low_reason;
    if (spec->two_sided && RampScore(spec->high, m.value) < RampScore(spec->low, m.value)) suffix = spec->high_reason;
    m.reason = std::string(Prefix(role));
    m.reason += suffix;
    quality.reasons.push_back(m.reason);
  }
}

std::string_view PlainWords(std::string_view reason) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"TOO_BLURRY", "the face is blurred (hold still, clean the lens, let the camera focus)"},
      {"TOO_DARK", "the face is too dark (face a light source)"},
      {"TOO_BRIGHT", "the face is overexposed (avoid direct light or flash glare)"},
      {"LOW_CONTRAST", "the face is washed out (too little contrast)"},
      {"FACE_TOO_SMALL", "the face is too small in the picture (move closer)"},
      {"HEAD_TURNED", "the head is turned sideways (look straight at the camera)"},
      {"HEAD_PITCHED", "the head is tilted up or down (look straight at the camera)"},
      {"HEAD_TILTED", "the head is tilted sideways (hold it upright)"},
      {"EYES_CLOSED", "the eyes are closed"},
      {"FACE_CUT_OFF", "the face is cut off by the edge of the picture"},
  };
  for (const auto& [suffix, words] : kWords) {
    if (reason.size() >= suffix.size() && reason.substr(reason.size() - suffix.size()) == suffix) return words;
  }
  return "the face does not meet the quality bar";
}

std::string_view QualityFilterNameImpl(QualityFilter f) {
  switch (f) {
    case QualityFilter::kNone: return "NONE";
    case QualityFilter::kAuto: return "AUTO";
    case QualityFilter::kLow: return "LOW";
    case QualityFilter::kMedium: return "MEDIUM";
    case QualityFilter::kHigh: return "HIGH";
  }
  return "AUTO";
}

}  // namespace idmatch::quality

namespace idmatch {

std::string_view QualityFilterName(QualityFilter f) { return quality::QualityFilterNameImpl(f); }

std::optional<QualityFilter> ParseQualityFilter(std::string_view name) {
  for (auto f : {QualityFilter::kNone, QualityFilter::kAuto, QualityFilter::kLow, QualityFilter::kMedium,
                 QualityFilter::kHigh}) {
    if (QualityFilterName(f) == name) return f;
  }
  return std::nullopt;
}

}  // namespace idmatch
