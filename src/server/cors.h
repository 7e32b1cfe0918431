// Cross-origin access (CORS) for browser code on other origins: an
// onboarding page at https://app.example.com calling idmatch, or the AWS SDK
// for JavaScript in a browser with its endpoint changed to idmatch (AWS's
// own endpoints answer CORS, so such code expects it).
//
// Off by default (setting `cors_allowed_origins` empty): no CORS header is
// sent and a preflight is refused with 403, so a page on another origin
// cannot read answers it was not meant to. No cookies are used (keys travel
// in headers), so Access-Control-Allow-Credentials is never sent.
//
// Thread contract: immutable after Parse; every member is const.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>
#include <vector>

#include "idmatch/status.h"

namespace idmatch::server {

class CorsPolicy {
 public:
  // The setting: "" (off), "*" (any origin), or a comma-separated list of
  // origins as browsers send them, "scheme://host[:port]" with scheme http
  // or https and no path (compared without regard to case). Anything else
  // is kConfigInvalid naming the entry.
  static Result<CorsPolicy> Parse(std::string_view setting);

  bool enabled() const { return any_ || !origins_.empty(); }

  // The Access-Control-Allow-Origin value for a request's Origin header:
  // "*" when any origin is allowed, the origin itself when listed, "" when
  // the request has no Origin or it is not allowed.
  std::string AllowOriginFor(std::string_view origin) const;

  // The CORS headers of an answer to a request from `origin` (its Origin
  // header, "" when none): the allowed origin, Vary: Origin and the headers
  // a page may read (X-Request-Id, Retry-After, the AWS API's x-amzn-*).
  // Nothing when the origin is not allowed; headers already there are kept.
  void Decorate(std::string_view origin, httplib::Response& res) const;

  // A preflight: OPTIONS with Origin and Access-Control-Request-Method.
  static bool IsPreflight(const httplib::Request& req);

  // The answer to a preflight: 204 with the allowed origin, methods and the
  // request headers asked for (when each is a header name), cached by the
  // browser for kMaxAgeSeconds. A refusal (CORS off, origin not listed, a
  // method idmatch does not serve, a malformed header list) is a
  // kPermissionDenied status naming the reason; res is then untouched.
  Status Preflight(const httplib::Request& req, httplib::Response& res) const;

  // How long a browser may reuse a preflight's answer (seconds). Chromium
  // caps it at 7200; 600 lets an operator's change of the list take effect
  // within ten minutes.
  static constexpr int kMaxAgeSeconds = 600;

 private:
  bool any_ = false;
  std::vector<std::string> origins_;  // lower case
};

}  // namespace idmatch::server
