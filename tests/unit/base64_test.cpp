#include "core/base64.h"

#include <gtest/gtest.h>

namespace idmatch::api {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"f", "Zg=="},         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},       {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(base64::Encode(plain), encoded);
    auto d = base64::DecodeField(encoded, "source");
    ASSERT_TRUE(d.ok()) << encoded;
    EXPECT_EQ(*d, plain);
  }
}

TEST(Base64, AcceptsDataUrlWhitespaceUrlSafeAndMissingPadding) {
  EXPECT_EQ(*base64::DecodeField("data:image/jpeg;base64,Zm9v\r\nYmE=", "source"), "fooba");
  EXPECT_EQ(*base64::DecodeField("  Zm9vYg  ", "source"), "foob");
  EXPECT_EQ(*base64::DecodeField("Zm9vYg", "source"), "foob");
  EXPECT_EQ(*base64::DecodeField("_-8=", "source"), std::string("\xFF\xEF", 2));
  const std::string binary("\x00\xFF\x10\x80", 4);
  EXPECT_EQ(*base64::DecodeField(base64::Encode(binary), "t"), binary);
}

TEST(Base64, RejectsGarbageNamingTheFieldAndOffset) {
  auto r = base64::DecodeField("Zm9v*mFy", "target");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kBadBase64);
  EXPECT_NE(r.status().message().find("'target'"), std::string::npos);
  EXPECT_NE(r.status().message().find("offset 4"), std::string::npos);
  EXPECT_EQ(base64::DecodeField("Zm9vY", "s").status().code(), ErrorCode::kBadBase64);     // impossible length
  EXPECT_EQ(base64::DecodeField("Zg==Zg==", "s").status().code(), ErrorCode::kBadBase64);  // data after padding
  EXPECT_EQ(base64::DecodeField("Zg===", "s").status().code(), ErrorCode::kBadBase64);
  EXPECT_EQ(base64::DecodeField("data:image/png,abc", "s").status().code(), ErrorCode::kBadBase64);
  EXPECT_EQ(base64::DecodeField(" \n ", "s").status().code(), ErrorCode::kMissingField);
}

}  // namespace
}  // namespace idmatch::api
