#include "api/base64.h"

#include <gtest/gtest.h>

namespace idmatch::api {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"f", "Zg=="},         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},       {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(EncodeBase64(plain), encoded);
    auto d = DecodeBase64Field(encoded, "source");
    ASSERT_TRUE(d.ok()) << encoded;
    EXPECT_EQ(*d, plain);
  }
}

TEST(Base64, AcceptsDataUrlWhitespaceUrlSafeAndMissingPadding) {
  EXPECT_EQ(*DecodeBase64Field("data:image/jpeg;base64,Zm9v\r\nYmE=", "source"), "fooba");
  EXPECT_EQ(*DecodeBase64Field("  Zm9vYg  ", "source"), "foob");
  EXPECT_EQ(*DecodeBase64Field("Zm9vYg", "source"), "foob");
  EXPECT_EQ(*DecodeBase64Field("_-8=", "source"), std::string("\xFF\xEF", 2));
  const std::string binary("\x00\xFF\x10\x80", 4);
  EXPECT_EQ(*DecodeBase64Field(EncodeBase64(binary), "t"), binary);
}

TEST(Base64, RejectsGarbageNamingTheFieldAndOffset) {
  auto r = DecodeBase64Field("Zm9v*mFy", "target");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kBadBase64);
  EXPECT_NE(r.status().message().find("'target'"), std::string::npos);
  EXPECT_NE(r.status().message().find("offset 4"), std::string::npos);
  EXPECT_EQ(DecodeBase64Field("Zm9vY", "s").status().code(), ErrorCode::kBadBase64);     // impossible length
  EXPECT_EQ(DecodeBase64Field("Zg==Zg==", "s").status().code(), ErrorCode::kBadBase64);  // data after padding
  EXPECT_EQ(DecodeBase64Field("Zg===", "s").status().code(), ErrorCode::kBadBase64);
  EXPECT_EQ(DecodeBase64Field("data:image/png,abc", "s").status().code(), ErrorCode::kBadBase64);
  EXPECT_EQ(DecodeBase64Field(" \n ", "s").status().code(), ErrorCode::kMissingField);
}

}  // namespace
}  // namespace idmatch::api
