// The HTTP service's state and its members, shared by the files that
// implement them: http_server.cpp (the route table, authentication, answers,
// start-up), http_handlers.cpp (the route handlers), http_admission.cpp (the
// edge's admission on a request's head). Private to src/server.
//
// Thread contract: as HttpServer (http_server.h); AdmitHead and RefuseAtEdge
// run on the edge's loop thread, everything else on its workers.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "request/http_head.h"
#include "request/request.h"
#include "server/access_gate.h"
#include "server/aws_http.h"
#include "server/cors.h"
#include "server/edge.h"
#include "server/exchange.h"
#include "server/http_processor.h"
#include "server/http_server.h"
#include "store/audit_log.h"

namespace idmatch::server {

struct HttpServer::Impl {
  using json = nlohmann::json;
  ServerConfig config;
  std::shared_ptr<Verifier> engine;
  std::shared_ptr<store::Store> store;
  store::KeyStore& keys;
  store::AuditLog& audit;
  Metrics metrics;
  AccessGate gate;        // failed-authentication throttle and per-key rate limit
  RequestProcessor http;  // httplib on complete requests the edge hands over
  std::unique_ptr<Edge> edge;
  std::unique_ptr<AwsApi> aws;  // the Rekognition JSON API; null when aws_api_path is ""
  CorsPolicy cors;              // cors_allowed_origins (validated before Impl is made)

  Impl(const ServerConfig& c, std::shared_ptr<Verifier> e, std::shared_ptr<store::Store> st)
      : config(c),
        engine(std::move(e)),
        store(std::move(st)),
        keys(store->keys()),
        audit(store->audit()),
        gate(c),
        cors(CorsPolicy::Parse(c.cors_allowed_origins).value()) {
    if (!config.aws_api_path.empty()) {
      aws = std::make_unique<AwsApi>(AwsApi::Deps{config, *engine, *store, metrics, gate,
                                                  [this](Exchange& ex, httplib::Response& res) { Finish(ex, res); }});
    }
  }

  // A request for the AWS API: its errors take AWS's form.
  bool IsAws(const httplib::Request& req) const {
    return aws && req.method == "POST" && req.path == config.aws_api_path;
  }

  // Every answer ends here: one X-Request-Id, Cache-Control: no-store, the
  // metrics and the access log line.
  void Finish(Exchange& ex, httplib::Response& res);
  // The error table's status and JSON body ({"error": {code, message, ...}}).
  void SendError(Exchange& ex, httplib::Response& res, const Status& s);
  void SendJson(Exchange& ex, httplib::Response& res, const json& body, int status = 200);

  // Authentication and rate limit; false when an error was already sent.
  bool Admit(const httplib::Request& req, httplib::Response& res, Exchange& ex);

  // Stage latencies into the metrics' histograms.
  void ObserveTimings(const ImageTimings& t);
  // Body of POST /v1/compare and /prod/ips.
  void HandleCompare(const httplib::Request& req, httplib::Response& res, Exchange& ex, bool legacy);
  void HandleDetect(const httplib::Request& req, httplib::Response& res, Exchange& ex);

  // POST /v1/document: the fields and checks of one document from one photo
  // ("image") or its two sides ("front", "back").
  void HandleDocument(const httplib::Request& req, httplib::Response& res, Exchange& ex);

  // GET/DELETE /v1/verifications/{id}: a key sees its own records; admin keys see all.
  void HandleVerification(const httplib::Request& req, httplib::Response& res, Exchange& ex, bool erase);

  // GET /v1/verifications?since=&until=&decision=&limit=&cursor= (keyset paging).
  void HandleVerificationList(const httplib::Request& req, httplib::Response& res, Exchange& ex);

  // Liveness challenges (liveness_http.cpp): POST /v1/liveness/challenges
  // issues one; POST /v1/liveness/challenges/{id} judges its capture once;
  // GET /v1/liveness/challenges/{id} reads its state and decision back.
  void HandleChallengeCreate(const httplib::Request& req, httplib::Response& res, Exchange& ex);
  void HandleChallengeAnswer(const httplib::Request& req, httplib::Response& res, Exchange& ex);
  void HandleChallengeGet(const httplib::Request& req, httplib::Response& res, Exchange& ex);
  Result<store::ChallengeRecord> VisibleChallenge(const std::string& id, const Exchange& ex);

  // Who may call a route. Every route names its policy in the table below;
  // the wrapper enforces it before the handler runs, so a handler cannot
  // forget authentication and a route without a row does not exist (404).
  enum class Access {
    kPublic,  // health, readiness, metrics, the page, the API description and vocabulary
    kApiKey,  // a valid, unrevoked key (when auth is on), then the per-key rate limit
  };
  using Handler = std::function<void(const httplib::Request&, httplib::Response&, Exchange&)>;
  struct Route {
    enum Method { kGet, kPost, kDelete } method;
    std::string pattern;  // httplib regex
    std::string name;     // metrics/log label
    Access access;
    Handler handler;
    bool heavy = false;  // engine work: counted by the edge's admission (AdmitHead)
  };

  std::vector<Route> RouteTable();

  // What admission learnt from a request's head, for its worker.
  struct HeadAdmission {
    bool authenticated = false;
    std::string key_id;
    std::optional<store::KeyRole> key_role;
    std::atomic<int>* heavy_ticket = nullptr;  // released when the request ends
    ~HeadAdmission() {
      if (heavy_ticket != nullptr) --*heavy_ticket;
    }
  };
  static const HeadAdmission* HeadAdmissionOf(const EdgeRequest* r) {
    return r == nullptr ? nullptr : static_cast<const HeadAdmission*>(r->admission.get());
  }
  struct HeadRoute {
    Route::Method method;
    std::regex pattern;
    std::string name;
    Access access;
    bool heavy;
  };
  std::vector<HeadRoute> head_routes;
  // Heavy requests past admission (reading their body, waiting or running).
  // Twice max_inflight: a body upload takes time, and the engine's own
  // admission (AdmissionSlot) still answers the excess 503 at once.
  std::atomic<int> heavy_admitted{0};
  // Bodies on routes that take none (health, the page, unknown paths) are
  // refused beyond this many bytes before they are read.
  static constexpr size_t kMaxPublicBodyBytes = 64 * 1024;

  static httplib::Request HeadRequest(const request::RequestHead& head, const EdgeRequest& edge_request);

  // The edge's admission, on its loop thread, before any body byte is read:
  // the route, the credentials, capacity. nullopt lets the body be read.
  std::optional<std::string> AdmitHead(const request::RequestHead& head, EdgeRequest& edge_request);

  // An answer admission gives from the edge's loop (CORS headers added for
  // the request's origin), rendered with Connection: close.
  std::string RefuseHead(const httplib::Request& req, httplib::Response& res) const;

  // An answer the edge gives itself (a malformed head, a limit).
  std::string RefuseAtEdge(const request::RequestHead* head, const Status& refusal);

  // Registers the route table with httplib, each route wrapped in its
  // access policy and the request's work budget, and the error handlers.
  void Routes();
};

// A request's body as the request parsers read it (JSON or multipart parts).
request::Body HttpBody(const httplib::Request& req);

}  // namespace idmatch::server
