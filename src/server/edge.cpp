#include "server/edge.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "server/edge_workers.h"
#include "server/listen_socket.h"

namespace idmatch::server {
namespace {

using Clock = std::chrono::steady_clock;
constexpr uint64_t kListenId = 0, kWakeId = 1;
constexpr auto kSweepEvery = std::chrono::milliseconds(50);
// After an answer that closes the connection, unread request bytes are
// drained for this long before the socket closes: closing with unread bytes
// makes the kernel send a reset that can destroy the answer in flight.
constexpr auto kLingerFor = std::chrono::milliseconds(2000);
constexpr size_t kReadChunk = 64 * 1024;

}  // namespace

struct Edge::Impl {
  struct Conn {
    enum class Phase { kHead, kBody, kServing, kWriting, kLinger } phase = Phase::kHead;
    uint64_t id = 0;
    int fd = -1;
    std::string addr;
    int port = 0;
    std::string in;  // bytes read and not yet consumed (the next request, pipelined ones)
    request::RequestHead head;
    size_t head_end = 0, reserved = 0;  // body bytes counted against the buffered budget
    Clock::time_point phase_start, last_progress;
    std::string out;
    size_t out_pos = 0;
    bool close_after_write = false, reading = true;
    int served = 0;
    std::shared_ptr<EdgeRequest> request;
  };
  EdgeLimits limits;
  Hooks hooks;
  Metrics& metrics;
  int listen_fd = -1, epoll_fd = -1, wake_fd = -1;
  std::unordered_map<uint64_t, std::unique_ptr<Conn>> conns;
  std::unordered_map<std::string, int> per_address;
  uint64_t next_id = 2;
  size_t buffered = 0;
  std::atomic<bool> stopping{false};

  EdgeWorkers workers;

  Impl(const EdgeLimits& l, Hooks h, Metrics& m)
      : limits(l), hooks(std::move(h)), metrics(m), workers(hooks.serve, [this] { Wake(); }) {}

  ~Impl() {
    for (auto& [id, c] : conns) ::close(c->fd);
    for (int fd : {listen_fd, epoll_fd, wake_fd}) {
      if (fd >= 0) ::close(fd);
    }
  }

  void Wake() {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd, &one, sizeof(one));
  }

