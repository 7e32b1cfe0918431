// SHA-256 as lower-case hex (OpenSSL EVP): model verification, API-key
// hashes, document-number hashes; HMAC-SHA256 for AWS signatures.
//
// Thread contract: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace idmatch::sha256 {

std::string Hex(std::string_view bytes);
// Lower-case hex of raw bytes (digests, random keys and ids).
std::string HexOf(const unsigned char* bytes, size_t n);
// HMAC-SHA256 of `data` under `key`: the 32 raw bytes (AWS Signature V4,
// derived AWS secrets).
std::string HmacRaw(std::string_view key, std::string_view data);
// The 32 raw bytes of SHA-256(bytes).
std::string Raw(std::string_view bytes);

}  // namespace idmatch::sha256
