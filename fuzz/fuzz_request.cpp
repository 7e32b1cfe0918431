// libFuzzer entry point for the request parsers: the first code that hostile
// bytes from the network reach (the edge's request-head parser, the JSON
// top-level scanner, base64 decoding, the compare/detect and document body
// parsers). Every body
// must end in a request or a client error (never INTERNAL, never an empty
// message); a parsed threshold is within 0..100; decoded base64 is never
// longer than 3/4 of its text.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/base64.h"
#include "request/http_head.h"
#include "request/request.h"

namespace {

void CheckFailure(const idmatch::Status& s) {
  if (s.ok() || s.code() == idmatch::ErrorCode::kInternal || s.message().empty()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  const idmatch::request::Body json{"application/json", &body,
                                    [](const std::string&) -> std::optional<std::string> { return std::nullopt; }};
  for (const bool want_target : {true, false}) {
    auto r = idmatch::request::ParseImageRequest(json, want_target);
    if (!r.ok()) {
      CheckFailure(r.status());
    } else if (r->similarity_threshold &&
               !(r->similarity_threshold->value() >= 0 && r->similarity_threshold->value() <= 100)) {
      __builtin_trap();
    }
  }
  auto document = idmatch::request::ParseDocumentRequest(json);
  if (!document.ok()) CheckFailure(document.status());
  auto capture = idmatch::request::ParseCaptureRequest(json, 24);
  if (!capture.ok()) {
    CheckFailure(capture.status());
  } else if (capture->frames.empty() || capture->frames.size() > 24) {
    __builtin_trap();
  }
  auto decoded = idmatch::base64::DecodeField(body, "image");
  if (!decoded.ok()) {
    CheckFailure(decoded.status());
  } else if (decoded->size() > body.size() * 3 / 4 + 3) {
    __builtin_trap();
  }
  // The edge's head parser: on what FindHeadEnd delimits (as the edge calls
  // it) and on the raw bytes; a parsed head never claims more than it holds.
  const idmatch::request::HeadLimits limits;
  const auto end = idmatch::request::FindHeadEnd(body);
  if (end && *end > body.size()) __builtin_trap();
  for (const std::string_view head :
       {std::string_view(body).substr(0, end.value_or(body.size())), std::string_view(body)}) {
    auto parsed = idmatch::request::ParseRequestHead(head, limits);
    if (!parsed.ok()) {
      CheckFailure(parsed.status());
    } else if (parsed->headers.size() > limits.max_header_fields || parsed->path.size() > head.size() ||
               parsed->path.empty() || parsed->path.front() != '/') {
      __builtin_trap();
    }
  }
  return 0;
}