  void Watch(Conn& c, uint32_t events) {
    epoll_event ev{};
    ev.events = events | EPOLLRDHUP;
    ev.data.u64 = c.id;
    epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c.fd, &ev);
  }

  void Close(Conn& c) {
    if (c.request) c.request->budget.cancelled = true;  // its work, queued or running, stops
    buffered -= c.reserved;
    if (--per_address[c.addr] <= 0) per_address.erase(c.addr);
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    --metrics.connections_open;
    conns.erase(c.id);  // c is gone from here on
  }

  // Sends a complete answer and closes the connection after it.
  void AnswerAndClose(Conn& c, std::string response) { Respond(c, std::move(response), /*close=*/true); }

  // Ends the connection's request (its body reservation and admission, with
  // its capacity ticket, are released) and starts writing the answer.
  void Respond(Conn& c, std::string response, bool close) {
    buffered -= c.reserved;
    c.reserved = 0;
    c.request.reset();
    c.out = std::move(response);
    c.out_pos = 0;
    c.close_after_write = close;
    c.phase = Conn::Phase::kWriting;
    c.phase_start = Clock::now();
    Write(c);
  }

  void Accept() {
    while (true) {
      sockaddr_storage peer{};
      socklen_t len = sizeof(peer);
      const int fd = accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;  // EAGAIN, or out of descriptors: try on the next wake
      std::string host;
      int peer_port = 0;
      NumericPeer(peer, len, host, peer_port);
      const int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      std::optional<Status> refused;
      if (stopping) {
        refused = Status(ErrorCode::kUnavailable, "the server is shutting down");
      } else if (static_cast<int>(conns.size()) >= limits.max_connections) {
        refused = Status(ErrorCode::kOverloaded, "the server has too many open connections; retry shortly");
      } else if (limits.max_connections_per_address > 0 && per_address[host] >= limits.max_connections_per_address) {
        refused = Status(ErrorCode::kRateLimited, "too many open connections from this address");
      }
      if (refused) {
        // Best effort: a fresh socket's send buffer takes a short answer.
        const std::string answer = hooks.refuse(nullptr, *refused);
        [[maybe_unused]] ssize_t n = send(fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        ::close(fd);
        ++metrics.connections_refused;
        if (per_address[host] == 0) per_address.erase(host);
        continue;
      }
      auto c = std::make_unique<Conn>();
      c->id = next_id++;
      c->fd = fd;
      c->addr = host;
      c->port = peer_port;
      c->phase_start = c->last_progress = Clock::now();
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP;
      ev.data.u64 = c->id;
      epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev);
      ++per_address[host];
      ++metrics.connections_open;
      conns.emplace(c->id, std::move(c));
    }
  }

  void Read(Conn& c) {
    char buf[kReadChunk];
    while (true) {
      const ssize_t n = recv(c.fd, buf, sizeof(buf), 0);
      if (n > 0) {
        if (c.phase == Conn::Phase::kLinger) continue;                                    // drained and dropped
        if (c.phase == Conn::Phase::kHead && c.in.empty()) c.phase_start = Clock::now();  // the head begins
        c.in.append(buf, static_cast<size_t>(n));
        c.last_progress = Clock::now();
        // A pipelining client may send ahead one head's worth; then it waits.
        if ((c.phase == Conn::Phase::kServing || c.phase == Conn::Phase::kWriting) &&
            c.in.size() > limits.head.max_head_bytes) {
          c.reading = false;
          Watch(c, c.phase == Conn::Phase::kWriting ? static_cast<uint32_t>(EPOLLOUT) : 0u);
          break;
        }
        continue;
      }
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        // The client closed (or half-closed: treated as gone, as nginx does)
        // or the socket failed: whatever it asked for is abandoned.
        if (c.phase == Conn::Phase::kServing) ++metrics.requests_abandoned;
        Close(c);
        return;
      }
      if (errno == EINTR) continue;
      break;
    }
    Advance(c);
  }

  // Moves a connection on as far as its bytes allow.
  void Advance(Conn& c) {
    const auto now = Clock::now();
    if (c.phase == Conn::Phase::kHead) {
      const auto end = request::FindHeadEnd(c.in);
      if (!end) {
        if (c.in.size() > limits.head.max_head_bytes) {
          return AnswerAndClose(
              c, hooks.refuse(nullptr, Status(ErrorCode::kHeadersTooLarge,
                                              "the request line and headers exceed " +
                                                  std::to_string(limits.head.max_head_bytes) + " bytes")));
        }
        return;
      }
      auto head = request::ParseRequestHead(std::string_view(c.in).substr(0, *end), limits.head);
      if (!head.ok()) return AnswerAndClose(c, hooks.refuse(nullptr, head.status()));
      c.head = std::move(head).value();
      c.head_end = *end;
      if (c.head.content_length > limits.max_body_bytes) {
        return AnswerAndClose(c, hooks.refuse(&c.head, Status(ErrorCode::kPayloadTooLarge,
                                                              "the request body exceeds " +
                                                                  std::to_string(limits.max_body_bytes) + " bytes")));
      }
      auto request = std::make_shared<EdgeRequest>();
      request->remote_addr = c.addr;
      request->remote_port = c.port;
      if (auto refusal = hooks.admit(c.head, *request)) return AnswerAndClose(c, std::move(*refusal));
      if (buffered + c.head.content_length > limits.max_buffered_body_bytes) {
        return AnswerAndClose(
            c, hooks.refuse(&c.head, Status(ErrorCode::kOverloaded, "the server is receiving too many uploads")));
      }
      c.reserved = c.head.content_length;
      buffered += c.reserved;
      c.in.reserve(c.head_end + c.head.content_length);  // one allocation, no doubling copies
      c.request = std::move(request);
      if (c.head.expect_continue && c.in.size() < c.head_end + c.head.content_length) {
        static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        [[maybe_unused]] ssize_t n = send(c.fd, kContinue, sizeof(kContinue) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      }
      c.phase = Conn::Phase::kBody;
      c.phase_start = c.last_progress = now;
    }
    if (c.phase == Conn::Phase::kBody) {
      const size_t total = c.head_end + c.head.content_length;
      if (c.in.size() < total) return;
      // The request's bytes move to the worker: when nothing is pipelined
      // behind it (the usual case) the buffer itself goes, its head
      // rewritten in place, so a body is held once, not twice.
      std::string raw;
      if (c.in.size() == total) {
        raw = std::move(c.in);
        raw.replace(0, c.head_end, request::SerializeHeadWithout(c.head, "Expect"));
        c.in = std::string();
      } else {
        raw = request::SerializeHeadWithout(c.head, "Expect");
        raw.append(c.in, c.head_end, c.head.content_length);
        c.in.erase(0, total);
      }
      c.request->budget.deadline = now + limits.request_timeout;
      const bool close = !c.head.keep_alive || stopping || ++c.served >= limits.max_requests_per_connection;
      c.phase = Conn::Phase::kServing;
      workers.Submit(EdgeWorkers::Job{c.id, std::move(raw), c.request, close});
    }
  }

  void Write(Conn& c) {
    while (c.out_pos < c.out.size()) {
      const ssize_t n = send(c.fd, c.out.data() + c.out_pos, c.out.size() - c.out_pos, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_pos += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        Watch(c, EPOLLOUT | (c.reading ? static_cast<uint32_t>(EPOLLIN) : 0u));
        return;
      }
      return Close(c);
    }
    c.out.clear();
    c.out_pos = 0;
    if (c.close_after_write || stopping) {
      shutdown(c.fd, SHUT_WR);
      c.phase = Conn::Phase::kLinger;
      c.phase_start = Clock::now();
      c.in.clear();
      c.reading = true;
      Watch(c, EPOLLIN);
      return;
    }
    c.phase = Conn::Phase::kHead;
    c.phase_start = Clock::now();
    c.reading = true;
    Watch(c, EPOLLIN);
    Advance(c);  // a pipelined request may already be here
  }

  void TakeDone() {
    for (auto& d : workers.TakeDone()) {
      auto it = conns.find(d.conn);
      if (it == conns.end()) continue;  // the client left meanwhile
      Conn& c = *it->second;
      if (d.response.empty()) {
        Close(c);
        continue;
      }
      Respond(c, std::move(d.response), d.close);
    }
  }

  // Deadlines of every phase; a connection past one is closed.
  void Sweep() {
    const auto now = Clock::now();
    std::vector<Conn*> expired;
    for (auto& [id, cp] : conns) {
      Conn& c = *cp;
      const auto in_phase = now - c.phase_start;
      bool over = false;
      switch (c.phase) {
        case Conn::Phase::kHead:  // idle until its first byte, then the head's own deadline
          over = (c.in.empty() ? in_phase > limits.idle_timeout : in_phase > limits.head_timeout) || stopping;
          break;
        case Conn::Phase::kBody: {
          const double seconds = std::chrono::duration<double>(in_phase).count();
          const double floor_bytes = (seconds - std::chrono::duration<double>(limits.body_stall_timeout).count()) *
                                     limits.min_body_bytes_per_s;
          over = now - c.last_progress > limits.body_stall_timeout ||
                 static_cast<double>(c.in.size() - c.head_end) < floor_bytes || stopping;
          break;
        }
        case Conn::Phase::kWriting: over = in_phase > limits.write_timeout; break;
        case Conn::Phase::kLinger: over = in_phase > kLingerFor; break;
        case Conn::Phase::kServing: break;
      }
      if (over) expired.push_back(&c);
    }
    for (Conn* c : expired) {
      if (c->phase != Conn::Phase::kLinger) ++metrics.connections_timed_out;
      Close(*c);
    }
  }

  void Loop() {
    workers.Start(limits.workers);
    std::vector<epoll_event> events(256);
    auto last_sweep = Clock::now();
    bool listening = true;
    while (true) {
      const int n =
          epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), static_cast<int>(kSweepEvery.count()));
      for (int i = 0; i < n; ++i) {
        const uint64_t id = events[i].data.u64;
        if (id == kListenId) {
          Accept();
          continue;
        }
        if (id == kWakeId) {
          uint64_t count = 0;
          [[maybe_unused]] ssize_t r = ::read(wake_fd, &count, sizeof(count));
          TakeDone();
          continue;
        }
        auto it = conns.find(id);
        if (it == conns.end()) continue;
        Conn& c = *it->second;
        if (events[i].events & EPOLLOUT) {
          Write(c);
          if (conns.find(id) == conns.end()) continue;
        }
        if (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) Read(c);
      }
      if (stopping && listening) {
        epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
        ::close(listen_fd);
        listen_fd = -1;
        listening = false;
      }
      if (Clock::now() - last_sweep >= kSweepEvery || stopping) {
        Sweep();
        last_sweep = Clock::now();
      }
      if (stopping && conns.empty()) break;
    }
    workers.Stop();
  }
};

Edge::Edge(const EdgeLimits& limits, Hooks hooks, Metrics& metrics)
    : impl_(std::make_unique<Impl>(limits, std::move(hooks), metrics)) {}
Edge::~Edge() = default;

Result<int> Edge::Bind(const std::string& host, int port) {
  // Connections beyond the cap are answered 503 at accept.
  impl_->limits.max_connections = ConnectionsWithinFileLimit(impl_->limits.max_connections, impl_->limits.workers);
  auto listening = Listen(host, port);
  if (!listening.ok()) return listening.status();
  impl_->listen_fd = listening->fd;
  impl_->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  impl_->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenId;
  epoll_ctl(impl_->epoll_fd, EPOLL_CTL_ADD, impl_->listen_fd, &ev);
  ev.data.u64 = kWakeId;
  epoll_ctl(impl_->epoll_fd, EPOLL_CTL_ADD, impl_->wake_fd, &ev);
  return listening->port;
}

void Edge::Run() {
  if (impl_->epoll_fd < 0) return;
  impl_->Loop();
}

void Edge::Stop() {
  impl_->stopping = true;
  if (impl_->wake_fd >= 0) impl_->Wake();
}

}  // namespace idmatch::server
