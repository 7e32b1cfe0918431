#include "core/base64.h"

#include <array>

namespace idmatch::base64 {
namespace {

constexpr unsigned char kInvalid = 0xFF;
constexpr unsigned char kSkip = 0xFE;  // whitespace

constexpr std::array<unsigned char, 256> MakeTable() {
  std::array<unsigned char, 256> t{};
  for (auto& v : t) v = kInvalid;
  for (int i = 0; i < 26; ++i) {
    t['A' + i] = static_cast<unsigned char>(i);
    t['a' + i] = static_cast<unsigned char>(26 + i);
  }
  for (int i = 0; i < 10; ++i) t['0' + i] = static_cast<unsigned char>(52 + i);
  t['+'] = 62;
  t['/'] = 63;
  t['-'] = 62;  // URL-safe alphabet
  t['_'] = 63;
  for (char c : {' ', '\t', '\r', '\n'}) t[static_cast<unsigned char>(c)] = kSkip;
  return t;
}

constexpr auto kTable = MakeTable();

Status Bad(std::string_view field, const std::string& why) {
  return Status(ErrorCode::kBadBase64, "field '" + std::string(field) + "' is not valid base64: " + why);
}

}  // namespace

Result<std::string> DecodeField(std::string_view text, std::string_view field) {
  if (text.starts_with("data:")) {
    const auto comma = text.find(',');
    if (comma == std::string_view::npos || text.substr(0, comma).find(";base64") == std::string_view::npos) {
      return Bad(field, "a data URL must look like data:image/jpeg;base64,...");
    }
    text.remove_prefix(comma + 1);
  }
  std::string out;
  out.resize(text.size() / 4 * 3 + 3);
  char* dst = out.data();
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  uint32_t acc = 0;
  int bits = 0;
  size_t symbols = 0, padding = 0;
  size_t i = 0;
  while (i < n) {
    // Fast path: four alphabet characters at a quartet boundary.
    if (bits == 0 && i + 4 <= n) {
      const unsigned a = kTable[p[i]], b = kTable[p[i + 1]], c = kTable[p[i + 2]], d = kTable[p[i + 3]];
      if (((a | b | c | d) & 0xC0) == 0 && padding == 0) {
        const uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
        dst[0] = static_cast<char>(v >> 16);
        dst[1] = static_cast<char>(v >> 8);
        dst[2] = static_cast<char>(v);
        dst += 3;
        symbols += 4;
        i += 4;
        continue;
      }
    }
    const unsigned char ch = p[i];
    unsigned char v = kTable[ch];
    if (ch == '\\') {
      // JSON string escapes that survive into the raw field: line breaks and
      // tabs are whitespace, "\/" is '/'; anything else is not base64.
      const unsigned char next = i + 1 < n ? p[i + 1] : 0;
      if (next == 'n' || next == 'r' || next == 't') {
        i += 2;
        continue;
      }
      if (next != '/') return Bad(field, "unexpected escape at offset " + std::to_string(i));
      v = 63;
      ++i;
    }
    ++i;
    if (v == kSkip) continue;
    if (ch == '=') {
      ++padding;
      continue;
    }
    if (v == kInvalid) return Bad(field, "unexpected character at offset " + std::to_string(i - 1));
    if (padding > 0) return Bad(field, "data after '=' padding at offset " + std::to_string(i - 1));
    ++symbols;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *dst++ = static_cast<char>((acc >> bits) & 0xFF);
    }
    if (bits == 0) acc = 0;
  }
  out.resize(static_cast<size_t>(dst - out.data()));
  if (symbols == 0) return Status(ErrorCode::kMissingField, "field '" + std::string(field) + "' is empty");
  if (symbols % 4 == 1) return Bad(field, "its length is impossible for base64 (truncated?)");
  if (padding > 2 || (padding > 0 && (symbols + padding) % 4 != 0)) return Bad(field, "wrong '=' padding");
  return out;
}

std::string Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n =
        (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint8_t(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(n >> s) & 63]);
  }
  if (i < bytes.size()) {
    uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
    if (i + 1 < bytes.size()) n |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace idmatch::base64
