#include "store/aws_credentials.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "core/base64.h"
#include "core/sha256.h"

namespace idmatch::store {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> LoadAwsMasterSecret(const std::string& path, bool create) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (!create) return Status(ErrorCode::kNotFound, "no AWS master secret at " + path);
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) return Status(ErrorCode::kInternal, "the random number generator failed");
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return Status(ErrorCode::kConfigInvalid, "cannot create the AWS master secret file " + path);
    const std::string hex = sha256::HexOf(bytes, sizeof bytes) + "\n";
    const bool written = ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size());
    ::close(fd);
    if (!written) return Status(ErrorCode::kConfigInvalid, "cannot write the AWS master secret file " + path);
    return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
  }
  if ((st.st_mode & 077) != 0) {
    return Status(ErrorCode::kConfigInvalid,
                  "the AWS master secret file " + path + " is readable by others; chmod 600 it");
  }
  std::ifstream in(path);
  std::string hex;
  in >> hex;
  if (hex.size() != 64) return Status(ErrorCode::kConfigInvalid, path + " must hold 64 hex digits");
  std::string out;
  for (size_t i = 0; i < 64; i += 2) {
    const int hi = HexDigit(hex[i]), lo = HexDigit(hex[i + 1]);
    if (hi < 0 || lo < 0) return Status(ErrorCode::kConfigInvalid, path + " must hold 64 hex digits");
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string DeriveAwsSecret(std::string_view master, std::string_view access_key_id) {
  const std::string mac = sha256::HmacRaw(master, "idmatch-aws-secret-v1\n" + std::string(access_key_id));
  return base64::Encode(mac).substr(0, 40);
}

}  // namespace idmatch::store
