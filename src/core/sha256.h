// SHA-256 as lower-case hex (OpenSSL EVP): model verification, API-key
// hashes, document-number hashes.
//
// Thread contract: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace idmatch::sha256 {

std::string Hex(std::string_view bytes);
// Lower-case hex of raw bytes (digests, random keys and ids).
std::string HexOf(const unsigned char* bytes, size_t n);
// The file's digest, read in 64 KiB blocks; nullopt when it cannot be read.
std::optional<std::string> FileHex(const std::string& path);

}  // namespace idmatch::sha256
