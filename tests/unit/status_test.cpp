#include "idmatch/status.h"

#include <gtest/gtest.h>

#include <set>

namespace idmatch {
namespace {

TEST(Status, EveryCodeHasAUniqueNameAndAnErrorStatus) {
  std::set<std::string_view> names;
  for (int c = static_cast<int>(ErrorCode::kInvalidArgument); c <= static_cast<int>(ErrorCode::kInternal); ++c) {
    const auto code = static_cast<ErrorCode>(c);
    const auto name = ErrorCodeName(code);
    EXPECT_TRUE(names.insert(name).second) << "duplicate name " << name;
    EXPECT_GE(HttpStatusFor(code), 400) << name;
    EXPECT_NE(ExitCodeFor(code), 0) << name;
    if (code != ErrorCode::kInternal) {
      EXPECT_NE(name, "INTERNAL") << "code " << c << " has no table row";
    }
  }
}

TEST(Status, HttpMappingOfInputErrors) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kImageTruncated), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kImageTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnsupportedImageFormat), 415);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNoFaceInSource), 422);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kOverloaded), 503);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kImageCorrupt), 2);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kInternal), 1);
}

TEST(Result, HoldsValueOrStatus) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  Result<int> bad = Status(ErrorCode::kImageCorrupt, "x");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kImageCorrupt);
  Result<int> misuse = Status::Ok();  // an OK status without a value is a bug
  ASSERT_FALSE(misuse.ok());
  EXPECT_EQ(misuse.status().code(), ErrorCode::kInternal);
}

}  // namespace
}  // namespace idmatch
