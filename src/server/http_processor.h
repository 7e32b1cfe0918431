// cpp-httplib behind the edge (server/edge.h): the edge owns the sockets and
// hands a worker one complete request as bytes; RequestProcessor runs
// httplib's request parsing, routing, multipart decoding and response
// writing on those bytes in memory. httplib never touches a socket.
//
// Thread contract: Process() is thread-safe once the routes are registered.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace idmatch::server {

class RequestProcessor : public httplib::Server {
 public:
  // The complete response to one complete request ("" when httplib could
  // not write one). `close`: the answer says Connection: close.
  std::string Process(std::string_view raw_request, const std::string& remote_addr, int remote_port, bool close);
};

// A response built outside httplib's writer (answers the edge sends from
// its loop): status line, headers, Content-Length, Connection: close.
std::string RenderClosingResponse(const httplib::Response& res);

}  // namespace idmatch::server
