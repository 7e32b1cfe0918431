// Raw value -> 0..100 score -> pass/fail, for every quality measure, from one
// table (kMeasureSpecs in scoring.cpp; where each number came from is written
// beside it and in docs/quality.md). Levels are score cut-offs shared by all
// measures: a measure passes at a level when its score reaches the cut-off.
//
// Thread contract: pure functions over constant tables.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "idmatch/engine.h"
#include "idmatch/types.h"
#include "idmatch/vocabulary.h"
#include "quality/measures.h"

namespace idmatch::quality {

enum class Level { kLow, kMedium, kHigh };
std::string_view LevelName(Level level);
// Score a measure must reach to pass at `level`: LOW 25, MEDIUM 50, HIGH 75.
float LevelCutoff(Level level);

// The bar a filter sets for a role. AUTO and NONE: MEDIUM for the selfie and
// plain images, LOW for the document (NONE judges but excludes nothing).
Level LevelFor(QualityFilter filter, FaceSide role);

// A line of kMeasureSpecs. The score is 100 * clamp((v - zero) / (full - zero))
// for each ramp (a ramp runs either way), the lower of the two ramps counts and
// names the failure reason. `centre`/`absolute`: score |v - centre| instead of v.
struct Ramp {
  float zero;
  float full;
};
struct MeasureSpec {
  std::string_view name = {};
  std::string_view unit = {};
  Ramp low{0, 0};
  QualityProblem low_problem = QualityProblem::kTooBlurry;
  bool two_sided = false;
  Ramp high{0, 0};
  QualityProblem high_problem = QualityProblem::kTooBlurry;
  bool absolute = false;
  float centre = 0;
};
std::span<const MeasureSpec> MeasureSpecs();

// The measures, in the order of MeasureSpecs() and of FaceQuality::measures
// (scoring.cpp checks the order at compile time).
enum class Measure {
  kSharpness,
  kExposure,
  kContrast,
  kFaceSize,
  kHeadYaw,
  kHeadPitch,
  kHeadRoll,
  kEyesOpen,
  kInFrame
};
inline constexpr size_t kMeasureCount = 9;
constexpr size_t Index(Measure m) { return static_cast<size_t>(m); }
const MeasureSpec* FindSpec(std::string_view name);

// Fills name, unit, assessed, value and score (pass/fail comes from Judge).
QualityMeasure ScoreMeasure(const MeasureSpec& spec, const RawMeasure& raw);

// Sets passed/reason of each measure and of the face at `level`.
void Judge(FaceQuality& quality, Level level, FaceSide role);

}  // namespace idmatch::quality
