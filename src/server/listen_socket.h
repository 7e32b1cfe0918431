// The sockets the edge listens and accepts on: a non-blocking listening
// socket on host:port, the process's open-file limit raised for many
// connections, and the numeric address of a peer.
//
// Thread contract: plain functions over file descriptors.
#pragma once

#include <sys/socket.h>

#include <string>

#include "idmatch/status.h"

namespace idmatch::server {

struct ListeningSocket {
  int fd = -1;
  int port = 0;  // the bound port (the chosen one when 0 was asked for)
};

// A non-blocking, close-on-exec TCP socket listening on host:port (0 = any
// free port), SO_REUSEADDR, backlog 4096; kUnavailable when it cannot be had.
Result<ListeningSocket> Listen(const std::string& host, int port);

// Raises the soft open-file limit to the hard one; returns the soft limit now.
long RaiseOpenFileLimit();

// The connection cap the open-file limit allows (raised first: slow sockets
// are meant to cost a descriptor each), keeping 64 descriptors and two per
// worker for the database, models and logs: `wanted` when it fits, else the
// lower cap (at least 16), with a warning logged. Beyond the limit, accept()
// would fail with EMFILE and leave the listening socket readable (a busy loop).
int ConnectionsWithinFileLimit(int wanted, int workers);

// "127.0.0.1" / "::1" and the port of a peer address.
void NumericPeer(const sockaddr_storage& peer, socklen_t length, std::string& host, int& port);

}  // namespace idmatch::server
