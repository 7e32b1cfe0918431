// Text that reaches a client must be valid UTF-8 (a JSON serialiser refuses
// anything else, which surfaced as HTTP 500 on an accented AAMVA name). These
// helpers turn untrusted bytes (barcode payloads, OCR output, file names)
// into valid UTF-8 without losing readable text.
//
// Thread contract: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace idmatch::utf8 {

// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates, no
// code point above U+10FFFF).
bool IsValid(std::string_view s);

// Well-formed UTF-8 sequences are kept; every other byte is read as Windows-1252
// (ISO 8859-1 with printable characters in 0x80-0x9F, what licence printers
// and scanners emit for accented names) and re-encoded. Never fails.
std::string FromLegacyBytes(std::string_view s);

// Invalid sequences replaced by U+FFFD; valid text unchanged. For output
// paths whose input should already be UTF-8 (the last guard before JSON).
std::string Sanitize(std::string_view s);

}  // namespace idmatch::utf8
