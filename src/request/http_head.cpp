#include "request/http_head.h"

#include <strings.h>

#include <algorithm>
#include <cctype>

namespace idmatch::request {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Whether a comma-separated header value lists `token` (Connection: keep-alive, Upgrade).
bool ListsToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const size_t comma = value.find(',');
    if (IEquals(TrimOws(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

Status Bad(const std::string& message) { return Status(ErrorCode::kInvalidArgument, message); }

}  // namespace

bool IsTokenChar(unsigned char c) {
  return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string> RequestHead::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (IEquals(n, name)) return v;
  }
  return std::nullopt;
}

std::optional<size_t> FindHeadEnd(std::string_view buffer) {
  size_t start = 0;
  while (buffer.substr(start, 2) == "\r\n") start += 2;  // leading empty lines
  const size_t end = buffer.find("\r\n\r\n", start);
  if (end == std::string_view::npos) return std::nullopt;
  return end + 4;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

Result<RequestHead> ParseRequestHead(std::string_view head, const HeadLimits& limits) {
  if (head.size() > limits.max_head_bytes) {
    return Status(ErrorCode::kHeadersTooLarge,
                  "the request line and headers exceed " + std::to_string(limits.max_head_bytes) + " bytes");
  }
  while (head.substr(0, 2) == "\r\n") head.remove_prefix(2);
  RequestHead out;
  // Request line: METHOD SP request-target SP HTTP/1.x
  const size_t line_end = head.find("\r\n");
  if (line_end == std::string_view::npos) return Bad("the request line is incomplete");
  const std::string_view line = head.substr(0, line_end);
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != line.npos) {
    return Bad("the request line must be METHOD TARGET HTTP/1.1");
  }
  const std::string_view method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1),
                         version = line.substr(sp2 + 1);
  if (method.empty() || !std::all_of(method.begin(), method.end(), [](char c) { return IsTokenChar(c); })) {
    return Bad("the request method is not a token");
  }
  if (target.empty() || target.front() != '/' ||
      std::any_of(target.begin(), target.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; })) {
    return Bad("the request target must be an absolute path");
  }
  if (version == "HTTP/1.1") {
    out.minor_version = 1;
  } else if (version == "HTTP/1.0") {
    out.minor_version = 0;
  } else {
    return Status(ErrorCode::kInvalidArgument, "only HTTP/1.0 and HTTP/1.1 are served");
  }
  out.method = std::string(method);
  out.target = std::string(target);
  out.path = PercentDecode(target.substr(0, target.find('?')));

  // Header fields.
  std::string_view rest = head.substr(line_end + 2);
  std::optional<std::string> length;
  while (!rest.empty()) {
    const size_t eol = rest.find("\r\n");
    const std::string_view field = rest.substr(0, eol);
    rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 2);
    if (field.empty()) break;  // the blank line
    if (out.headers.size() >= limits.max_header_fields) {
      return Status(ErrorCode::kHeadersTooLarge,
                    "the request has more than " + std::to_string(limits.max_header_fields) + " header fields");
    }
    if (field.front() == ' ' || field.front() == '\t') return Bad("folded header lines are not accepted");
    const size_t colon = field.find(':');
    if (colon == std::string_view::npos || colon == 0) return Bad("a header line has no field name");
    const std::string_view name = field.substr(0, colon), value = TrimOws(field.substr(colon + 1));
    if (!std::all_of(name.begin(), name.end(), [](char c) { return IsTokenChar(c); })) {
      return Bad("a header field name is not a token");
    }
    if (std::any_of(value.begin(), value.end(), [](unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7f; })) {
      return Bad("a header value holds control characters");
    }
    if (IEquals(name, "Content-Length")) {
      if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != std::string_view::npos) {
        return Bad("Content-Length must be a non-negative whole number");
      }
      if (length && *length != value) return Bad("the request carries conflicting Content-Length headers");
      length = std::string(value);
    } else if (IEquals(name, "Transfer-Encoding")) {
      return Status(ErrorCode::kLengthRequired,
                    "send the body with a Content-Length header (chunked uploads are not accepted)");
    } else if (IEquals(name, "Content-Encoding") && !IEquals(value, "identity")) {
      return Status(ErrorCode::kUnsupportedMediaType,
                    "compressed request bodies (Content-Encoding) are not accepted; send the bytes as they are");
    } else if (IEquals(name, "Expect")) {
      if (!IEquals(value, "100-continue")) {
        return Status(ErrorCode::kInvalidArgument, "only Expect: 100-continue is understood");
      }
      out.expect_continue = true;
    } else if (IEquals(name, "Connection")) {
      if (ListsToken(value, "close")) out.keep_alive = false;
      if (out.minor_version == 0 && ListsToken(value, "keep-alive")) out.keep_alive = true;
    }
    out.headers.emplace_back(std::string(name), std::string(value));
  }
  if (out.minor_version == 0) {
    const auto connection = out.Header("Connection");
    out.keep_alive = connection && ListsToken(*connection, "keep-alive") && !ListsToken(*connection, "close");
  }
  if (length) out.content_length = std::stoull(*length);
  return out;
}

std::string SerializeHeadWithout(const RequestHead& head, std::string_view dropped_field) {
  std::string out = head.method + " " + head.target + (head.minor_version == 0 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
  for (const auto& [name, value] : head.headers) {
    if (IEquals(name, dropped_field)) continue;
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  out += "\r\n";
  return out;
}

}  // namespace idmatch::request
