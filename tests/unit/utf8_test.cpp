#include "core/utf8.h"

#include <gtest/gtest.h>

namespace idmatch::utf8 {
namespace {

TEST(Utf8, ValidTextIsRecognised) {
  EXPECT_TRUE(IsValid(""));
  EXPECT_TRUE(IsValid("M\xc3\x9cLLER \xe2\x82\xac \xf0\x9f\x99\x82"));
  EXPECT_FALSE(IsValid("M\xdcLLER"));         // Latin-1 byte
  EXPECT_FALSE(IsValid("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValid("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(IsValid("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValid("\xe2\x82"));          // truncated sequence
}

TEST(Utf8, LegacyBytesAreReadAsWindows1252) {
  EXPECT_EQ(FromLegacyBytes("M\xdcLLER"), "M\xc3\x9cLLER");                // U+00DC
  EXPECT_EQ(FromLegacyBytes("\x80"), "\xe2\x82\xac");                      // euro sign in 0x80
  EXPECT_EQ(FromLegacyBytes("\x81"), "\xef\xbf\xbd");                      // undefined in 1252: U+FFFD
  EXPECT_EQ(FromLegacyBytes("caf\xc3\xa9 \xe9"), "caf\xc3\xa9 \xc3\xa9");  // valid UTF-8 kept, stray byte converted
  EXPECT_TRUE(IsValid(FromLegacyBytes(std::string("\xff\xfe\x00\xc3", 4))));
}

TEST(Utf8, SanitizeReplacesOnlyWhatIsInvalid) {
  EXPECT_EQ(Sanitize("ok \xc3\xa9"), "ok \xc3\xa9");
  EXPECT_EQ(Sanitize("a\xffz"), "a\xef\xbf\xbdz");
}

}  // namespace
}  // namespace idmatch::utf8
