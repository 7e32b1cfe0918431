// A fast scanner for request bodies that carry megabytes of base64 inside
// JSON strings: nlohmann::json lexes ~70 MB/s, too slow for a 5 MB body, so
// the top-level object is scanned here (strings found with memchr) and only
// the small non-image values are handed to nlohmann.
//
// Thread contract: pure function, safe from any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "idmatch/status.h"

namespace idmatch::api {

struct RawField {
  std::string_view raw;  // string: the text between the quotes, escapes kept; other: the token text
  bool is_string = false;
};

// Requires `body` to be exactly one JSON object (surrounding whitespace
// allowed). Returns its members by key (the last one wins on duplicates).
// Nested values are checked for balance here and must be validated by the
// caller (e.g. nlohmann::json::accept) if it uses them. kMalformedJson with
// the byte offset otherwise.
Result<std::map<std::string, RawField>> ScanTopLevelObject(std::string_view body);

}  // namespace idmatch::api
