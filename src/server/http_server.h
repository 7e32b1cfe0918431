// The idmatch HTTP service (cpp-httplib): routes, authentication, rate
// limits, admission control, error mapping, metrics and access logging.
//
// Thread contract: Bind/Run/Stop from the owning thread; Stop() is also safe
// from a signal-watching thread. Handlers run on httplib's thread pool.
#pragma once

#include <memory>
#include <string>

#include "idmatch/engine.h"
#include "server/metrics.h"
#include "server/server_config.h"
#include "store/key_store.h"

namespace idmatch::server {

class HttpServer {
 public:
  static Result<std::unique_ptr<HttpServer>> Create(const ServerConfig& config, std::shared_ptr<Engine> engine,
                                                    std::shared_ptr<store::KeyStore> keys);
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
