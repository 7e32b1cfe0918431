// All-vs-all evaluation: exact genuine/impostor counts, FMR/FNMR that agree
// with the pair scores, TAR at FMR levels with the rule-of-three bound.
#include "eval/all_vs_all.h"

#include <gtest/gtest.h>

#include <cmath>

namespace idmatch::eval {
namespace {

TEST(AllVsAll, ParsesIdentityListsAndNamesBadLines) {
  auto ok = ParseIdentitiesCsv("file,identity\nimages/a/1.jpg,a\r\nimages/b/1.jpg, b\n\n");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[1].identity, "b");
  auto bad = ParseIdentitiesCsv("file,identity\nimages/a/1.jpg,a\nno-identity\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 3"), std::string::npos);
  EXPECT_FALSE(ParseIdentitiesCsv("file,identity\n").ok());
}

TEST(AllVsAll, CountsEveryPairOnceAndSkipsImagesWithoutAFace) {
  const std::vector<std::string> ids = {"a", "a", "a", "b", "b", "c"};
  std::vector<bool> has(ids.size(), true);
  auto score = [](size_t i, size_t j) { return float(10 * i + j); };
  for (int threads : {1, 2, 3}) {
    auto all = ScoreAllPairs(ids, has, score, threads);
    EXPECT_EQ(all.genuine.size(), 4u) << threads;    // 3 within a, 1 within b
    EXPECT_EQ(all.impostor.size(), 11u) << threads;  // 15 pairs in all
  }
  has[1] = false;  // an image without a face takes part in no comparison
  auto fewer = ScoreAllPairs(ids, has, score, 2);
  EXPECT_EQ(fewer.genuine.size(), 2u);
  EXPECT_EQ(fewer.impostor.size(), 8u);
}

TEST(AllVsAll, ErrorRatesAgreeWithThePairScores) {
  ScoreSets s;
  // 10 genuine scores 50..95, 1000 impostor scores 0..99.9 in steps of 0.1.
  for (int i = 0; i < 10; ++i) s.genuine.push_back(50.0f + 5.0f * float(i));
  for (int i = 0; i < 1000; ++i) s.impostor.push_back(0.1f * float(i));
  const auto r = ComputeErrorReport(s, 80.0);
  EXPECT_EQ(r.genuine_comparisons, 10);
  EXPECT_EQ(r.impostor_comparisons, 1000);
  // Impostors >= 80: 80.0 .. 99.9 = 200 (float steps, so count them directly).
  int64_t fm = 0;
  for (float v : s.impostor) fm += v >= 80.0f;
  EXPECT_EQ(r.false_matches, fm);
  EXPECT_DOUBLE_EQ(r.fmr_at_threshold, double(fm) / 1000.0);
  EXPECT_EQ(r.false_non_matches, 6);  // 50, 55, 60, 65, 70, 75
  EXPECT_DOUBLE_EQ(r.fnmr_at_threshold, 0.6);
  // FMR 1e-2 allows 10 impostors: accepted above the 11th highest (98.9...).
  ASSERT_EQ(r.tar_at_fmr.size(), 5u);
  EXPECT_TRUE(r.tar_at_fmr[0].reachable);
  EXPECT_LE(r.tar_at_fmr[0].false_matches, 10);
  EXPECT_DOUBLE_EQ(r.tar_at_fmr[0].tar, 0.0);  // the best genuine (95) is below 98.9
  // 1e-3 allows 1; 1e-4 and finer cannot be measured with 1000 impostors.
  EXPECT_TRUE(r.tar_at_fmr[1].reachable);
  EXPECT_LE(r.tar_at_fmr[1].false_matches, 1);
  EXPECT_FALSE(r.tar_at_fmr[2].reachable);
  EXPECT_EQ(r.tar_at_fmr[2].false_matches, 0);
  EXPECT_DOUBLE_EQ(r.tar_at_fmr[2].fmr_upper_95, 3.0 / 1000.0);
}

// The exponential tail fit recovers the scale of exponentially distributed
// impostor scores: for an Exp(scale 2) sample the mean excess over any
// threshold is 2 (memorylessness).
TEST(AllVsAll, ExponentialTailFitRecoversTheScale) {
  ScoreSets s;
  s.genuine = {100.0f};
  const int n = 2'000'000;
  for (int i = 0; i < n; ++i) {
    const double u = (double(i) + 0.5) / n;  // evenly spaced quantiles of Exp(2)
    s.impostor.push_back(static_cast<float>(-2.0 * std::log(u)));
  }
  const auto r = ComputeErrorReport(s, 50.0);
  EXPECT_NEAR(r.tail_threshold, -2.0 * std::log(1e-4), 0.01);
  EXPECT_NEAR(r.tail_scale, 2.0, 0.05);
}

TEST(AllVsAll, SeparatedScoresHaveNoErrorsAndARuleOfThreeBound) {
  ScoreSets s;
  for (int i = 0; i < 20; ++i) s.genuine.push_back(90.0f + float(i) * 0.1f);
  for (int i = 0; i < 3000; ++i) s.impostor.push_back(float(i % 30));
  const auto r = ComputeErrorReport(s, 80.0);
  EXPECT_EQ(r.false_matches, 0);
  EXPECT_DOUBLE_EQ(r.fmr_upper_95, 1e-3);
  EXPECT_EQ(r.false_non_matches, 0);
  for (const auto& t : r.tar_at_fmr) EXPECT_DOUBLE_EQ(t.tar, 1.0) << t.fmr;
  EXPECT_NEAR(r.impostor_median, 14.5, 0.51);
  ASSERT_GE(r.impostor_quantiles.size(), 4u);  // 0.5, 1e-1, 1e-2, 1e-3 of 3000
  EXPECT_EQ(r.impostor_quantiles[2].first, 1e-2);
  EXPECT_FLOAT_EQ(r.impostor_quantiles[2].second, 29.0f);  // the 31st highest of 0..29 x 100
  const std::string svg = DetSvg({{"test", &s, 80.0}}, "DET");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("<polyline"), std::string::npos);
  EXPECT_NE(svg.find("test (threshold 80)"), std::string::npos);
}

}  // namespace
}  // namespace idmatch::eval
