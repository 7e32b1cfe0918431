// `idmatch compare SOURCE TARGET --url URL --api-key KEY`: client mode, the
// replacement for the original sample's client script. Sends the two files
// as multipart/form-data to POST /v1/compare.
#include <httplib.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli.h"

namespace idmatch::cli {

int RunRemoteCompare(const Args& args, const std::string& source, const std::string& target) {
  const bool json = args.Has("--json");
  const std::string url = *args.Get("--url");
  httplib::Client client(url);
  if (!client.is_valid())
    return Fail(Status(ErrorCode::kInvalidArgument, "--url " + url + " is not a valid URL"), json);
  client.set_read_timeout(60, 0);
  httplib::Headers headers;
  if (auto key = args.Get("--api-key")) headers.emplace("x-api-key", *key);
  httplib::MultipartFormDataItems items = {{"source", source, "source", "application/octet-stream"},
                                           {"target", target, "target", "application/octet-stream"}};
  if (auto t = args.Get("--threshold")) items.push_back({"similarity_threshold", *t, "", ""});
  if (auto f = args.Get("--quality-filter")) items.push_back({"quality_filter", *f, "", ""});
  if (args.Has("--no-liveness")) items.push_back({"liveness", "false", "", ""});
  auto res = client.Post("/v1/compare", headers, items);
  if (!res) {
    return Fail(Status(ErrorCode::kUnavailable, "no response from " + url + ": " + httplib::to_string(res.error())),
                json);
  }
  const auto body = nlohmann::json::parse(res->body, nullptr, false);
  if (res->status != 200) {
    if (json) {
      std::cout << res->body << "\n";
    } else {
      const std::string code =
          body.is_object() ? body["error"].value("code", "HTTP_" + std::to_string(res->status)) : "";
      const std::string msg = body.is_object() ? body["error"].value("message", res->body) : res->body;
      std::cerr << "idmatch: " << code << ": " << msg << " (HTTP " << res->status << ")\n";
    }
    return res->status < 500 ? 2 : 1;
  }
  if (json || !body.is_object()) {
    std::cout << res->body << "\n";
    return 0;
  }
  std::printf("%s  similarity %.1f (threshold %.1f, estimated false-match rate %.2g)  request %s\n",
              body.value("match", false)    ? "MATCH"
              : body.value("retake", false) ? "RETAKE (portrait too small)"
                                            : "NO MATCH",
              body.value("similarity", 0.0), body.value("threshold", 0.0), body.value("false_match_rate", 1.0),
              body.value("request_id", "").c_str());
  for (const auto& r : body["reasons"]) std::printf("reason: %s\n", r.get<std::string>().c_str());
  return 0;
}

}  // namespace idmatch::cli
