#include "server/http_server.h"

#include <httplib.h>
#include <strings.h>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <vector>

#include "api/json.h"
#include "core/log.h"
#include "core/work_budget.h"
#include "request/request.h"
#include "server/access_gate.h"
#include "server/aws_http.h"
#include "server/edge.h"
#include "server/exchange.h"
#include "server/http_processor.h"
#include "server/http_server_impl.h"
#include "server/web_assets.h"
#include "store/audit_log.h"

namespace idmatch::server {

using json = nlohmann::json;
namespace {
using Clock = std::chrono::steady_clock;
constexpr int kMaxRequestsPerConnection = 1000;  // then the answer says Connection: close
}  // namespace

void HttpServer::Impl::Finish(Exchange& ex, httplib::Response& res) {
  ex.finished = true;
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - ex.start).count();
  // One X-Request-Id (the route wrapper may have set it already); answers
  // hold personal data and decisions: never stored by caches (the page's
  // assets set their own policy).
  res.headers.erase("X-Request-Id");
  res.set_header("X-Request-Id", ex.request_id);
  if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
  metrics.CountRequest(ex.route, res.status);
  json line{{"type", "access"},  {"request_id", ex.request_id}, {"key_id", ex.key_id},
            {"route", ex.route}, {"status", res.status},        {"latency_ms", std::round(ms * 100) / 100}};
  if (!ex.decision.empty()) line["decision"] = ex.decision;
  log::WriteFields(log::Level::kInfo, api::Dump(line));
}

void HttpServer::Impl::SendError(Exchange& ex, httplib::Response& res, const Status& s) {
  json body = api::ErrorJson(s);
  body["error"]["request_id"] = ex.request_id;
  res.status = HttpStatusFor(s.code());
  if (s.code() == ErrorCode::kOverloaded) res.set_header("Retry-After", "1");
  res.set_content(api::Dump(body), "application/json");
  Finish(ex, res);
}

void HttpServer::Impl::SendJson(Exchange& ex, httplib::Response& res, const json& body, int status) {
  res.status = status;
  res.set_content(api::Dump(body), "application/json");
  Finish(ex, res);
}

bool HttpServer::Impl::Admit(const httplib::Request& req, httplib::Response& res, Exchange& ex) {
  if (config.auth) {
    std::string key = req.get_header_value("x-api-key");
    const std::string authz = req.get_header_value("Authorization");
    // The auth scheme is case-insensitive (RFC 9110 11.1).
    if (key.empty() && authz.size() > 7 && strncasecmp(authz.c_str(), "bearer ", 7) == 0) {
      key = authz.substr(authz.find_first_not_of(' ', 7));
    }
    // An address that keeps failing is refused before its key is looked up.
    int wait = 1;
    if (Status s = gate.CheckAddress(req.remote_addr, &wait); !s.ok()) {
      res.set_header("Retry-After", std::to_string(wait));
      SendError(ex, res, s);
      return false;
    }
    if (key.empty()) {
      SendError(
          ex, res,
          Status(ErrorCode::kUnauthenticated, "an API key is required (x-api-key header or Authorization: Bearer)"));
      return false;
    }
    auto info = keys.Authenticate(key);
    if (!info.ok()) {
      gate.RecordFailure(req.remote_addr, info.status(), store::KeyIdOf(key).value_or("(malformed)"));
      SendError(ex, res, info.status());
      return false;
    }
    ex.key_id = info->id;
    ex.key_role = info->role;
  }
  int retry = 1;
  if (Status s = gate.CheckKey(ex.key_id, &retry); !s.ok()) {
    res.set_header("Retry-After", std::to_string(retry));
    SendError(ex, res, s);
    return false;
  }
  return true;
}

