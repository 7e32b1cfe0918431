// The demo page (web/), compiled into the binary so the service needs no
// files beside it and loads nothing from a CDN.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace idmatch::server {

struct WebAsset {
  std::string_view path;  // URL path
  std::string_view content_type;
  std::string_view body;
};

const std::vector<WebAsset>& WebAssets();

// `path` with regex metacharacters escaped (httplib routes are regexes).
std::string EscapeRegex(std::string_view path);

}  // namespace idmatch::server

namespace httplib {
struct Response;
}

namespace idmatch::server {

// 200 with the asset, its type and the page's security headers: a strict
// Content-Security-Policy (same origin only: no CDN, no inline script), no
// MIME sniffing, no referrer, no framing, and no caching of a stale page.
void SetAssetResponse(const WebAsset& asset, httplib::Response& res);

}  // namespace idmatch::server
