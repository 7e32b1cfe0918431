#include "api/json_scan.h"

#include <gtest/gtest.h>

#include "core/base64.h"

namespace idmatch::api {
namespace {

TEST(JsonScan, FindsTopLevelMembersWithRawValues) {
  auto r =
      ScanTopLevelObject(R"( {"source":"Zm9v","n":12.5, "nested":{"a":[1,"}]"]}, "esc\"key":"a\"b\\", "t":true} )");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->at("source").raw, "Zm9v");
  EXPECT_TRUE(r->at("source").is_string);
  EXPECT_EQ(r->at("n").raw, "12.5");
  EXPECT_FALSE(r->at("n").is_string);
  EXPECT_EQ(r->at("nested").raw, R"({"a":[1,"}]"]})");
  EXPECT_EQ(r->at("esc\"key").raw, R"(a\"b\\)");
  EXPECT_EQ(r->at("t").raw, "true");
  EXPECT_TRUE(ScanTopLevelObject("{}").ok());
}

TEST(JsonScan, RejectsMalformedBodiesWithAnOffset) {
  for (const char* bad : {"", "[1]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":\"x}", "{\"a\":1} x",
                          "{\"a\":{\"b\":1}", "{a:1}", "{\"a\":1 \"b\":2}"}) {
    auto r = ScanTopLevelObject(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), ErrorCode::kMalformedJson) << bad;
      EXPECT_NE(r.status().message().find("at byte"), std::string::npos) << bad;
    }
  }
}

TEST(Base64, HandlesJsonEscapesLeftInRawStrings) {
  // "Zm9v\nYmFy" as raw JSON text (backslash-n) and an escaped slash.
  EXPECT_EQ(*base64::DecodeField(R"(Zm9v\nYmFy)", "s"), "foobar");
  EXPECT_EQ(*base64::DecodeField(R"(\/w==)", "s"), std::string("\xFF", 1));
  EXPECT_EQ(base64::DecodeField(R"(Zm9v\u0041)", "s").status().code(), ErrorCode::kBadBase64);
}

}  // namespace
}  // namespace idmatch::api
