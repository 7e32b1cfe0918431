// The head of an HTTP/1.x request (request line and header fields), parsed
// by the service's edge before any body byte is read: the framing facts the
// edge needs to decide whether to read the body at all (its length, whether
// the client waits for 100-continue, keep-alive) and the facts admission
// needs (method, path, credentials). Hostile bytes from the network reach
// this code first; it never allocates more than the head it is given.
//
// Thread contract: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "idmatch/status.h"

namespace idmatch::request {

struct HeadLimits {
  size_t max_head_bytes = 64 * 1024;  // request line + header fields + CRLFs
  size_t max_header_fields = 100;     // curl sends 3-6, browsers ~15
};

struct RequestHead {
  std::string method;                                        // as sent ("POST")
  std::string target;                                        // as sent ("/v1/verifications?limit=5")
  std::string path;                                          // target without the query, percent-decoded
  int minor_version = 1;                                     // HTTP/1.<minor>
  std::vector<std::pair<std::string, std::string>> headers;  // names as sent, values trimmed
  size_t content_length = 0;
  bool expect_continue = false;  // "Expect: 100-continue"
  bool keep_alive = true;        // HTTP/1.1 unless "Connection: close"; 1.0 only with keep-alive

  // First value of a header, case-insensitive name; nullopt when absent.
  std::optional<std::string> Header(std::string_view name) const;
};

// Where the head ends in `buffer` (just past the blank line), or nullopt
// when it has not fully arrived. Leading empty lines (RFC 9112 2.2) are part
// of the head.
std::optional<size_t> FindHeadEnd(std::string_view buffer);

// Parses a complete head (as found by FindHeadEnd). Errors name the client's
// mistake: kInvalidArgument (400) for a malformed line, an unsupported
// version or a bad/conflicting Content-Length; kHeadersTooLarge (431) over
// the limits; kLengthRequired (411) for a Transfer-Encoding (the service
// takes bodies with a Content-Length only); kUnsupportedMediaType (415) for
// a Content-Encoding other than identity.
Result<RequestHead> ParseRequestHead(std::string_view head, const HeadLimits& limits);

// The head rebuilt without the fields the edge has already acted on
// ("Expect"), for the request processor behind the edge.
std::string SerializeHeadWithout(const RequestHead& head, std::string_view dropped_field);

// "%41bc" -> "Abc"; an invalid escape is kept as it is.
std::string PercentDecode(std::string_view s);

// HTTP's small grammar pieces, shared by the head parser, Signature V4 and
// CORS: an RFC 9110 5.6.2 token character; `s` without the optional
// whitespace (spaces, tabs) at either end; ASCII lower case (header names
// and origins compare without regard to case).
bool IsTokenChar(unsigned char c);
std::string_view TrimOws(std::string_view s);
std::string LowerAscii(std::string_view s);

}  // namespace idmatch::request
