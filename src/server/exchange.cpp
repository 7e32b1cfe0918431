#include "server/exchange.h"

#include <openssl/rand.h>

namespace idmatch::server {

std::string NewRequestId() {
  unsigned char b[12];
  if (RAND_bytes(b, sizeof b) != 1) return "req-unknown";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s = "req_";
  for (unsigned char c : b) {
    s += kHex[c >> 4];
    s += kHex[c & 15];
  }
  return s;
}

}  // namespace idmatch::server
