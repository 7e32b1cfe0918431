// Unit tests of the quality scoring table, levels, the compare verdict rules
// and the image-statistics measures on synthetic faces.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "face/align.h"
#include "pipeline/verdict.h"
#include "quality/measures.h"
#include "quality/scoring.h"

namespace idmatch {
namespace {

using quality::Level;

QualityMeasure Scored(std::string_view name, float value) {
  return quality::ScoreMeasure(*quality::FindSpec(name), {true, value});
}

TEST(QualityScoring, EveryMeasureHasASpecAndRampsRunBothWays) {
  for (const auto& spec : quality::MeasureSpecs()) {
    EXPECT_NE(spec.low.zero, spec.low.full) << spec.name;
    EXPECT_FALSE(QualityProblemCode(spec.low_problem).empty()) << spec.name;
  }
  EXPECT_FLOAT_EQ(Scored("face_size", 100).score, 100);
  EXPECT_FLOAT_EQ(Scored("face_size", 2).score, 0);
  // Lower is better for blur: the ramp runs downwards.
  EXPECT_GT(Scored("sharpness", 0.40f).score, Scored("sharpness", 0.60f).score);
  // Angles score by magnitude.
  EXPECT_FLOAT_EQ(Scored("head_yaw", -30).score, Scored("head_yaw", 30).score);
}

TEST(QualityScoring, TwoSidedExposureNamesTheSideThatFailed) {
  FaceQuality q;
  q.measures = {Scored("exposure", 10), Scored("face_size", 100)};
  quality::Judge(q, Level::kMedium, FaceSide::kSelfie);
  EXPECT_FALSE(q.passed);
  ASSERT_EQ(q.reasons.size(), 1u);
  EXPECT_EQ(q.reasons[0], "SELFIE_TOO_DARK");
  q.measures = {Scored("exposure", 250)};
  quality::Judge(q, Level::kMedium, FaceSide::kDocument);
  EXPECT_EQ(q.reasons, std::vector<std::string>{"DOCUMENT_TOO_BRIGHT"});
  q.measures = {Scored("exposure", 150)};
  quality::Judge(q, Level::kHigh, FaceSide::kImage);
  EXPECT_TRUE(q.passed);
  EXPECT_EQ(q.level, "HIGH");
}

TEST(QualityScoring, LevelsAreNestedAndNotAssessedPasses) {
  // A face size between the LOW and HIGH bars passes LOW and fails HIGH.
  FaceQuality q;
  q.measures = {Scored("face_size", 14)};
  quality::Judge(q, Level::kLow, FaceSide::kDocument);
  EXPECT_TRUE(q.passed);
  quality::Judge(q, Level::kHigh, FaceSide::kDocument);
  EXPECT_FALSE(q.passed);
  EXPECT_EQ(q.reasons, std::vector<std::string>{"DOCUMENT_FACE_TOO_SMALL"});
  q.measures = {quality::ScoreMeasure(*quality::FindSpec("eyes_open"), {})};
  quality::Judge(q, Level::kHigh, FaceSide::kSelfie);
  EXPECT_TRUE(q.passed);
  EXPECT_EQ(q.measures[0].reason, "NOT_ASSESSED");
  EXPECT_LT(quality::LevelCutoff(Level::kLow), quality::LevelCutoff(Level::kMedium));
  EXPECT_LT(quality::LevelCutoff(Level::kMedium), quality::LevelCutoff(Level::kHigh));
}

TEST(QualityScoring, AutoIsMediumForTheSelfieAndLowForTheDocument) {
  EXPECT_EQ(quality::LevelFor(QualityFilter::kAuto, FaceSide::kSelfie), Level::kMedium);
  EXPECT_EQ(quality::LevelFor(QualityFilter::kAuto, FaceSide::kDocument), Level::kLow);
  EXPECT_EQ(quality::LevelFor(QualityFilter::kHigh, FaceSide::kDocument), Level::kHigh);
  EXPECT_EQ(ParseQualityFilter("MEDIUM"), QualityFilter::kMedium);
  EXPECT_FALSE(ParseQualityFilter("medium").has_value());
  EXPECT_EQ(QualityFilterName(QualityFilter::kNone), "NONE");
  EXPECT_NE(QualityProblemWords("SELFIE_EYES_CLOSED").find("closed"), std::string_view::npos);
}

pipeline::ImageAnalysis WithFaces(std::vector<float> face_sizes) {
  pipeline::ImageAnalysis a;
  for (float size : face_sizes) {
    Face f;
    f.quality.assessed = true;
    f.quality.measures = {Scored("face_size", size)};
    a.faces.push_back(f);
  }
  return a;
}

TEST(CompareVerdict, QualityFilterRefusesTheSelfieAndDropsDocumentFaces) {
  auto source = WithFaces({100}), target = WithFaces({3, 100});
  auto usable = pipeline::JudgeQuality(source, target, QualityFilter::kAuto);
  ASSERT_TRUE(usable.ok());
  EXPECT_EQ(*usable, std::vector<size_t>{1});

  auto tiny_selfie = WithFaces({5});
  auto refused = pipeline::JudgeQuality(tiny_selfie, target, QualityFilter::kMedium);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kSourceQualityTooLow);
  EXPECT_EQ(refused.status().details(), std::vector<std::string>{"SELFIE_FACE_TOO_SMALL"});
  EXPECT_NE(refused.status().message().find("too small"), std::string::npos);

