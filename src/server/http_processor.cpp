#include "server/http_processor.h"

#include <strings.h>

#include <algorithm>
#include <cstring>

namespace idmatch::server {
namespace {

// The request's bytes as the stream httplib reads; what it writes is kept.
class MemoryStream : public httplib::Stream {
 public:
  MemoryStream(std::string_view in, std::string& out, const std::string& ip, int port)
      : in_(in), out_(out), ip_(ip), port_(port) {}
  bool is_readable() const override { return pos_ < in_.size(); }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, in_.size() - pos_);
    std::memcpy(ptr, in_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = ip_;
    port = port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip.clear();
    port = 0;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  std::string& out_;
  const std::string& ip_;
  int port_;
};

const char* Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

}  // namespace

std::string RequestProcessor::Process(std::string_view raw_request, const std::string& remote_addr, int remote_port,
                                      bool close) {
  std::string out;
  MemoryStream stream(raw_request, out, remote_addr, remote_port);
  bool connection_closed = false;
  if (!process_request(stream, close, connection_closed, nullptr)) out.clear();
  return out;
}

std::string RenderClosingResponse(const httplib::Response& res) {
  std::string out = "HTTP/1.1 " + std::to_string(res.status) + " " + Reason(res.status) + "\r\n";
  for (const auto& [name, value] : res.headers) {
    if (strcasecmp(name.c_str(), "Connection") == 0 || strcasecmp(name.c_str(), "Content-Length") == 0) continue;
    out += name + ": " + value + "\r\n";
  }
  out += "Content-Length: " + std::to_string(res.body.size()) + "\r\nConnection: close\r\n\r\n";
  out += res.body;
  return out;
}

}  // namespace idmatch::server
