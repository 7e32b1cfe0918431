// The service's network edge: one event loop (epoll) owns every socket and
// reads each request's head and body itself, under per-phase deadlines and
// connection caps; workers only ever see complete requests that admission
// let through. A slow or idle client costs a socket and its buffered bytes,
// never a worker (docs/architecture.md, "The edge"; the measurements that
// decided it in docs/performance.md).
//
// Life of a connection: accept (global and per-address caps) -> head (whole
// head within head_timeout, at most max_head_bytes) -> admission on the head
// (the hook: route, credentials, capacity; a refusal is answered at once and
// the connection closed, the body never read) -> body (Content-Length only,
// within the body deadlines, counted against a global budget of buffered
// bytes) -> a worker serves it (the hook) under the request's work budget ->
// the answer is written (write_timeout) -> the next pipelined request, in
// order, or idle keep-alive (idle_timeout). A client that disconnects while
// its request waits or runs cancels it (core/work_budget.h).
//
// Thread contract: Bind, then Run on one thread; Stop from any thread. The
// hooks: `admit` and `refuse` run on the loop thread and must not block for
// long (a key lookup is fine); `serve` runs on a worker.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/work_budget.h"
#include "idmatch/status.h"
#include "request/http_head.h"
#include "server/metrics.h"

namespace idmatch::server {

struct EdgeLimits {
  request::HeadLimits head;
  size_t max_body_bytes = 16u * 1024 * 1024;
  // Bodies admitted and being read or served, summed over all connections;
  // a head whose body would pass it is answered 503 OVERLOADED.
  size_t max_buffered_body_bytes = 256u * 1024 * 1024;
  int max_connections = 4096;
  int max_connections_per_address = 256;
  std::chrono::milliseconds head_timeout{10000};  // the whole head, from its first byte
  std::chrono::milliseconds idle_timeout{5000};   // keep-alive (and a new socket) with no request begun
  // The body: no byte for body_stall_timeout, or slower overall than
  // min_body_bytes_per_s after the first body_stall_timeout, drops it.
  std::chrono::milliseconds body_stall_timeout{10000};
  size_t min_body_bytes_per_s = 64 * 1024;
  std::chrono::milliseconds write_timeout{10000};
  std::chrono::milliseconds request_timeout{10000};  // a request's work, from its last body byte
  int workers = 16;
  int max_requests_per_connection = 1000;
};

// One request past admission: its work budget (deadline, cancellation) and
// what admission learnt from the head, for the worker.
struct EdgeRequest {
  WorkBudget budget;
  std::string remote_addr;
  int remote_port = 0;
  // Opaque to the edge: set by `admit` (the authenticated key, a capacity
  // ticket); released when the request ends, whichever way.
  std::shared_ptr<void> admission;
};

class Edge {
 public:
  struct Hooks {
    // Loop thread, once a head is parsed: nullopt to read the body and serve
    // the request, or the complete response to send (then the connection
    // closes: its body was never read).
    std::function<std::optional<std::string>(const request::RequestHead&, EdgeRequest&)> admit;
    // Worker: the complete response to a complete request (head and body as
    // raw HTTP/1.1), "" to drop the connection. `close`: the answer must say
    // Connection: close.
    std::function<std::string(std::string_view raw_request, EdgeRequest&, bool close)> serve;
    // Loop thread: the complete response for a request the edge refuses
    // itself (a malformed head, a limit); `head` is null when it did not parse.
    std::function<std::string(const request::RequestHead* head, const Status& refusal)> refuse;
  };

  Edge(const EdgeLimits& limits, Hooks hooks, Metrics& metrics);
  ~Edge();
  Edge(const Edge&) = delete;
  Edge& operator=(const Edge&) = delete;

  // Listens on host:port (0 = any free port); returns the port.
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop(); then stops accepting, closes connections with no
  // request being served, finishes the ones being served and returns.
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The request the calling worker thread is serving; null elsewhere.
EdgeRequest* CurrentEdgeRequest();

}  // namespace idmatch::server
