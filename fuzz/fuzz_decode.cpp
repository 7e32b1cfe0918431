// libFuzzer entry point for the untrusted-image path: header probing, limits
// and decoding. Any crash, hang, leak or sanitizer report is a bug; every
// input must end in an image or a Status.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "image/decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  idmatch::ImageLimits limits;
  limits.max_pixels = 4'000'000;  // keep each run fast; the limit logic is what is under test
  auto r = idmatch::image::DecodeImage(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  if (r.ok() && (r->bgr.empty() || r->bgr.type() != CV_8UC3)) __builtin_trap();
  return 0;
}
