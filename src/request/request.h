// Parsing of compare/detect request bodies: JSON with base64 images, or
// multipart/form-data with raw files. Every failure is a Status with a stable
// code naming the field.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "idmatch/engine.h"
#include "idmatch/status.h"

namespace idmatch::request {

struct ImageRequest {
  std::string source;  // decoded image bytes (selfie, or the one image of /v1/detect)
  std::string target;  // decoded image bytes (document photo); empty for detect
  std::optional<SimilarityThreshold> similarity_threshold;
  QualityFilter quality_filter = QualityFilter::kAuto;
  std::optional<bool> liveness;       // unset: the server's default (on)
  std::optional<bool> read_document;  // "document": unset = the server's default (on)
  // The original sample client's request (/prod/ips): its `selfie` / `dl`
  // keys, sent as a JSON string holding the JSON object (json.dumps, then
  // requests' json=). Its answer is the bare similarity number.
  bool original_client = false;
};

struct Body {
  std::string content_type;           // request Content-Type header
  const std::string* json = nullptr;  // raw body when not multipart
  // For multipart: field lookups supplied by the HTTP layer.
  std::function<std::optional<std::string>(const std::string&)> part;
  // For multipart: every part of a repeated field, in body order.
  std::function<std::vector<std::string>(const std::string&)> parts = {};
};

// Compare reads "source" and "target"; detect (want_target = false) reads "image".
Result<ImageRequest> ParseImageRequest(const Body& body, bool want_target);

// /prod/ips: everything ParseImageRequest accepts for a compare, plus the
// original sample client's request: a JSON body that is a string holding
// the JSON object (double encoded), and the keys `selfie` (source) and `dl`
// (target) in either encoding; those set `original_client`.
Result<ImageRequest> ParseLegacyCompareRequest(const Body& body);

// /v1/document: "front" and/or "back" (or "image", one photo): the decoded
// bytes of each side given, in that order. kMissingField when none is given.
Result<std::vector<std::string>> ParseDocumentRequest(const Body& body);

// POST /v1/liveness/challenges/{id}: the frames of a capture in capture
// order and their capture times, and optionally an ID photo to match the
// best frame against. Multipart: one `frame` part per image, `timestamps_ms`
// as comma-separated integers, `id_photo`. JSON: "frames" (array of base64
// strings), "timestamps_ms" (array of integers), "id_photo" (base64).
struct CaptureUpload {
  std::vector<std::string> frames;
  std::vector<int64_t> timestamps_ms;
  std::string id_photo;  // empty when not given
};
// Comma-separated capture times in milliseconds ("0,120,250"): whole numbers
// of at most 15 digits, spaces allowed around each; kInvalidArgument otherwise.
Result<std::vector<int64_t>> ParseTimestamps(std::string_view text);

// kMissingField without frames or timestamps; kInvalidArgument for
// timestamps that are not integers or more than `max_frames` frames.
Result<CaptureUpload> ParseCaptureRequest(const Body& body, size_t max_frames);

}  // namespace idmatch::request
