#include "server/listen_socket.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "core/log.h"

namespace idmatch::server {

Result<ListeningSocket> Listen(const std::string& host, int port) {
  const Status unavailable(ErrorCode::kUnavailable, "cannot listen on " + host + ":" + std::to_string(port));
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || found == nullptr) {
    return unavailable;
  }
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 4096) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) return unavailable;
  sockaddr_storage bound{};
  socklen_t length = sizeof(bound);
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
  std::string ignored;
  ListeningSocket out{fd, 0};
  NumericPeer(bound, length, ignored, out.port);
  return out;
}

long RaiseOpenFileLimit() {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) return -1;
  if (files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    getrlimit(RLIMIT_NOFILE, &files);
  }
  return static_cast<long>(files.rlim_cur);
}

int ConnectionsWithinFileLimit(int wanted, int workers) {
  const long files = RaiseOpenFileLimit();
  const long room = files - 64 - 2L * workers;
  if (files < 0 || room >= wanted) return wanted;
  const int capped = static_cast<int>(std::max(16L, room));
  IDMATCH_LOG_WARNING("max_connections " + std::to_string(wanted) + " exceeds what the open-file limit allows (" +
                      std::to_string(files) + "); using " + std::to_string(capped));
  return capped;
}

void NumericPeer(const sockaddr_storage& peer, socklen_t length, std::string& host, int& port) {
  char name[NI_MAXHOST] = "";
  char serv[NI_MAXSERV] = "";
  getnameinfo(reinterpret_cast<const sockaddr*>(&peer), length, name, sizeof(name), serv, sizeof(serv),
              NI_NUMERICHOST | NI_NUMERICSERV);
  host = name;
  port = std::atoi(serv);
}

}  // namespace idmatch::server
