// SHA-256 as lower-case hex (OpenSSL EVP): model verification, API-key
// hashes, document-number hashes.
//
// Thread contract: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace idmatch::sha256 {

std::string Hex(std::string_view bytes);
// The file's digest, read in 64 KiB blocks; nullopt when it cannot be read.
std::optional<std::string> FileHex(const std::string& path);

}  // namespace idmatch::sha256
