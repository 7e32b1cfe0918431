#include "idmatch/status.h"

#include <array>

namespace idmatch {
namespace {

struct ErrorInfo {
  ErrorCode code;
  std::string_view name;
  int http_status;
  int exit_code;
};

// The one code-to-HTTP table. docs/api.md mirrors it; tests/unit/status_test.cpp
// checks that every enum value has exactly one row.
constexpr std::array kErrorTable = {
    ErrorInfo{ErrorCode::kOk, "OK", 200, 0},
    ErrorInfo{ErrorCode::kInvalidArgument, "INVALID_ARGUMENT", 400, 2},
    ErrorInfo{ErrorCode::kImageEmpty, "IMAGE_EMPTY", 400, 2},
    ErrorInfo{ErrorCode::kImageTooLarge, "IMAGE_TOO_LARGE", 413, 2},
    ErrorInfo{ErrorCode::kImageDimensionsTooLarge, "IMAGE_DIMENSIONS_TOO_LARGE", 413, 2},
    ErrorInfo{ErrorCode::kImageTooSmall, "IMAGE_TOO_SMALL", 400, 2},
    ErrorInfo{ErrorCode::kUnsupportedImageFormat, "UNSUPPORTED_IMAGE_FORMAT", 415, 2},
    ErrorInfo{ErrorCode::kImageCorrupt, "IMAGE_CORRUPT", 400, 2},
    ErrorInfo{ErrorCode::kImageTruncated, "IMAGE_TRUNCATED", 400, 2},
    ErrorInfo{ErrorCode::kNoFaceInSource, "NO_FACE_IN_SOURCE", 422, 2},
    ErrorInfo{ErrorCode::kNoFaceInTarget, "NO_FACE_IN_TARGET", 422, 2},
    ErrorInfo{ErrorCode::kSourceQualityTooLow, "SOURCE_QUALITY_TOO_LOW", 422, 2},
    ErrorInfo{ErrorCode::kTargetQualityTooLow, "TARGET_QUALITY_TOO_LOW", 422, 2},
    ErrorInfo{ErrorCode::kDocumentNotRead, "DOCUMENT_NOT_READ", 422, 2},
    ErrorInfo{ErrorCode::kMalformedJson, "MALFORMED_JSON", 400, 2},
    ErrorInfo{ErrorCode::kBadBase64, "BAD_BASE64", 400, 2},
    ErrorInfo{ErrorCode::kMissingField, "MISSING_FIELD", 400, 2},
    ErrorInfo{ErrorCode::kPayloadTooLarge, "PAYLOAD_TOO_LARGE", 413, 2},
    ErrorInfo{ErrorCode::kUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", 415, 2},
    ErrorInfo{ErrorCode::kUnauthenticated, "UNAUTHENTICATED", 401, 2},
    ErrorInfo{ErrorCode::kPermissionDenied, "PERMISSION_DENIED", 403, 2},
    ErrorInfo{ErrorCode::kNotFound, "NOT_FOUND", 404, 2},
    ErrorInfo{ErrorCode::kRateLimited, "RATE_LIMITED", 429, 1},
    ErrorInfo{ErrorCode::kOverloaded, "OVERLOADED", 503, 1},
    ErrorInfo{ErrorCode::kUnavailable, "UNAVAILABLE", 503, 1},
    ErrorInfo{ErrorCode::kModelIntegrity, "MODEL_INTEGRITY", 500, 1},
    ErrorInfo{ErrorCode::kConfigInvalid, "CONFIG_INVALID", 500, 2},
    ErrorInfo{ErrorCode::kInternal, "INTERNAL", 500, 1},
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

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(ErrorCodeName(code_)) + ": " + message_;
}

}  // namespace idmatch
