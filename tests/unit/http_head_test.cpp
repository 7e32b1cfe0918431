// The edge's request-head parser: what it accepts, what it refuses and with
// which code, on the framings hostile clients use.
#include "request/http_head.h"

#include <gtest/gtest.h>

namespace idmatch::request {
namespace {

Result<RequestHead> Parse(const std::string& head, HeadLimits limits = {}) { return ParseRequestHead(head, limits); }

TEST(HttpHead, FindsTheEndOfAHeadOnlyOnceItHasArrived) {
  EXPECT_FALSE(FindHeadEnd("GET / HTTP/1.1\r\nHost: x\r\n"));
  EXPECT_EQ(*FindHeadEnd("GET / HTTP/1.1\r\nHost: x\r\n\r\nBODY"), 27u);
  EXPECT_EQ(*FindHeadEnd("\r\n\r\nGET / HTTP/1.1\r\n\r\n"), 22u);  // leading empty lines skipped
}

TEST(HttpHead, ParsesMethodPathLengthAndKeepAlive) {
  auto h = Parse("POST /v1/%63ompare?x=1 HTTP/1.1\r\nHost: a\r\ncontent-length: 42\r\nX-Api-Key:  k \r\n\r\n");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->method, "POST");
  EXPECT_EQ(h->target, "/v1/%63ompare?x=1");
  EXPECT_EQ(h->path, "/v1/compare");
  EXPECT_EQ(h->content_length, 42u);
  EXPECT_TRUE(h->keep_alive);
  EXPECT_EQ(h->Header("x-api-key").value_or(""), "k");
  EXPECT_FALSE(h->Header("Authorization"));
  EXPECT_FALSE(Parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")->keep_alive);
  EXPECT_FALSE(Parse("GET / HTTP/1.0\r\n\r\n")->keep_alive);
  EXPECT_TRUE(Parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")->keep_alive);
  EXPECT_TRUE(Parse("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")->expect_continue);
}

TEST(HttpHead, RefusesHostileFramingsWithTheirCodes) {
  struct Case {
    std::string head;
    ErrorCode code;
  };
  const std::vector<Case> cases = {
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", ErrorCode::kLengthRequired},
      {"POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: 9\r\n\r\n", ErrorCode::kUnsupportedMediaType},
      {"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", ErrorCode::kInvalidArgument},
      {"POST / HTTP/1.1\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n", ErrorCode::kInvalidArgument},
      {"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", ErrorCode::kInvalidArgument},
      {"GET / HTTP/2.0\r\n\r\n", ErrorCode::kInvalidArgument},
      {"GET  / HTTP/1.1\r\n\r\n", ErrorCode::kInvalidArgument},
      {"GET http://x/ HTTP/1.1\r\n\r\n", ErrorCode::kInvalidArgument},
      {"GET / HTTP/1.1\r\n folded: yes\r\n\r\n", ErrorCode::kInvalidArgument},
      {"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", ErrorCode::kInvalidArgument},
      {"GET / HTTP/1.1\r\nX: a\x01"
       "b\r\n\r\n",
       ErrorCode::kInvalidArgument},
      {"GET / HTTP/1.1\r\nExpect: something\r\n\r\n", ErrorCode::kInvalidArgument},
  };
  for (const auto& c : cases) {
    auto h = Parse(c.head);
    ASSERT_FALSE(h.ok()) << c.head;
    EXPECT_EQ(h.status().code(), c.code) << c.head << " -> " << h.status().ToString();
    EXPECT_FALSE(h.status().message().empty());
  }
  // Equal duplicate lengths are one length.
  EXPECT_EQ(Parse("POST / HTTP/1.1\r\nContent-Length: 7\r\nContent-Length: 7\r\n\r\n")->content_length, 7u);
}

TEST(HttpHead, EnforcesItsLimits) {
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 101; ++i) many += "X-" + std::to_string(i) + ": y\r\n";
  EXPECT_EQ(Parse(many + "\r\n").status().code(), ErrorCode::kHeadersTooLarge);
  const std::string big = "GET / HTTP/1.1\r\nX: " + std::string(70000, 'a') + "\r\n\r\n";
  EXPECT_EQ(Parse(big).status().code(), ErrorCode::kHeadersTooLarge);
  HeadLimits roomy;
  roomy.max_head_bytes = 100000;
  EXPECT_TRUE(Parse(big, roomy).ok());
}

TEST(HttpHead, ReserializesWithoutTheFieldTheEdgeHandled) {
  auto h = Parse("POST /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(SerializeHeadWithout(*h, "expect"), "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\n");
}

TEST(HttpHead, PercentDecodesValidEscapesOnly) { EXPECT_EQ(PercentDecode("/a%2Fb%zz%4"), "/a/b%zz%4"); }

}  // namespace
}  // namespace idmatch::request
