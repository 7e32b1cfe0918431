// libFuzzer entry point for the MRZ parser: OCR output is untrusted text.
// Every input must end in a parsed MRZ or a Status; a parsed MRZ must be
// internally consistent (line count and widths of its format).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "document/mrz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto r = idmatch::document::ParseMrz(std::string_view(reinterpret_cast<const char*>(data), size), "2026-11-24");
  if (r.ok()) {
    const size_t lines = r->format == idmatch::document::MrzFormat::kTd1 ? 3 : 2;
    if (r->lines.size() != lines) __builtin_trap();
    for (const auto& c : r->checks) {
      // Valid means the digits agree, except an empty TD3 optional field,
      // whose check may be '<' (ICAO 9303-4).
      const bool empty_optional = c.field == "optional_data" && c.found == '<' && r->optional_data.empty();
      if (c.valid && c.expected != c.found && !empty_optional) __builtin_trap();
    }
  }
  return 0;
}