std::vector<HttpServer::Impl::Route> HttpServer::Impl::RouteTable() {
  auto fixed = [this](const char* type, std::function<std::string()> body) -> Handler {
    return [type, body](const httplib::Request&, httplib::Response& res, Exchange&) {
      res.status = 200;
      res.set_content(body(), type);
    };
  };
  std::vector<Route> routes = {
      {Route::kGet, "/healthz", "/healthz", Access::kPublic,
       [this](const auto&, auto& res, Exchange& ex) {
         SendJson(ex, res, json{{"status", "ok"}});
       }},
      {Route::kGet, "/readyz", "/readyz", Access::kPublic,
       [this](const auto&, auto& res, Exchange&) {
         const bool db = store->Healthy();
         json body{{"status", db ? "ready" : "not_ready"},
                   {"models", engine->model_versions()},
                   {"model_profile", ModelProfileName(engine->model_profile())},
                   {"threshold", engine->default_threshold()},
                   {"database", db ? "ok" : "unreachable"}};
         res.status = db ? 200 : 503;
         res.set_content(api::Dump(body), "application/json");
       }},
      {Route::kGet, "/metrics", "/metrics", Access::kPublic,
       fixed("text/plain; version=0.0.4", [this] { return metrics.Render(); })},
      {Route::kGet, "/openapi.json", "/openapi.json", Access::kPublic,
       fixed("application/json", [] { return OpenApiJson(); })},
      {Route::kGet, "/v1/vocabulary", "/v1/vocabulary", Access::kPublic,
       fixed("application/json", [] { return api::Dump(api::VocabularyJson()); })},
      {Route::kPost, "/v1/compare", "/v1/compare", Access::kApiKey,
       [this](const auto& req, auto& res, Exchange& ex) { HandleCompare(req, res, ex, false); }},
      {Route::kPost, "/prod/ips", "/prod/ips", Access::kApiKey,
       [this](const auto& req, auto& res, Exchange& ex) { HandleCompare(req, res, ex, true); }},
      {Route::kPost, "/v1/detect", "/v1/detect", Access::kApiKey,
       [this](const auto& req, auto& res, Exchange& ex) { HandleDetect(req, res, ex); }},
      {Route::kPost, "/v1/document", "/v1/document", Access::kApiKey,
       [this](const auto& req, auto& res, Exchange& ex) { HandleDocument(req, res, ex); }},
      {Route::kPost, "/v1/liveness/challenges", "/v1/liveness/challenges", Access::kApiKey,
       [this](const auto& req, auto& res, Exchange& ex) { HandleChallengeCreate(req, res, ex); }},
      {Route::kPost, R"(/v1/liveness/challenges/([A-Za-z0-9_]{1,64}))", "/v1/liveness/challenges/{id}", Access::kApiKey,
       [this](const auto& req, auto& res, Exchange& ex) { HandleChallengeAnswer(req, res, ex); }},
      {Route::kGet, R"(/v1/liveness/challenges/([A-Za-z0-9_]{1,64}))", "/v1/liveness/challenges/{id}", Access::kApiKey,
       [this](const auto& req, auto& res, Exchange& ex) { HandleChallengeGet(req, res, ex); }},
      {Route::kGet, "/v1/verifications", "/v1/verifications", Access::kApiKey,
       [this](const auto& req, auto& res, Exchange& ex) { HandleVerificationList(req, res, ex); }},
      {Route::kGet, R"(/v1/verifications/([A-Za-z0-9_]{1,64}))", "/v1/verifications", Access::kApiKey,
       [this](const auto& req, auto& res, Exchange& ex) { HandleVerification(req, res, ex, false); }},
      {Route::kDelete, R"(/v1/verifications/([A-Za-z0-9_]{1,64}))", "/v1/verifications", Access::kApiKey,
       [this](const auto& req, auto& res, Exchange& ex) { HandleVerification(req, res, ex, true); }},
  };
  for (Route& r : routes) {
    r.heavy = r.name == "/v1/compare" || r.name == "/prod/ips" || r.name == "/v1/detect" || r.name == "/v1/document" ||
              (r.name == "/v1/liveness/challenges/{id}" && r.method == Route::kPost);
  }
  for (const WebAsset& asset : WebAssets()) {
    routes.push_back({Route::kGet, EscapeRegex(asset.path), "/web", Access::kPublic,
                      [&asset](const auto&, auto& res, Exchange&) { SetAssetResponse(asset, res); }});
  }
  return routes;
}

