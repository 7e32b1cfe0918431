// The Amazon Rekognition JSON 1.1 routes over HTTP: authentication (AWS
// Signature V4 with the keys' derived secrets, or idmatch's x-api-key),
// the per-key rate limit and admission shared with the other routes,
// dispatch on X-Amz-Target, the audit row of every CompareFaces answered,
// and AWS-style errors ({"__type", "message"}, x-amzn-ErrorType) with
// x-amzn-RequestId on every answer. docs/migrating-from-rekognition.md.
//
// Thread contract: one AwsApi serves every connection thread; its members
// are thread-safe (the store, limiters and metrics lock or are atomic).
#pragma once

#include <httplib.h>

#include <functional>
#include <mutex>
#include <string>

#include "server/access_gate.h"
#include "server/exchange.h"
#include "server/server_config.h"
#include "server/verifier.h"
#include "store/store.h"

namespace idmatch::server {

class AwsApi {
 public:
  struct Deps {
    const ServerConfig& config;
    Verifier& engine;
    store::Store& store;
    Metrics& metrics;
    AccessGate& gate;  // the address throttle and per-key limit the other routes use
    // Writes the access log line and metrics for a finished exchange.
    std::function<void(Exchange&, httplib::Response&)> finish;
  };
  // Loads the master secret when its file exists (AWS keys cannot
  // authenticate without it; x-api-key still can). A file that appears later
  // (the first `keys create --aws` while the server runs) is read then.
  explicit AwsApi(Deps deps);

  // POST on config.aws_api_path.
  void Handle(const httplib::Request& req, httplib::Response& res, Exchange& ex);
  // What can be checked of a caller before the body arrives (the edge's
  // admission): the address's failed-auth throttle, credentials present, the
  // access key (or idmatch key) known and not revoked. The signature, which
  // covers the body, is verified by Handle.
  Status CheckHead(const httplib::Request& req, int* retry_after_s);
  // An error in AWS's form (also for refusals made before routing).
  void SendError(Exchange& ex, httplib::Response& res, const Status& status);

 private:
  // *retry_after_s is set when the address is throttled.
  // The caller's key; with verify_signature false only what the head shows
  // (the key known and not revoked), for CheckHead.
  Status Authenticate(const httplib::Request& req, Exchange& ex, int* retry_after_s, bool verify_signature);
  void CompareFaces(const httplib::Request& req, httplib::Response& res, Exchange& ex);
  void DetectFaces(const httplib::Request& req, httplib::Response& res, Exchange& ex);
  void SendJson(Exchange& ex, httplib::Response& res, const std::string& body);

  // The master secret, read once its file exists; "" until then.
  std::string MasterSecret();

  Deps deps_;
  std::mutex master_mutex_;
  std::string master_secret_;
};

}  // namespace idmatch::server
