#include "server/cors.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "request/http_head.h"

namespace idmatch::server {
namespace {

// Headers a cross-origin page may read from an answer (everything else but
// the CORS-safelisted ones is hidden from it by the browser).
constexpr const char* kExposedHeaders = "X-Request-Id, Retry-After, x-amzn-RequestId, x-amzn-ErrorType";
constexpr const char* kAllowedMethods = "GET, POST, DELETE";
// A longer Access-Control-Request-Headers is refused (browsers send a few
// dozen bytes; the SDK's longest list is ~120).
constexpr size_t kMaxRequestedHeadersBytes = 1024;

bool IsHostChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'; }

// "http(s)://host[:port]" with a DNS name, IPv4 address or [IPv6] literal.
bool IsOrigin(std::string_view s) {
  size_t rest = 0;
  if (s.rfind("http://", 0) == 0) {
    rest = 7;
  } else if (s.rfind("https://", 0) == 0) {
    rest = 8;
  } else {
    return false;
  }
  std::string_view host = s.substr(rest);
  std::string_view port;
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    for (char c : host.substr(1, close - 1)) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
    }
    port = host.substr(close + 1);
    if (!port.empty() && port.front() != ':') return false;
  } else {
    const size_t colon = host.find(':');
    if (colon != std::string_view::npos) {
      port = host.substr(colon);
      host = host.substr(0, colon);
    }
    if (host.empty() || !std::all_of(host.begin(), host.end(), IsHostChar)) return false;
  }
  if (!port.empty()) {
    port.remove_prefix(1);  // ':'
    if (port.empty() || port.size() > 5) return false;
    if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    if (std::stoi(std::string(port)) > 65535) return false;
  }
  return true;
}

// A comma-separated list of header names (RFC 9110 tokens).
bool IsHeaderNameList(std::string_view list) {
  if (list.size() > kMaxRequestedHeadersBytes) return false;
  while (!list.empty()) {
    const size_t comma = list.find(',');
    const std::string_view name = request::TrimOws(list.substr(0, comma));
    const bool token =
        !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return request::IsTokenChar(c); });
    if (!token) return false;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return true;
}

}  // namespace

Result<CorsPolicy> CorsPolicy::Parse(std::string_view setting) {
  CorsPolicy policy;
  setting = request::TrimOws(setting);
  if (setting.empty()) return policy;
  if (setting == "*") {
    policy.any_ = true;
    return policy;
  }
  while (true) {
    const size_t comma = setting.find(',');
    const std::string_view entry = request::TrimOws(setting.substr(0, comma));
    if (entry == "*") {
      return Status(ErrorCode::kConfigInvalid, "configuration 'cors_allowed_origins': '*' must stand alone");
    }
    std::string origin = request::LowerAscii(entry);
    if (!IsOrigin(origin)) {
      return Status(ErrorCode::kConfigInvalid, "configuration 'cors_allowed_origins': '" + std::string(entry) +
                                                   "' is not an origin (http:// or https://, a host, an optional "
                                                   ":port, no path or trailing slash)");
    }
    policy.origins_.push_back(std::move(origin));
    if (comma == std::string_view::npos) break;
    setting.remove_prefix(comma + 1);
  }
  return policy;
}

std::string CorsPolicy::AllowOriginFor(std::string_view origin) const {
  if (origin.empty()) return "";
  if (any_) return "*";
  const std::string lower = request::LowerAscii(origin);
  return std::find(origins_.begin(), origins_.end(), lower) != origins_.end() ? std::string(origin) : "";
}

void CorsPolicy::Decorate(std::string_view origin, httplib::Response& res) const {
  if (!enabled()) return;
  // The answer depends on Origin whenever a list is configured, even when
  // this request's origin is not on it: caches must key on it.
  if (!any_ && !res.has_header("Vary")) res.set_header("Vary", "Origin");
  const std::string allow = AllowOriginFor(origin);
  if (allow.empty() || res.has_header("Access-Control-Allow-Origin")) return;
  res.set_header("Access-Control-Allow-Origin", allow);
  res.set_header("Access-Control-Expose-Headers", kExposedHeaders);
}

bool CorsPolicy::IsPreflight(const httplib::Request& req) {
  return req.method == "OPTIONS" && req.has_header("Origin") && req.has_header("Access-Control-Request-Method");
}

Status CorsPolicy::Preflight(const httplib::Request& req, httplib::Response& res) const {
  const std::string origin = req.get_header_value("Origin");
  if (!enabled()) {
    return Status(ErrorCode::kPermissionDenied,
                  "cross-origin requests are not enabled on this server (setting cors_allowed_origins)");
  }
  const std::string allow = AllowOriginFor(origin);
  if (allow.empty()) {
    return Status(ErrorCode::kPermissionDenied, "origin " + origin + " is not in this server's cors_allowed_origins");
  }
  const std::string method = req.get_header_value("Access-Control-Request-Method");
  if (method != "GET" && method != "POST" && method != "DELETE" && method != "HEAD") {
    return Status(ErrorCode::kPermissionDenied, "method " + method + " is not served (GET, POST, DELETE)");
  }
  const std::string headers = req.get_header_value("Access-Control-Request-Headers");
  if (!IsHeaderNameList(headers)) {
    return Status(ErrorCode::kPermissionDenied, "Access-Control-Request-Headers is not a list of header names");
  }
  res.status = 204;
  res.set_header("Access-Control-Allow-Origin", allow);
  res.set_header("Access-Control-Allow-Methods", kAllowedMethods);
  // Keys and signatures travel in headers (x-api-key, Authorization, the
  // SDK's x-amz-*), so every header name the page asks for is allowed;
  // without cookies that grants nothing the request's own key does not.
  if (!headers.empty()) res.set_header("Access-Control-Allow-Headers", headers);
  res.set_header("Access-Control-Max-Age", std::to_string(kMaxAgeSeconds));
  if (!any_) res.set_header("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  return Status::Ok();
}

}  // namespace idmatch::server
