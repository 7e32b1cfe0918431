#include "idmatch/status.h"

#include <array>

namespace idmatch {
namespace {

struct ErrorInfo {
  ErrorCode code;
  std::string_view name;
  int http_status;
  int exit_code;
  std::string_view words;  // for the person using the service (web page, CLI)
  // Amazon Rekognition's name and HTTP status for the code. Throttling names
  // are the ones botocore's retry logic retries with back-off.
  std::string_view aws_type = "InvalidParameterException";
  int aws_status = 400;
};

// The one code-to-HTTP table (with the plain words the web page shows). docs/api.md mirrors it;
// tests/unit/status_test.cpp checks that every enum value has exactly one row.
constexpr std::array kErrorTable = {
    ErrorInfo{ErrorCode::kOk, "OK", 200, 0, ""},
    ErrorInfo{ErrorCode::kInvalidArgument, "INVALID_ARGUMENT", 400, 2, "A setting was not accepted."},
    ErrorInfo{ErrorCode::kImageEmpty, "IMAGE_EMPTY", 400, 2, "One of the images is empty."},
    ErrorInfo{ErrorCode::kImageTooLarge, "IMAGE_TOO_LARGE", 413, 2, "An image file is too large.",
              "ImageTooLargeException", 400},
    ErrorInfo{ErrorCode::kImageDimensionsTooLarge, "IMAGE_DIMENSIONS_TOO_LARGE", 413, 2,
              "An image has too many pixels.", "ImageTooLargeException", 400},
    ErrorInfo{ErrorCode::kImageTooSmall, "IMAGE_TOO_SMALL", 400, 2, "An image is too small to contain a face."},
    ErrorInfo{ErrorCode::kUnsupportedImageFormat, "UNSUPPORTED_IMAGE_FORMAT", 415, 2,
              "An image is not JPEG, PNG, WebP, BMP, TIFF or HEIC.", "InvalidImageFormatException", 400},
    ErrorInfo{ErrorCode::kImageCorrupt, "IMAGE_CORRUPT", 400, 2, "An image file is damaged and cannot be read.",
              "InvalidImageFormatException", 400},
    ErrorInfo{ErrorCode::kImageTruncated, "IMAGE_TRUNCATED", 400, 2,
              "An image file is incomplete (the upload may have been cut off).", "InvalidImageFormatException", 400},
    ErrorInfo{ErrorCode::kNoFaceInSource, "NO_FACE_IN_SOURCE", 422, 2, "No face was found in the selfie."},
    ErrorInfo{ErrorCode::kNoFaceInTarget, "NO_FACE_IN_TARGET", 422, 2, "No face was found on the ID photo."},
    ErrorInfo{ErrorCode::kSourceQualityTooLow, "SOURCE_QUALITY_TOO_LOW", 422, 2,
              "The selfie is not good enough to compare."},
    ErrorInfo{ErrorCode::kTargetQualityTooLow, "TARGET_QUALITY_TOO_LOW", 422, 2,
              "The ID photo is not good enough to compare."},
    ErrorInfo{ErrorCode::kDocumentNotRead, "DOCUMENT_NOT_READ", 422, 2,
              "Nothing on the ID photo could be read (no barcode or MRZ found)."},
    ErrorInfo{ErrorCode::kMalformedJson, "MALFORMED_JSON", 400, 2, "The request was malformed.",
              "SerializationException", 400},
    ErrorInfo{ErrorCode::kBadBase64, "BAD_BASE64", 400, 2, "An image was not encoded correctly.",
              "SerializationException", 400},
    ErrorInfo{ErrorCode::kMissingField, "MISSING_FIELD", 400, 2, "An image is missing."},
    ErrorInfo{ErrorCode::kPayloadTooLarge, "PAYLOAD_TOO_LARGE", 413, 2, "The two images together are too large.",
              "ImageTooLargeException", 400},
    ErrorInfo{ErrorCode::kUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", 415, 2, "The request type was not accepted.",
              "SerializationException", 400},
    ErrorInfo{ErrorCode::kLengthRequired, "LENGTH_REQUIRED", 411, 2, "The upload did not say its length."},
    ErrorInfo{ErrorCode::kHeadersTooLarge, "HEADERS_TOO_LARGE", 431, 2, "The request carried too many headers."},
    ErrorInfo{ErrorCode::kUnauthenticated, "UNAUTHENTICATED", 401, 2, "The API key is missing or unknown.",
              "UnrecognizedClientException", 400},
    ErrorInfo{ErrorCode::kAuthenticationMissing, "AUTHENTICATION_MISSING", 401, 2,
              "The request carried no credentials.", "MissingAuthenticationTokenException", 403},
    ErrorInfo{ErrorCode::kSignatureInvalid, "SIGNATURE_INVALID", 401, 2,
              "The request's signature did not match (wrong secret, or a clock more than 15 minutes off).",
              "InvalidSignatureException", 403},
    ErrorInfo{ErrorCode::kUnknownOperation, "UNKNOWN_OPERATION", 400, 2, "This operation is not offered.",
              "UnknownOperationException", 400},
    ErrorInfo{ErrorCode::kPermissionDenied, "PERMISSION_DENIED", 403, 2,
              "This API key has been revoked or may not do this.", "AccessDeniedException", 400},
    ErrorInfo{ErrorCode::kNotFound, "NOT_FOUND", 404, 2, "Not found.", "UnknownOperationException", 400},
    ErrorInfo{ErrorCode::kChallengeReused, "CHALLENGE_REUSED", 409, 2,
              "This liveness check was already used; start a new one.", "SessionNotFoundException", 400},
    ErrorInfo{ErrorCode::kChallengeExpired, "CHALLENGE_EXPIRED", 410, 2,
              "This liveness check took too long and expired; start a new one.", "SessionNotFoundException", 400},
    ErrorInfo{ErrorCode::kRateLimited, "RATE_LIMITED", 429, 1,
              "Too many requests with this key; wait a moment and try again.", "ProvisionedThroughputExceededException",
              400},
    ErrorInfo{ErrorCode::kOverloaded, "OVERLOADED", 503, 1, "The server is busy; try again in a second.",
              "ThrottlingException", 400},
    ErrorInfo{ErrorCode::kUnavailable, "UNAVAILABLE", 503, 1, "The server cannot answer right now; try again later.",
              "ServiceUnavailableException", 503},
    ErrorInfo{ErrorCode::kDeadlineExceeded, "DEADLINE_EXCEEDED", 503, 1,
              "The request took too long and was stopped; try again, with smaller images if it keeps happening.",
              "ThrottlingException", 400},
    ErrorInfo{ErrorCode::kModelIntegrity, "MODEL_INTEGRITY", 500, 1,
              "The server's models failed their integrity check.", "InternalServerError", 500},
    ErrorInfo{ErrorCode::kConfigInvalid, "CONFIG_INVALID", 500, 2, "The server's configuration was rejected.",
              "InternalServerError", 500},
    ErrorInfo{ErrorCode::kInternal, "INTERNAL", 500, 1, "The server hit an internal error.", "InternalServerError",
              500},
};

const ErrorInfo& Lookup(ErrorCode code) {
  for (const auto& info : kErrorTable) {
    if (info.code == code) return info;
  }
  return kErrorTable.back();  // kInternal: an unknown code is a bug, never a 2xx.
}

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) { return Lookup(code).name; }
int HttpStatusFor(ErrorCode code) { return Lookup(code).http_status; }
int ExitCodeFor(ErrorCode code) { return Lookup(code).exit_code; }
std::string_view ErrorWords(ErrorCode code) { return Lookup(code).words; }
AwsError AwsErrorFor(ErrorCode code) { return {Lookup(code).aws_type, Lookup(code).aws_status}; }

std::vector<ErrorCode> AllErrorCodes() {
  std::vector<ErrorCode> out;
  for (const auto& info : kErrorTable) out.push_back(info.code);
  return out;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(ErrorCodeName(code_)) + ": " + message_;
}

}  // namespace idmatch
