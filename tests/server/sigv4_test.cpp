// AWS Signature V4 verification against requests signed by botocore's own
// signer (Debian's python3-botocore 1.29.27, SigV4Auth with the clock fixed
// at 2026-12-01T13:45:00Z; the script is in docs/migrating-from-rekognition.md).
#include "server/sigv4.h"

#include <gtest/gtest.h>

#include <ctime>

namespace idmatch::server::sigv4 {
namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr const char* kBody = R"({"Image": {"Bytes": "aGVsbG8="}, "Attributes": ["DEFAULT"]})";
constexpr std::time_t kSignedAt = 1796132700;  // 2026-12-01T13:45:00Z

SignedRequest BotocoreRequest(const std::string& target, const std::string& host, const std::string& authorization,
                              const std::string& body) {
  SignedRequest r;
  r.method = "POST";
  r.target = target;
  r.headers = {{"Host", host},
               {"X-Amz-Target", "RekognitionService.DetectFaces"},
               {"Content-Type", "application/x-amz-json-1.1"},
               {"User-Agent", "Boto3/1.26.27 Python/3.11.2"},
               {"X-Amz-Date", "20261201T134500Z"},
               {"Authorization", authorization},
               {"Content-Length", std::to_string(body.size())}};
  r.body = body;  // a view: the caller's body outlives the request
  return r;
}

const std::string kAuthorization =
    "AWS4-HMAC-SHA256 Credential=IDMA0123456789ABCDEF/20261201/eu-west-1/rekognition/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
    "Signature=a71aa13186dd023eb797236197be46b626eeac5b9647c67cb352c80f34785224";

TEST(SigV4, ParsesTheAuthorizationHeader) {
  auto c = ParseAuthorization(kAuthorization);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "IDMA0123456789ABCDEF");
  EXPECT_EQ(c->date, "20261201");
  EXPECT_EQ(c->region, "eu-west-1");
  EXPECT_EQ(c->service, "rekognition");
  EXPECT_EQ(c->signed_headers, (std::vector<std::string>{"content-type", "host", "x-amz-date", "x-amz-target"}));
  EXPECT_EQ(ParseAuthorization("").status().code(), ErrorCode::kAuthenticationMissing);
  EXPECT_EQ(ParseAuthorization("Bearer abc").status().code(), ErrorCode::kSignatureInvalid);
  EXPECT_EQ(ParseAuthorization("AWS4-HMAC-SHA256 Credential=X/2026/r/s/aws4_request, SignedHeaders=host, Signature=00")
                .status()
                .code(),
            ErrorCode::kSignatureInvalid);
}

TEST(SigV4, VerifiesBotocoresSignature) {
  const std::string body = kBody;
  auto r = BotocoreRequest("/", "127.0.0.1:8080", kAuthorization, body);
  auto c = ParseAuthorization(kAuthorization);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(Verify(r, *c, kSecret, kSignedAt).ok()) << Verify(r, *c, kSecret, kSignedAt).ToString();
  // Region pinned to the one signed: still good; to another: refused.
  VerifyOptions eu;
  eu.region = "eu-west-1";
  EXPECT_TRUE(Verify(r, *c, kSecret, kSignedAt, eu).ok());
  VerifyOptions us;
  us.region = "us-east-1";
  EXPECT_EQ(Verify(r, *c, kSecret, kSignedAt, us).code(), ErrorCode::kSignatureInvalid);
}

TEST(SigV4, VerifiesAPathAndAQueryString) {
  const std::string auth =
      "AWS4-HMAC-SHA256 Credential=IDMA0123456789ABCDEF/20261201/us-east-1/rekognition/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
      "Signature=a1e5446a20779289a135022cff9af5d0d38527b608219fc6de193dbf89a35e57";
  const std::string body = kBody;
  auto r = BotocoreRequest("/aws/v1?b=2&a=x%20y", "localhost:9000", auth, body);
  auto c = ParseAuthorization(auth);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(Verify(r, *c, kSecret, kSignedAt).ok()) << Verify(r, *c, kSecret, kSignedAt).ToString();
}

