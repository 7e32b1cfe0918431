#include "server/sigv4.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/sha256.h"
#include "request/http_head.h"

namespace idmatch::server::sigv4 {
namespace {

const Status Invalid(const std::string& message) { return Status(ErrorCode::kSignatureInvalid, message); }

bool Unreserved(unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~'; }

// AWS's UriEncode: every byte but the unreserved ones as %XX (upper-case
// hex); '/' kept when `keep_slash`.
std::string UriEncode(std::string_view s, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (Unreserved(c) || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string UriDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::strtol(std::string(s.substr(i + 1, 2)).c_str(), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// "a=1&b=2" -> sorted, each name and value decoded then AWS-encoded.
std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t at = 0;
  while (at <= query.size() && !query.empty()) {
    const size_t amp = std::min(query.find('&', at), query.size());
    const std::string_view item = query.substr(at, amp - at);
    if (!item.empty()) {
      const size_t eq = item.find('=');
      const std::string_view name = item.substr(0, eq);
      const std::string_view value = eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
      params.emplace_back(UriEncode(UriDecode(name), false), UriEncode(UriDecode(value), false));
    }
    at = amp + 1;
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

// A header value with its ends trimmed and inner runs of spaces collapsed.
std::string CanonicalValue(std::string_view v) {
  v = request::TrimOws(v);
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string HeaderValues(const SignedRequest& request, const std::string& name) {
  std::string joined;
  bool first = true;
  for (const auto& [n, v] : request.headers) {
    if (request::LowerAscii(n) != name) continue;
    if (!first) joined += ',';
    joined += CanonicalValue(v);
    first = false;
  }
  return joined;
}

bool HasHeader(const SignedRequest& request, const std::string& name) {
  return std::any_of(request.headers.begin(), request.headers.end(),
                     [&](const auto& h) { return request::LowerAscii(h.first) == name; });
}

// "20261201T134500Z" -> seconds since the epoch (UTC); -1 when malformed.
std::time_t ParseAmzDate(const std::string& s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return -1;
  for (size_t i = 0; i < 15; ++i) {
    if (i != 8 && !std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
  }
  std::tm tm{};
  tm.tm_year = std::atoi(s.substr(0, 4).c_str()) - 1900;
  tm.tm_mon = std::atoi(s.substr(4, 2).c_str()) - 1;
  tm.tm_mday = std::atoi(s.substr(6, 2).c_str());
  tm.tm_hour = std::atoi(s.substr(9, 2).c_str());
  tm.tm_min = std::atoi(s.substr(11, 2).c_str());
  tm.tm_sec = std::atoi(s.substr(13, 2).c_str());
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60) {
    return -1;
  }
  return timegm(&tm);
}

std::string Scope(const Credential& c) { return c.date + "/" + c.region + "/" + c.service + "/aws4_request"; }

}  // namespace

Result<Credential> ParseAuthorization(std::string_view header) {
  header = request::TrimOws(header);
  if (header.empty()) return Status(ErrorCode::kAuthenticationMissing, "Missing Authentication Token");
  constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
  if (header.substr(0, kAlgorithm.size()) != kAlgorithm) {
    return Invalid("Authorization header requires the AWS4-HMAC-SHA256 algorithm");
  }
  Credential c;
  std::string credential, signed_headers;
  std::string_view rest = header.substr(kAlgorithm.size());
  while (!rest.empty()) {
    const size_t comma = std::min(rest.find(','), rest.size());
    const std::string_view item = request::TrimOws(rest.substr(0, comma));
    rest = comma < rest.size() ? rest.substr(comma + 1) : std::string_view();
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = request::TrimOws(item.substr(0, eq)), value = request::TrimOws(item.substr(eq + 1));
    if (key == "Credential") credential = value;
    if (key == "SignedHeaders") signed_headers = value;
    if (key == "Signature") c.signature = request::LowerAscii(value);
  }
  // Credential=AKID/date/region/service/aws4_request
  std::vector<std::string> parts;
  for (size_t at = 0; at <= credential.size();) {
    const size_t slash = std::min(credential.find('/', at), credential.size());
    parts.push_back(credential.substr(at, slash - at));
    at = slash + 1;
  }
  if (parts.size() != 5 || parts[0].empty() || parts[1].size() != 8 || parts[4] != "aws4_request") {
    return Invalid("Authorization header has a malformed Credential (AKID/YYYYMMDD/region/service/aws4_request)");
  }
  c.access_key_id = parts[0];
  c.date = parts[1];
  c.region = parts[2];
  c.service = parts[3];
  for (size_t at = 0; at < signed_headers.size();) {
    const size_t semi = std::min(signed_headers.find(';', at), signed_headers.size());
    if (semi > at) c.signed_headers.push_back(request::LowerAscii(signed_headers.substr(at, semi - at)));
    at = semi + 1;
  }
  if (c.signed_headers.empty() || c.signature.size() != 64 ||
      !std::all_of(c.signature.begin(), c.signature.end(), [](char ch) { return std::isxdigit(ch); })) {
    return Invalid("Authorization header lacks SignedHeaders or a 64-digit Signature");
  }
  return c;
}

std::string CanonicalRequest(const SignedRequest& request, const std::vector<std::string>& signed_headers,
                             const std::string& payload_hash_hex) {
  const size_t q = request.target.find('?');
  const std::string_view path = std::string_view(request.target).substr(0, q);
  const std::string_view query =
      q == std::string::npos ? std::string_view() : std::string_view(request.target).substr(q + 1);
  std::string out = request.method + "\n";
  // Non-S3 services encode the (already encoded) path once more.
  out += (path.empty() ? std::string("/") : UriEncode(path, true)) + "\n";
  out += CanonicalQuery(query) + "\n";
  std::string names;
  for (const auto& name : signed_headers) {
    out += name + ":" + HeaderValues(request, name) + "\n";
    names += (names.empty() ? "" : ";") + name;
  }
  out += "\n" + names + "\n" + payload_hash_hex;
  return out;
}

std::string Sign(std::string_view secret, const Credential& scope, std::string_view string_to_sign) {
  std::string key = sha256::HmacRaw("AWS4" + std::string(secret), scope.date);
  key = sha256::HmacRaw(key, scope.region);
  key = sha256::HmacRaw(key, scope.service);
  key = sha256::HmacRaw(key, "aws4_request");
  const std::string mac = sha256::HmacRaw(key, string_to_sign);
  return sha256::HexOf(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

Status Verify(const SignedRequest& request, const Credential& c, std::string_view secret, std::time_t now,
              const VerifyOptions& options) {
  if (c.service != options.service) {
    return Invalid("Credential should be scoped to correct service: '" + options.service + "'");
  }
  if (!options.region.empty() && c.region != options.region) {
    return Invalid("Credential should be scoped to a valid region: '" + options.region + "'");
  }
  if (std::find(c.signed_headers.begin(), c.signed_headers.end(), "host") == c.signed_headers.end()) {
    return Invalid("'Host' must be a signed header");
  }
  for (const auto& name : c.signed_headers) {
    if (!HasHeader(request, name)) return Invalid("signed header '" + name + "' is not in the request");
  }
  std::string amz_date = HeaderValues(request, "x-amz-date");
  if (amz_date.empty()) return Invalid("the request has no X-Amz-Date header");
  const std::time_t when = ParseAmzDate(amz_date);
  if (when < 0) return Invalid("X-Amz-Date must be YYYYMMDD'T'HHMMSS'Z'");
  if (amz_date.substr(0, 8) != c.date) return Invalid("the Credential's date does not match X-Amz-Date");
  if (std::llabs(static_cast<long long>(now) - static_cast<long long>(when)) > options.max_clock_skew_s) {
    return Invalid("Signature expired: " + amz_date + " is more than " + std::to_string(options.max_clock_skew_s / 60) +
                   " minutes from the server's time");
  }
  const std::string body_hash = sha256::Hex(request.body);
  const std::string declared = HeaderValues(request, "x-amz-content-sha256");
  if (!declared.empty() && declared != body_hash) {
    return Invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const std::string canonical = CanonicalRequest(request, c.signed_headers, body_hash);
  const std::string string_to_sign = "AWS4-HMAC-SHA256\n" + amz_date + "\n" + Scope(c) + "\n" + sha256::Hex(canonical);
  const std::string expected = Sign(secret, c, string_to_sign);
  if (expected.size() != c.signature.size() ||
      CRYPTO_memcmp(expected.data(), c.signature.data(), expected.size()) != 0) {
    return Invalid(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
        "Access Key and signing method.");
  }
  return Status::Ok();
}

}  // namespace idmatch::server::sigv4
