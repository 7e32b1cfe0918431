#include "eval/metrics.h"

#include <gtest/gtest.h>

namespace idmatch::eval {
namespace {

TEST(Metrics, PerfectSeparation) {
  std::vector<ScoredPair> p = {{90, true}, {80, true}, {70, true}, {30, false}, {20, false}};
  auto m = ComputeMetrics(p);
  ASSERT_TRUE(m.ok());
  EXPECT_DOUBLE_EQ(m->auc, 1.0);
  EXPECT_DOUBLE_EQ(m->best_accuracy, 1.0);
  EXPECT_GT(m->best_threshold, 30);
  EXPECT_LT(m->best_threshold, 70);
  EXPECT_DOUBLE_EQ(m->tar_at_far0, 1.0);
  EXPECT_DOUBLE_EQ(m->margin, 40);
}

TEST(Metrics, OverlapAndTies) {
  // Genuine {50, 40}, impostor {45, 40}: pairs won 1 + 0.5 + 0 + 0.5 of 4.
  std::vector<ScoredPair> p = {{50, true}, {40, true}, {45, false}, {40, false}};
  auto m = ComputeMetrics(p);
  ASSERT_TRUE(m.ok());
  EXPECT_DOUBLE_EQ(m->auc, 2.5 / 4.0);
  EXPECT_DOUBLE_EQ(m->tar_at_far0, 0.5);  // only 50 beats the top impostor 45
  EXPECT_DOUBLE_EQ(m->best_accuracy, 0.75);
  EXPECT_LT(m->margin, 0);
}

TEST(Metrics, TarAtFarAllowsFloorOfFarTimesImpostors) {
  std::vector<ScoredPair> p;
  for (int i = 0; i < 100; ++i) p.push_back({double(i), false});  // impostors 0..99
  p.push_back({98.5, true});
  p.push_back({99.5, true});
  EXPECT_DOUBLE_EQ(TarAtFar(p, 0.0), 0.5);    // no impostor may pass: only 99.5 > 99
  EXPECT_DOUBLE_EQ(TarAtFar(p, 0.005), 0.5);  // floor(0.5) = 0 impostors may pass
  EXPECT_DOUBLE_EQ(TarAtFar(p, 0.01), 1.0);   // one may pass (99): bar 98, both genuine above
}

TEST(Metrics, NeedsBothClasses) {
  auto m = ComputeMetrics({{1, true}});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), ErrorCode::kInvalidArgument);
}

TEST(PairsCsv, ParsesDeepfaceFormat) {
  auto p = ParsePairsCsv("file_x,file_y,Decision\nimg1.jpg,img2.jpg,Yes\r\nimg1.jpg,img3.jpg,No");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 2u);
  EXPECT_EQ((*p)[0].file_y, "img2.jpg");
  EXPECT_TRUE((*p)[0].genuine);
  EXPECT_FALSE((*p)[1].genuine);
}

TEST(PairsCsv, RejectsBadDecisionNamingTheLine) {
  auto p = ParsePairsCsv("file_x,file_y,Decision\na,b,Maybe\n");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("line 2"), std::string::npos);
}

}  // namespace
}  // namespace idmatch::eval
