#include "api/base64.h"

#include <array>

namespace idmatch::api {
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

Result<std::string> DecodeBase64Field(std::string_view text, std::string_view field) {
  if (text.starts_with("data:")) {
    const auto comma = text.find(',');
    if (comma == std::string_view::npos || text.substr(0, comma).find(";base64") == std::string_view::npos) {
      return Bad(field, "a data URL must look like data:image/jpeg;base64,...");
    }
    text.remove_prefix(comma + 1);
  }
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  uint32_t acc = 0;
  int bits = 0;
  size_t symbols = 0, padding = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const unsigned char v = kTable[c];
    if (v == kSkip) continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (v == kInvalid) return Bad(field, "unexpected character at offset " + std::to_string(i));
    if (padding > 0) return Bad(field, "data after '=' padding at offset " + std::to_string(i));
    ++symbols;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (symbols == 0) return Status(ErrorCode::kMissingField, "field '" + std::string(field) + "' is empty");
  if (symbols % 4 == 1) return Bad(field, "its length is impossible for base64 (truncated?)");
  if (padding > 2 || (padding > 0 && (symbols + padding) % 4 != 0)) return Bad(field, "wrong '=' padding");
  return out;
}

std::string EncodeBase64(std::string_view bytes) {
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

}  // namespace idmatch::api
