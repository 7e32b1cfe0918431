// The vocabulary tables: every enum value has one row with a distinct code
// and words, codes round-trip, and the web page keeps no copy of the words.
#include "idmatch/vocabulary.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "idmatch/status.h"

namespace idmatch {
namespace {

TEST(Vocabulary, EveryReasonHasOneRowWithWords) {
  std::set<std::string_view> codes;
  for (int i = 0; i <= static_cast<int>(Reason::kNotAssessed); ++i) {
    const auto reason = static_cast<Reason>(i);
    const auto code = ReasonCode(reason);
    EXPECT_TRUE(codes.insert(code).second) << "enum value " << i << " shares code " << code;
    ASSERT_EQ(ParseReason(code), reason) << code;
    EXPECT_NE(WordsFor(code), std::string(code)) << code << " has no words";
  }
  EXPECT_FALSE(ParseReason("NO_SUCH_REASON").has_value());
}

TEST(Vocabulary, EveryCaptureReasonHasOneRowWithWordsDistinctFromTheCompareReasons) {
  std::set<std::string_view> codes;
  for (int i = 0; i <= static_cast<int>(Reason::kNotAssessed); ++i) codes.insert(ReasonCode(static_cast<Reason>(i)));
  for (int i = 0; i <= static_cast<int>(CaptureReason::kPlanarMotion); ++i) {
    const auto code = CaptureReasonCode(static_cast<CaptureReason>(i));
    EXPECT_TRUE(codes.insert(code).second) << "capture reason " << i << " shares code " << code;
    EXPECT_NE(WordsFor(code), std::string(code)) << code << " has no words";
  }
  EXPECT_EQ(CaptureReasonCode(CaptureReason::kPlanarMotion), "PLANAR_MOTION");
}

TEST(Vocabulary, QualityReasonsArePrefixedBySideAndHaveWords) {
  EXPECT_EQ(QualityReasonCode(FaceSide::kSelfie, QualityProblem::kTooDark), "SELFIE_TOO_DARK");
  EXPECT_EQ(QualityReasonCode(FaceSide::kDocument, QualityProblem::kEyesClosed), "DOCUMENT_EYES_CLOSED");
  std::set<std::string> codes;
  for (auto side : {FaceSide::kSelfie, FaceSide::kDocument, FaceSide::kImage}) {
    for (int p = 0; p <= static_cast<int>(QualityProblem::kFaceCutOff); ++p) {
      const auto code = QualityReasonCode(side, static_cast<QualityProblem>(p));
      EXPECT_TRUE(codes.insert(code).second) << code;
      EXPECT_NE(WordsFor(code), code) << code;
      EXPECT_NE(QualityProblemWords(code), "the face does not meet the quality bar") << code;
    }
  }
  EXPECT_NE(WordsFor("DOCUMENT_TOO_BRIGHT").find("ID photo"), std::string::npos);
}

TEST(Vocabulary, ErrorsAndChecksHaveWords) {
  for (ErrorCode code : AllErrorCodes()) {
    if (code == ErrorCode::kOk) continue;
    EXPECT_FALSE(ErrorWords(code).empty()) << ErrorCodeName(code);
    EXPECT_EQ(WordsFor(ErrorCodeName(code)), ErrorWords(code));
  }
  for (int k = 0; k <= static_cast<int>(DocumentCheckKind::kBarcodeMrzConsistent); ++k) {
    const auto name = DocumentCheckName(static_cast<DocumentCheckKind>(k));
    EXPECT_NE(WordsFor(name), std::string(name)) << name;
  }
  EXPECT_EQ(DocumentSourceName(DocumentSource::kMrz), "mrz");
  EXPECT_EQ(TargetFaceRoleName(TargetFaceRole::kGhost), "ghost");
  EXPECT_EQ(WordsFor("NOT_A_CODE"), "NOT_A_CODE");
}

// The page takes its words from GET /v1/vocabulary: no reason's or error's
// words may be copied into it (they would drift from the table).
TEST(Vocabulary, TheWebPagesKeepNoCopyOfTheWords) {
  for (const char* script : {"/web/app.js", "/web/liveness.js"}) {
    std::ifstream in(std::string(IDMATCH_SOURCE_DIR) + script);
    ASSERT_TRUE(in) << script << " not found";
    std::stringstream s;
    s << in.rdbuf();
    const std::string page = s.str();
    const auto& all = AllWords();
    for (const auto* list : {&all.reasons, &all.errors, &all.checks}) {
      for (const auto& entry : *list) {
        if (entry.words.size() < 12) continue;  // "Not found." may appear in any text
        EXPECT_EQ(page.find(entry.words), std::string::npos) << entry.code << "'s words are copied in " << script;
      }
    }
  }
}

}  // namespace
}  // namespace idmatch