  auto tiny_doc = WithFaces({3});
  auto none_usable = pipeline::JudgeQuality(source, tiny_doc, QualityFilter::kLow);
  ASSERT_FALSE(none_usable.ok());
  EXPECT_EQ(none_usable.status().code(), ErrorCode::kTargetQualityTooLow);

  // NONE judges (the reasons are reported) but excludes nothing.
  auto kept = pipeline::JudgeQuality(tiny_selfie, tiny_doc, QualityFilter::kNone);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->size(), 1u);
  EXPECT_FALSE(tiny_selfie.faces[0].quality.passed);
}

TEST(CompareVerdict, LivenessDecision) {
  EXPECT_EQ(pipeline::DecideLiveness(std::nullopt, false, 50).reason, Reason::kLivenessDisabled);
  const auto not_assessed = pipeline::DecideLiveness(std::nullopt, true, 50);
  EXPECT_FALSE(not_assessed.assessed);
  EXPECT_EQ(not_assessed.reason, Reason::kLivenessNotAssessed);
  const auto live = pipeline::DecideLiveness(liveness::LivenessScores{0.9f, 0.1f, 0.0f}, true, 50);
  EXPECT_TRUE(live.live);
  EXPECT_FLOAT_EQ(live.score, 90.0f);
  EXPECT_EQ(live.reason, Reason::kLive);
  const auto recapture = pipeline::DecideLiveness(liveness::LivenessScores{0.3f, 0.6f, 0.1f}, true, 50);
  EXPECT_FALSE(recapture.live);
  EXPECT_EQ(recapture.reason, Reason::kSpoofSuspectedRecapture);
  EXPECT_EQ(pipeline::DecideLiveness(liveness::LivenessScores{0.3f, 0.1f, 0.6f}, true, 50).reason,
            Reason::kSpoofSuspected);
  // The threshold is the operator's: 90 makes the same scores a spoof.
  EXPECT_FALSE(pipeline::DecideLiveness(liveness::LivenessScores{0.8f, 0.2f, 0.0f}, true, 90).live);
}

// A synthetic "face": textured noise with landmarks at the template, so the
// session's crop is the image itself at scale 1.
struct SyntheticFace {
  cv::Mat image;
  face::Landmarks68 points{};
};

SyntheticFace MakeFace(int offset_x = 0) {
  SyntheticFace f;
  cv::RNG rng(7);
  f.image = cv::Mat(112, 112, CV_8UC3);
  rng.fill(f.image, cv::RNG::UNIFORM, 40, 200);
  cv::GaussianBlur(f.image, f.image, cv::Size(), 0.8);
  // Put the five template points where ToFivePoints reads them.
  const auto t = face::TemplatePoints();
  for (int i = 36; i <= 41; ++i) f.points[i] = t[0];
  for (int i = 42; i <= 47; ++i) f.points[i] = t[1];
  f.points[30] = t[2];
  f.points[48] = t[3];
  f.points[54] = t[4];
  for (auto& p : f.points) p.x += float(offset_x);
  return f;
}

TEST(QualityMeasures, BlurIndexRisesWithBlur) {
  auto f = MakeFace();
  const auto sharp = quality::BuildFaceSession(f.image, {0, 0, 112, 112}, f.points);
  cv::Mat blurred;
  cv::GaussianBlur(f.image, blurred, cv::Size(), 2.5);
  const auto soft = quality::BuildFaceSession(blurred, {0, 0, 112, 112}, f.points);
  EXPECT_LT(quality::BlurIndex(sharp).value + 0.15f, quality::BlurIndex(soft).value);
}

TEST(QualityMeasures, ContrastIgnoresGainButExposureDoesNot) {
  auto f = MakeFace();
  cv::Mat dark;
  f.image.convertTo(dark, -1, 0.5, 0);
  const auto a = quality::BuildFaceSession(f.image, {0, 0, 112, 112}, f.points);
  const auto b = quality::BuildFaceSession(dark, {0, 0, 112, 112}, f.points);
  EXPECT_NEAR(quality::MichelsonContrast(a).value, quality::MichelsonContrast(b).value, 0.03);
  EXPECT_NEAR(quality::MeanLuma(b).value, quality::MeanLuma(a).value / 2, 2.0);
}

TEST(QualityMeasures, InFrameAndFaceSize) {
  cv::Mat wide(140, 300, CV_8UC3, cv::Scalar(128, 128, 128));
  auto s = quality::BuildFaceSession(wide, {0, 0, 112, 112}, MakeFace(94).points);
  EXPECT_FLOAT_EQ(quality::FractionInFrame(s).value, 1.0f);
  EXPECT_NEAR(quality::EyeDistance(s).value, 35.24, 0.1);
  // The same face shifted so its left half is outside the image.
  auto cut = quality::BuildFaceSession(wide, {0, 0, 112, 112}, MakeFace(-56).points);
  EXPECT_LT(quality::FractionInFrame(cut).value, 0.6f);
}

}  // namespace
}  // namespace idmatch