void HttpServer::Impl::Routes() {
  for (auto& r : RouteTable()) {
    head_routes.push_back({r.method, std::regex(r.pattern), r.name, r.access, r.heavy});
    auto wrapped = [this, r](const httplib::Request& req, httplib::Response& res) {
      Exchange ex;
      ex.route = r.name;
      res.set_header("X-Request-Id", ex.request_id);
      if (r.access == Access::kApiKey) {
        // Admission on the head authenticated the key already (the rate
        // limit counted it there too); a request the head did not place
        // on this route is authenticated here.
        const HeadAdmission* head = HeadAdmissionOf(CurrentEdgeRequest());
        if (head != nullptr && head->authenticated) {
          ex.key_id = head->key_id;
          ex.key_role = head->key_role;
        } else if (!Admit(req, res, ex)) {
          return;
        }
      }
      if (Status s = CheckWorkBudget(); !s.ok()) return SendError(ex, res, s);
      r.handler(req, res, ex);
      if (!ex.finished) Finish(ex, res);
    };
    switch (r.method) {
      case Route::kGet: http.Get(r.pattern, wrapped); break;
      case Route::kPost: http.Post(r.pattern, wrapped); break;
      case Route::kDelete: http.Delete(r.pattern, wrapped); break;
    }
  }
  if (aws) {
    http.Post(EscapeRegex(config.aws_api_path), [this](const httplib::Request& req, httplib::Response& res) {
      Exchange ex;
      ex.route = "aws";
      if (Status s = CheckWorkBudget(); !s.ok()) return aws->SendError(ex, res, s);
      aws->Handle(req, res, ex);
      if (!ex.finished) Finish(ex, res);
    });
  }
  // CORS (server/cors.h): a browser's preflight is answered before routing,
  // without a key (browsers send none on it); every answer httplib writes,
  // errors included, carries the headers its origin is allowed.
  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!CorsPolicy::IsPreflight(req)) return httplib::Server::HandlerResponse::Unhandled;
    Exchange ex;
    ex.route = "preflight";
    if (Status s = cors.Preflight(req, res); !s.ok()) {
      SendError(ex, res, s);
    } else {
      Finish(ex, res);
    }
    return httplib::Server::HandlerResponse::Handled;
  });
  http.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    cors.Decorate(req.get_header_value("Origin"), res);
  });
  // Anything else, and errors httplib raises itself (413 over the body
  // limit, 400 unparsable request): a JSON error body with a stable code.
  http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already answered
    Exchange ex;
    ex.route = "other";
    ErrorCode code = ErrorCode::kInvalidArgument;
    std::string message = "the request could not be read";
    if (res.status == 404) {
      code = ErrorCode::kNotFound;
      message = "no route " + req.method + " " + req.path;
    } else if (res.status == 405) {
      code = ErrorCode::kNotFound;
      message = "method " + req.method + " is not allowed on " + req.path;
    } else if (res.status == 413) {
      code = ErrorCode::kPayloadTooLarge;
      message = "the request body exceeds " + std::to_string(config.max_body_bytes) + " bytes";
    }
    if (IsAws(req)) return aws->SendError(ex, res, Status(code, message));
    const int status = res.status;
    SendError(ex, res, Status(code, message));
    res.status = status;
  });
  http.set_exception_handler([this](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    Exchange ex;
    ex.route = "exception";
    // Keep the id the client already has in the X-Request-Id header.
    if (res.has_header("X-Request-Id")) ex.request_id = res.get_header_value("X-Request-Id");
    res.headers.erase("X-Request-Id");
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      IDMATCH_LOG_ERROR(std::string("handler exception: ") + e.what());
    } catch (...) {
      IDMATCH_LOG_ERROR("handler exception of unknown type");
    }
    res.body.clear();
    SendError(ex, res, Status(ErrorCode::kInternal, "an internal error occurred; it has been logged"));
  });
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;
Metrics& HttpServer::metrics() { return impl_->metrics; }

Result<std::unique_ptr<HttpServer>> HttpServer::Create(const ServerConfig& config, std::shared_ptr<Verifier> engine,
                                                       std::shared_ptr<store::Store> store) {
  if (Status s = config.Validate(); !s.ok()) return s;
  auto impl = std::make_unique<Impl>(config, std::move(engine), std::move(store));
  impl->http.set_payload_max_length(config.max_body_bytes);
  impl->http.set_keep_alive_timeout(config.keep_alive_timeout_s);
  impl->http.set_keep_alive_max_count(kMaxRequestsPerConnection);
  impl->Routes();
  EdgeLimits limits;
  limits.max_body_bytes = config.max_body_bytes;
  // Every heavy request admitted at once (2 x max_inflight) with a full body,
  // plus two for the light routes.
  limits.max_buffered_body_bytes = static_cast<size_t>(2 * config.max_inflight + 2) * config.max_body_bytes;
  limits.max_connections = config.max_connections;
  limits.max_connections_per_address = config.max_connections_per_address;
  limits.head_timeout = std::chrono::seconds(config.read_timeout_s);
  limits.body_stall_timeout = std::chrono::seconds(config.read_timeout_s);
  limits.idle_timeout = std::chrono::seconds(config.keep_alive_timeout_s);
  limits.write_timeout = std::chrono::seconds(config.write_timeout_s);
  limits.request_timeout = std::chrono::seconds(config.request_timeout_s);
  limits.workers = config.http_threads;
  limits.max_requests_per_connection = kMaxRequestsPerConnection;
  Impl* raw = impl.get();
  Edge::Hooks hooks;
  hooks.admit = [raw](const request::RequestHead& head, EdgeRequest& r) { return raw->AdmitHead(head, r); };
  hooks.serve = [raw](std::string_view bytes, EdgeRequest& r, bool close) {
    return raw->http.Process(bytes, r.remote_addr, r.remote_port, close);
  };
  hooks.refuse = [raw](const request::RequestHead* head, const Status& s) { return raw->RefuseAtEdge(head, s); };
  impl->edge = std::make_unique<Edge>(limits, std::move(hooks), impl->metrics);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

Result<int> HttpServer::Bind() { return impl_->edge->Bind(impl_->config.host, impl_->config.port); }

void HttpServer::Run() { impl_->edge->Run(); }

void HttpServer::Stop() { impl_->edge->Stop(); }

}  // namespace idmatch::server
