// The idmatch HTTP service (cpp-httplib): routes, authentication, rate
// limits, admission control, error mapping, metrics and access logging.
//
// Thread contract: Bind/Run/Stop from the owning thread; Stop() is also safe
// from a signal-watching thread. Handlers run on httplib's thread pool.
#pragma once

#include <memory>
#include <string>

#include "server/metrics.h"
#include "server/server_config.h"
#include "server/verifier.h"
#include "store/store.h"

namespace idmatch::server {

class HttpServer {
 public:
  // `engine`: the real one through EngineVerifier (verifier.h); `store`: the
  // keys and audit log (background jobs such as retention belong to the caller).
  static Result<std::unique_ptr<HttpServer>> Create(const ServerConfig& config, std::shared_ptr<Verifier> engine,
                                                    std::shared_ptr<store::Store> store);
  ~HttpServer();

  // Binds config.host:config.port (port 0 = any free port); returns the port.
  Result<int> Bind();
  // Serves until Stop(); in-flight requests finish before it returns.
  void Run();
  void Stop();
  Metrics& metrics();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The OpenAPI 3.0 document served at /openapi.json.
const std::string& OpenApiJson();

}  // namespace idmatch::server
