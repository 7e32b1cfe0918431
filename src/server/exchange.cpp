#include "server/exchange.h"

#include <openssl/rand.h>

namespace idmatch::server {

std::string RandomHexId(std::string_view prefix, size_t bytes) {
  unsigned char b[32];
  if (bytes > sizeof b || RAND_bytes(b, static_cast<int>(bytes)) != 1) return "";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(prefix);
  for (size_t i = 0; i < bytes; ++i) {
    s += kHex[b[i] >> 4];
    s += kHex[b[i] & 15];
  }
  return s;
}

std::string NewRequestId() {
  std::string id = RandomHexId("req_", 12);
  return id.empty() ? "req-unknown" : id;
}

}  // namespace idmatch::server
