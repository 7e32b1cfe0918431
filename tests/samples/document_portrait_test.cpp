// The document portrait on generated licence fronts (a real face from
// ../shared as portrait and ghost, photographed on a table) in all four
// orientations: the portrait decides the match, the ghost is reported as
// such, the turn is reported, and the boxes stay in the photo's coordinates.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "idmatch/engine.h"
#include "support/card_factory.h"
#include "support/document_factory.h"
#include "support/image_factory.h"

namespace idmatch {
namespace {

TEST(DocumentPortrait, FoundInEveryOrientationWithItsGhost) {
  const std::string dir = testing::SharedDir() + "/testdata/faces/deepface/";
  const std::string selfie = testing::ReadFileOrEmpty(dir + "img1.jpg");
  const cv::Mat face = cv::imread(dir + "img2.jpg", cv::IMREAD_COLOR);
  if (selfie.empty() || face.empty()) GTEST_SKIP() << "shared test photos not found under " << testing::SharedDir();
  auto engine = Engine::Create(EngineConfig{});
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  const std::string record = testing::AamvaRecordText(10, {{"DL", testing::SampleLicenceElements()}});
  const cv::Mat upright = testing::PhotographCard(testing::LicenceFront(face, testing::Pdf417Image(record, 2)), 3);
  // (how the photo is turned, the turn that makes it upright again)
  const std::pair<int, int> cases[] = {
      {-1, 0}, {cv::ROTATE_90_CLOCKWISE, 270}, {cv::ROTATE_180, 180}, {cv::ROTATE_90_COUNTERCLOCKWISE, 90}};
  for (const auto& [code, expected_turn] : cases) {
    cv::Mat photo = upright.clone();
    if (code >= 0) cv::rotate(upright, photo, code);
    const std::string jpeg = testing::EncodeWith(photo, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 90});
    if (const char* dump = std::getenv("IDMATCH_DUMP_DIR")) {
      std::ofstream(std::string(dump) + "/portrait-turned-" + std::to_string(expected_turn) + ".jpg", std::ios::binary)
          << jpeg;
    }
    CompareOptions options;
    options.read_document = true;  // its orientation is the first cue for the turn
    auto r = (*engine)->Compare(selfie, jpeg, options);
    ASSERT_TRUE(r.ok()) << expected_turn << ": " << r.status().ToString();
    SCOPED_TRACE("turned by " + std::to_string(expected_turn));
    std::string reasons_text;
    for (const auto& reason : r->reasons) reasons_text += reason + " ";
    EXPECT_TRUE(r->match) << r->similarity << " " << reasons_text << (r->document ? "document read" : "no document");
    EXPECT_EQ(r->target_image.upright_rotation, expected_turn);
    ASSERT_GE(r->target_faces.size(), 2u);
    EXPECT_EQ(r->target_faces[0].role, TargetFaceRole::kPortrait);
    EXPECT_EQ(r->target_faces[1].role, TargetFaceRole::kGhost);
    EXPECT_LT(r->target_faces[1].face.box.height * r->target_faces[1].face.box.width,
              0.6f * r->target_faces[0].face.box.height * r->target_faces[0].face.box.width);
    for (const auto& m : r->target_faces) {
      EXPECT_GE(m.face.box.x, 0);
      EXPECT_GE(m.face.box.y, 0);
      EXPECT_LE(m.face.box.x + m.face.box.width, photo.cols + 0.5f);
      EXPECT_LE(m.face.box.y + m.face.box.height, photo.rows + 0.5f);
      for (const auto& p : m.face.landmarks) {
        EXPECT_TRUE(p.x >= m.face.box.x - 2 && p.x <= m.face.box.x + m.face.box.width + 2 && p.y >= m.face.box.y - 2 &&
                    p.y <= m.face.box.y + m.face.box.height + 2);
      }
    }
    // Reading the front's small barcode is the document reader's business
    // (document_test.cpp, mrz_test.cpp); here it only tells the turn when read.
    std::printf("[ portrait ] turned %3d: similarity %.1f, ghost %.1f, barcode %s\n", expected_turn, r->similarity,
                r->target_faces[1].similarity, r->document ? "read" : "not read");
    const auto& reasons = r->reasons;
    EXPECT_NE(std::find(reasons.begin(), reasons.end(), "GHOST_PORTRAIT_FOUND"), reasons.end());
    EXPECT_EQ(std::find(reasons.begin(), reasons.end(), "MULTIPLE_FACES_IN_TARGET"), reasons.end());
    EXPECT_EQ(std::find(reasons.begin(), reasons.end(), "TARGET_TURNED") != reasons.end(), expected_turn != 0);
  }
}

}  // namespace
}  // namespace idmatch
