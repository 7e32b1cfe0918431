// libFuzzer entry point for a request as a worker receives it from the edge:
// the bytes framed as the edge frames them (its head parser, Content-Length),
// then httplib's request parsing and multipart decoding in memory
// (server/http_processor.h), then the service's body parsers on what httplib
// hands a route. Every parsed body ends in a request or a client error, and
// every answer is an HTTP/1.1 response.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "request/http_head.h"
#include "request/request.h"
#include "server/http_processor.h"

namespace {

idmatch::server::RequestProcessor& Processor() {
  static idmatch::server::RequestProcessor* processor = [] {
    auto* p = new idmatch::server::RequestProcessor;
    p->set_payload_max_length(1 << 20);
    p->Post("/v1/compare", [](const httplib::Request& req, httplib::Response& res) {
      const idmatch::request::Body body{req.get_header_value("Content-Type"), &req.body,
                                        [&req](const std::string& name) -> std::optional<std::string> {
                                          if (!req.has_file(name)) return std::nullopt;
                                          return req.get_file_value(name).content;
                                        },
                                        [&req](const std::string& name) {
                                          std::vector<std::string> all;
                                          const auto [a, b] = req.files.equal_range(name);
                                          for (auto it = a; it != b; ++it) all.push_back(it->second.content);
                                          return all;
                                        }};
      for (const bool want_target : {true, false}) {
        auto r = idmatch::request::ParseImageRequest(body, want_target);
        if (!r.ok() && (r.status().code() == idmatch::ErrorCode::kInternal || r.status().message().empty())) {
          __builtin_trap();
        }
      }
      auto capture = idmatch::request::ParseCaptureRequest(body, 24);
      if (!capture.ok() &&
          (capture.status().code() == idmatch::ErrorCode::kInternal || capture.status().message().empty())) {
        __builtin_trap();
      }
      if (capture.ok() && (capture->frames.empty() || capture->frames.size() > 24)) __builtin_trap();
      auto document = idmatch::request::ParseDocumentRequest(body);
      if (!document.ok() && document.status().message().empty()) __builtin_trap();
      res.set_content("{}", "application/json");
    });
    return p;
  }();
  return *processor;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const auto end = idmatch::request::FindHeadEnd(bytes);
  if (!end) return 0;
  auto head = idmatch::request::ParseRequestHead(std::string_view(bytes).substr(0, *end), {});
  if (!head.ok() || head->content_length > bytes.size() - *end) return 0;  // refused, or the edge waits
  const std::string raw =
      idmatch::request::SerializeHeadWithout(*head, "Expect") + bytes.substr(*end, head->content_length);
  const std::string answer = Processor().Process(raw, "127.0.0.1", 1, true);
  if (!answer.empty() && answer.rfind("HTTP/1.1 ", 0) != 0) __builtin_trap();
  return 0;
}
