// idmatch error vocabulary: one enum of stable machine-readable codes, each
// with exactly one HTTP status and one CLI exit code (see kErrorTable in
// src/core/status.cpp, documented in docs/api.md). No OpenCV types here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace idmatch {

enum class ErrorCode {
  kOk = 0,
  // Bad input (HTTP 4xx, CLI exit 2).
  kInvalidArgument,          // 400 a parameter is out of range or missing
  kImageEmpty,               // 400 zero bytes
  kImageTooLarge,            // 413 more bytes than limits.max_image_bytes
  kImageDimensionsTooLarge,  // 413 header declares more pixels/side than allowed
  kImageTooSmall,            // 400 fewer pixels than a face needs
  kUnsupportedImageFormat,   // 415 not JPEG/PNG/WebP/BMP/TIFF/HEIF
  kImageCorrupt,             // 400 header or data cannot be decoded
  kImageTruncated,           // 400 data ends before the image does
  kNoFaceInSource,           // 422 no face found in the source (selfie) image
  kNoFaceInTarget,           // 422 no face found in the target (document) image
  kSourceQualityTooLow,      // 422 the selfie's face fails the quality filter (details: reason codes)
  kTargetQualityTooLow,      // 422 every document face fails the quality filter (details: reason codes)
  kDocumentNotRead,          // 422 nothing readable (barcode) on the document photo
  kMalformedJson,            // 400 request body is not valid JSON
  kBadBase64,                // 400 an image field is not valid base64
  kMissingField,             // 400 a required field is absent
  kPayloadTooLarge,          // 413 request body over limits.max_body_bytes
  kUnsupportedMediaType,     // 415 request Content-Type (or a Content-Encoding) not accepted
  kLengthRequired,           // 411 a request body without Content-Length (chunked)
  kHeadersTooLarge,          // 431 too many request header fields
  kUnauthenticated,          // 401 no or unknown API key
  kAuthenticationMissing,    // 401 an AWS-API request without any credentials
  kSignatureInvalid,         // 401 an AWS Signature V4 that does not verify (or has expired)
  kUnknownOperation,         // 400 an AWS-API operation this server does not offer
  kPermissionDenied,         // 403 key revoked or lacks the role
  kNotFound,                 // 404 no such route or record
  kChallengeReused,          // 409 a liveness challenge that was already answered
  kChallengeExpired,         // 410 a liveness challenge past its expiry
  kRateLimited,              // 429 per-key rate limit reached
  kOverloaded,               // 503 work queue full, retry later
  kUnavailable,              // 503 a dependency (model, database) is not ready
  kDeadlineExceeded,         // 503 the request's work passed its time limit (request_timeout_s)
  kModelIntegrity,           // 500 a model file is missing or fails its SHA-256
  kConfigInvalid,            // CLI exit 2: configuration rejected at start-up
  kInternal,                 // 500 a bug or library failure; details only in logs
};

// Stable string form, e.g. "IMAGE_TRUNCATED". Never changes once published.
std::string_view ErrorCodeName(ErrorCode code);
// The HTTP status a client sees for this code.
int HttpStatusFor(ErrorCode code);
// Process exit code for the CLI: 0 ok, 2 bad input/config, 1 internal.
int ExitCodeFor(ErrorCode code);
// The code in plain words for the person using the service (web page, CLI).
std::string_view ErrorWords(ErrorCode code);
// The code as the Amazon Rekognition API names it (the JSON 1.1 routes):
// the exception name botocore raises and its HTTP status (docs/migrating-from-rekognition.md).
struct AwsError {
  std::string_view type;  // e.g. "InvalidParameterException"
  int http_status = 400;
};
AwsError AwsErrorFor(ErrorCode code);
// Every code in table order (kOk first).
std::vector<ErrorCode> AllErrorCodes();

// A status is a code plus a human message safe to show to a client. Internal
// details (exception text, file paths of models) belong in logs, not here.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Machine-readable detail codes (e.g. the failed quality measures'
  // reasons), returned to clients as "reasons".
  const std::vector<std::string>& details() const { return details_; }
  Status& WithDetails(std::vector<std::string> details) & {
    details_ = std::move(details);
    return *this;
  }
  Status&& WithDetails(std::vector<std::string> details) && {
    details_ = std::move(details);
    return std::move(*this);
  }
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::vector<std::string> details_;
};

// Result<T> holds either a value or a non-OK Status (GCC 12 has no std::expected).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status)                          // NOLINT(google-explicit-constructor)
      : status_(status.ok() ? Status(ErrorCode::kInternal, "Result constructed from an OK status without a value")
                            : std::move(status)) {}

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }  // OK when ok()
  // Requires ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace idmatch
