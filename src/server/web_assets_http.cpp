#include <httplib.h>

#include "server/web_assets.h"

namespace idmatch::server {

std::string EscapeRegex(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (std::string_view(".^$|()[]{}*+?\\").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

void SetAssetResponse(const WebAsset& asset, httplib::Response& res) {
  res.status = 200;
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
                 "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
                 "base-uri 'none'; form-action 'self'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Cache-Control", "no-cache");
  res.set_content(std::string(asset.body), std::string(asset.content_type));
}

}  // namespace idmatch::server