TEST(SigV4, AnyChangeFails) {
  const std::string body = kBody;
  auto c = ParseAuthorization(kAuthorization);
  ASSERT_TRUE(c.ok());
  auto r = BotocoreRequest("/", "127.0.0.1:8080", kAuthorization, body);
  // One byte of the body.
  std::string changed = body;
  changed[20] = changed[20] == 'x' ? 'y' : 'x';
  r.body = changed;
  EXPECT_EQ(Verify(r, *c, kSecret, kSignedAt).code(), ErrorCode::kSignatureInvalid);
  r.body = body;
  // The wrong secret (one character).
  std::string wrong = kSecret;
  wrong.back() = 'X';
  EXPECT_EQ(Verify(r, *c, wrong, kSignedAt).code(), ErrorCode::kSignatureInvalid);
  // A signed header's value (the host's port).
  auto other_host = BotocoreRequest("/", "127.0.0.1:8081", kAuthorization, body);
  EXPECT_EQ(Verify(other_host, *c, kSecret, kSignedAt).code(), ErrorCode::kSignatureInvalid);
  // The path.
  auto other_path = BotocoreRequest("/x", "127.0.0.1:8080", kAuthorization, body);
  EXPECT_EQ(Verify(other_path, *c, kSecret, kSignedAt).code(), ErrorCode::kSignatureInvalid);
  // A declared payload hash that is not the body's.
  auto declared = r;
  declared.headers.emplace_back("x-amz-content-sha256", std::string(64, '0'));
  EXPECT_EQ(Verify(declared, *c, kSecret, kSignedAt).code(), ErrorCode::kSignatureInvalid);
}

TEST(SigV4, FifteenMinutesOfClockSkewAndNoMore) {
  const std::string body = kBody;
  auto c = ParseAuthorization(kAuthorization);
  ASSERT_TRUE(c.ok());
  auto r = BotocoreRequest("/", "127.0.0.1:8080", kAuthorization, body);
  EXPECT_TRUE(Verify(r, *c, kSecret, kSignedAt + 899).ok());
  EXPECT_TRUE(Verify(r, *c, kSecret, kSignedAt - 899).ok());
  const Status stale = Verify(r, *c, kSecret, kSignedAt + 901);
  EXPECT_EQ(stale.code(), ErrorCode::kSignatureInvalid);
  EXPECT_NE(stale.message().find("Signature expired"), std::string::npos);
  EXPECT_EQ(Verify(r, *c, kSecret, kSignedAt - 901).code(), ErrorCode::kSignatureInvalid);
}

TEST(SigV4, TheServiceMustBeRekognitionAndHostSigned) {
  const std::string body = kBody;
  const std::string s3 =
      "AWS4-HMAC-SHA256 Credential=IDMA0123456789ABCDEF/20261201/eu-west-1/s3/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" +
      std::string(64, 'a');
  auto c = ParseAuthorization(s3);
  ASSERT_TRUE(c.ok());
  auto r = BotocoreRequest("/", "127.0.0.1:8080", s3, body);
  EXPECT_EQ(Verify(r, *c, kSecret, kSignedAt).code(), ErrorCode::kSignatureInvalid);
  const std::string no_host =
      "AWS4-HMAC-SHA256 Credential=IDMA0123456789ABCDEF/20261201/eu-west-1/rekognition/aws4_request, "
      "SignedHeaders=content-type;x-amz-date, Signature=" +
      std::string(64, 'a');
  auto c2 = ParseAuthorization(no_host);
  ASSERT_TRUE(c2.ok());
  EXPECT_EQ(Verify(r, *c2, kSecret, kSignedAt).code(), ErrorCode::kSignatureInvalid);
}

}  // namespace
}  // namespace idmatch::server::sigv4
