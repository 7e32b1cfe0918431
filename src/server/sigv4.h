// AWS Signature Version 4 verification (the Rekognition-compatible routes):
// the canonical request, string to sign and signing key exactly as AWS
// defines them (docs.aws.amazon.com, "Create a signed AWS API request"), so a
// request signed by botocore, the AWS CLI or any AWS SDK verifies here.
//
// Thread contract: pure functions.
#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "idmatch/status.h"

namespace idmatch::server::sigv4 {

// What the check needs of an HTTP request, as it arrived.
struct SignedRequest {
  std::string method;  // "POST"
  std::string target;  // the request target as sent: raw path, then "?" and the raw query if any
  std::vector<std::pair<std::string, std::string>> headers;  // every header as received
  std::string_view body;
};

// The parts of "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/rekognition/aws4_request,
// SignedHeaders=host;x-amz-date, Signature=<64 hex>".
struct Credential {
  std::string access_key_id;
  std::string date;                         // YYYYMMDD of the scope
  std::string region;                       // e.g. "us-east-1"
  std::string service;                      // "rekognition"
  std::vector<std::string> signed_headers;  // lower case, as listed
  std::string signature;                    // lower-case hex
};

// kAuthenticationMissing when the header is empty; kSignatureInvalid when it
// is not a well-formed AWS4-HMAC-SHA256 authorization.
Result<Credential> ParseAuthorization(std::string_view header);

// The canonical request (method, canonical URI, canonical query, canonical
// headers, signed headers, payload hash), "\n"-joined.
std::string CanonicalRequest(const SignedRequest& request, const std::vector<std::string>& signed_headers,
                             const std::string& payload_hash_hex);

// The signature (lower-case hex) of `string_to_sign` under `secret` for the scope.
std::string Sign(std::string_view secret, const Credential& scope, std::string_view string_to_sign);

struct VerifyOptions {
  std::string service = "rekognition";
  std::string region;          // "" = any region
  int max_clock_skew_s = 900;  // AWS's 15 minutes
};

// Checks `request` against `credential` with the secret: the scope's
// service (and region when configured), X-Amz-Date within the skew of
// `now` and matching the scope's date, host among the signed headers, a
// declared x-amz-content-sha256 equal to the body's, and the signature
// (constant-time compare). kSignatureInvalid with the AWS-style message on
// any mismatch.
Status Verify(const SignedRequest& request, const Credential& credential, std::string_view secret, std::time_t now,
              const VerifyOptions& options = {});

}  // namespace idmatch::server::sigv4
