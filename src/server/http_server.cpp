#include "server/http_server.h"

#include <httplib.h>
#include <strings.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <vector>

#include "api/json.h"
#include "core/log.h"
#include "core/work_budget.h"
#include "document/reader.h"
#include "image/decode.h"
#include "request/request.h"
#include "server/access_gate.h"
#include "server/audit_http.h"
#include "server/aws_http.h"
#include "server/edge.h"
#include "server/exchange.h"
#include "server/http_processor.h"
#include "server/web_assets.h"
#include "store/audit_log.h"
#include "store/sql_db.h"

namespace idmatch::server {

using request::Body;
using request::ImageRequest;
using request::ParseDocumentRequest;
using request::ParseImageRequest;
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMaxRequestsPerConnection = 1000;  // then the answer says Connection: close
using nlohmann::json;

Body HttpBody(const httplib::Request& req) {
  return Body{req.get_header_value("Content-Type"), &req.body,
              [&req](const std::string& name) -> std::optional<std::string> {
                if (!req.has_file(name)) return std::nullopt;
                return req.get_file_value(name).content;
              }};
}

// The image request of a compare/detect call, from JSON or multipart.
Result<ImageRequest> ParseHttpBody(const httplib::Request& req, bool want_target) {
  return ParseImageRequest(HttpBody(req), want_target);
}

}  // namespace

struct HttpServer::Impl {
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

  Impl(const ServerConfig& c, std::shared_ptr<Verifier> e, std::shared_ptr<store::Store> st)
      : config(c), engine(std::move(e)), store(std::move(st)), keys(store->keys()), audit(store->audit()), gate(c) {
    if (!config.aws_api_path.empty()) {
      aws = std::make_unique<AwsApi>(AwsApi::Deps{config, *engine, *store, metrics, gate,
                                                  [this](Exchange& ex, httplib::Response& res) { Finish(ex, res); }});
    }
  }

  // A request for the AWS API: its errors take AWS's form.
  bool IsAws(const httplib::Request& req) const {
    return aws && req.method == "POST" && req.path == config.aws_api_path;
  }

  void Finish(Exchange& ex, httplib::Response& res) {
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

  void SendError(Exchange& ex, httplib::Response& res, const Status& s) {
    json body = api::ErrorJson(s);
    body["error"]["request_id"] = ex.request_id;
    res.status = HttpStatusFor(s.code());
    if (s.code() == ErrorCode::kOverloaded) res.set_header("Retry-After", "1");
    res.set_content(api::Dump(body), "application/json");
    Finish(ex, res);
  }

  void SendJson(Exchange& ex, httplib::Response& res, const json& body) {
    res.status = 200;
    res.set_content(api::Dump(body), "application/json");
    Finish(ex, res);
  }

  // Authentication and rate limit; false when an error was already sent.
  bool Admit(const httplib::Request& req, httplib::Response& res, Exchange& ex) {
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

  void ObserveTimings(const ImageTimings& t) {
    metrics.ObserveStage("decode", t.decode_ms);
    metrics.ObserveStage("detect", t.detect_ms);
    metrics.ObserveStage("landmarks", t.landmarks_ms);
    metrics.ObserveStage("embed", t.embed_ms);
    metrics.ObserveStage("quality", t.quality_ms);
    if (t.liveness_ms > 0) metrics.ObserveStage("liveness", t.liveness_ms);
    if (t.document_ms > 0) metrics.ObserveStage("document", t.document_ms);
  }

  // Body of POST /v1/compare and /prod/ips.
  void HandleCompare(const httplib::Request& req, httplib::Response& res, Exchange& ex, bool legacy) {
    if (config.fault_injection && req.get_header_value("X-Idmatch-Fault") == "throw") {
      throw std::runtime_error("fault injection: secret internal detail /etc/idmatch");
    }
    auto parsed = legacy ? request::ParseLegacyCompareRequest(HttpBody(req)) : ParseHttpBody(req, /*want_target=*/true);
    if (!parsed.ok()) return SendError(ex, res, parsed.status());
    AdmissionSlot slot(metrics, config.max_inflight);
    if (!slot.admitted()) return SendError(ex, res, OverloadedStatus());
    auto result = [&] {
      RunningMark running(metrics);
      return engine->Compare(parsed->source, parsed->target,
                             CompareOptions{parsed->similarity_threshold, parsed->quality_filter, parsed->liveness,
                                            parsed->read_document});
    }();
    if (!result.ok()) return SendError(ex, res, result.status());
    ObserveTimings(result->timings.source);
    ObserveTimings(result->timings.target);
    metrics.ObserveStage("compare", result->timings.total_ms);
    json out = api::ToV1CompareJson(*result);
    // The audit row is committed before any decision leaves the server.
    if (Status s = RecordDecision(*result, ex, engine->model_versions(), config, *store, metrics); !s.ok()) {
      return SendError(ex, res, s);
    }
    out["request_id"] = ex.request_id;
    out["model_versions"] = engine->model_versions();
    if (parsed->original_client) {
      // The original Lambda answered the similarity alone, which its client
      // prints with response.json(); also for a non-match (docs/api.md).
      return SendJson(ex, res, out["similarity"]);
    }
    if (legacy) out["confidence"] = out["similarity"];
    SendJson(ex, res, out);
  }

  void HandleDetect(const httplib::Request& req, httplib::Response& res, Exchange& ex) {
    auto parsed = ParseHttpBody(req, /*want_target=*/false);
    if (!parsed.ok()) return SendError(ex, res, parsed.status());
    AdmissionSlot slot(metrics, config.max_inflight);
    if (!slot.admitted()) return SendError(ex, res, OverloadedStatus());
    auto result = [&] {
      RunningMark running(metrics);
      return engine->Detect(parsed->source, DetectOptions{parsed->quality_filter});
    }();
    if (!result.ok()) return SendError(ex, res, result.status());
    ObserveTimings(result->timings);
    json out = api::ToJson(*result);
    out["request_id"] = ex.request_id;
    out["model_versions"] = engine->model_versions();
    SendJson(ex, res, out);
  }

  // POST /v1/document: the fields and checks of one document from one photo
  // ("image") or its two sides ("front", "back").
  void HandleDocument(const httplib::Request& req, httplib::Response& res, Exchange& ex) {
    const Body body{req.get_header_value("Content-Type"), &req.body,
                    [&](const std::string& name) -> std::optional<std::string> {
                      if (!req.has_file(name)) return std::nullopt;
                      return req.get_file_value(name).content;
                    }};
    auto parsed = ParseDocumentRequest(body);
    if (!parsed.ok()) return SendError(ex, res, parsed.status());
    AdmissionSlot slot(metrics, config.max_inflight);
    if (!slot.admitted()) return SendError(ex, res, OverloadedStatus());
    auto read = [&] {
      RunningMark running(metrics);
      return engine->ReadDocument(std::vector<std::string_view>(parsed->begin(), parsed->end()));
    }();
    if (!read.ok()) return SendError(ex, res, read.status());
    json out = api::ToJson(*read);
    out["request_id"] = ex.request_id;
    SendJson(ex, res, out);
  }

  // GET/DELETE /v1/verifications/{id}: a key sees its own records; admin keys see all.
  void HandleVerification(const httplib::Request& req, httplib::Response& res, Exchange& ex, bool erase) {
    const std::string id = req.matches.size() > 1 ? std::string(req.matches[1]) : "";
    auto record = audit.Get(id);
    const bool visible =
        record.ok() && (!config.auth || ex.key_role == store::KeyRole::kAdmin || record->key_id == ex.key_id);
    if (!visible) {
      if (!record.ok() && record.status().code() != ErrorCode::kNotFound) return SendError(ex, res, record.status());
      return SendError(ex, res, Status(ErrorCode::kNotFound, "no verification with id " + id));
    }
    if (erase) {
      if (Status s = audit.Delete(id); !s.ok()) return SendError(ex, res, s);
      return SendJson(ex, res, json{{"id", id}, {"deleted", true}});
    }
    SendJson(ex, res, store::AuditRecordJson(*record));
  }

  // GET /v1/verifications?since=&until=&decision=&limit=&cursor= (keyset paging).
  void HandleVerificationList(const httplib::Request& req, httplib::Response& res, Exchange& ex) {
    auto q = AuditQueryFrom(req, config.auth && ex.key_role != store::KeyRole::kAdmin ? ex.key_id : "");
    if (!q.ok()) return SendError(ex, res, q.status());
    auto page = audit.List(*q);
    if (!page.ok()) return SendError(ex, res, page.status());
    const json body = AuditPageJson(*page);
    SendJson(ex, res, body);
  }

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

  std::vector<Route> RouteTable() {
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
        {Route::kGet, "/v1/verifications", "/v1/verifications", Access::kApiKey,
         [this](const auto& req, auto& res, Exchange& ex) { HandleVerificationList(req, res, ex); }},
        {Route::kGet, R"(/v1/verifications/([A-Za-z0-9_]{1,64}))", "/v1/verifications", Access::kApiKey,
         [this](const auto& req, auto& res, Exchange& ex) { HandleVerification(req, res, ex, false); }},
        {Route::kDelete, R"(/v1/verifications/([A-Za-z0-9_]{1,64}))", "/v1/verifications", Access::kApiKey,
         [this](const auto& req, auto& res, Exchange& ex) { HandleVerification(req, res, ex, true); }},
    };
    for (Route& r : routes) {
      r.heavy = r.name == "/v1/compare" || r.name == "/prod/ips" || r.name == "/v1/detect" || r.name == "/v1/document";
    }
    for (const WebAsset& asset : WebAssets()) {
      routes.push_back({Route::kGet, EscapeRegex(asset.path), "/web", Access::kPublic,
                        [&asset](const auto&, auto& res, Exchange&) { SetAssetResponse(asset, res); }});
    }
    return routes;
  }

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

  static httplib::Request HeadRequest(const request::RequestHead& head, const EdgeRequest& edge_request) {
    httplib::Request req;
    req.method = head.method;
    req.target = head.target;
    req.path = head.path;
    req.remote_addr = edge_request.remote_addr;
    for (const auto& [name, value] : head.headers) req.headers.emplace(name, value);
    return req;
  }

  // The edge's admission, on its loop thread, before any body byte is read:
  // the route, the credentials, capacity. nullopt lets the body be read.
  std::optional<std::string> AdmitHead(const request::RequestHead& head, EdgeRequest& edge_request) {
    const httplib::Request req = HeadRequest(head, edge_request);
    httplib::Response res;
    Exchange ex;
    ex.route = "edge";
    const HeadRoute* route = nullptr;
    for (const HeadRoute& r : head_routes) {
      const bool method = (r.method == Route::kGet && (head.method == "GET" || head.method == "HEAD")) ||
                          (r.method == Route::kPost && head.method == "POST") ||
                          (r.method == Route::kDelete && head.method == "DELETE");
      if (method && std::regex_match(head.path, r.pattern)) {
        route = &r;
        break;
      }
    }
    const bool aws_call = IsAws(req);
    if (!aws_call && (route == nullptr || route->access == Access::kPublic) &&
        head.content_length > kMaxPublicBodyBytes) {
      SendError(ex, res,
                route == nullptr ? Status(ErrorCode::kNotFound, "no route " + head.method + " " + head.path)
                                 : Status(ErrorCode::kPayloadTooLarge, "this route takes no request body"));
      return RenderClosingResponse(res);
    }
    auto admission = std::make_shared<HeadAdmission>();
    if (aws_call) {
      ex.route = "aws";
      int retry = 0;
      if (Status s = aws->CheckHead(req, &retry); !s.ok()) {
        if (retry > 0) res.set_header("Retry-After", std::to_string(retry));
        aws->SendError(ex, res, s);
        return RenderClosingResponse(res);
      }
    } else if (route != nullptr && route->access == Access::kApiKey) {
      ex.route = route->name;
      if (!Admit(req, res, ex)) return RenderClosingResponse(res);
      admission->authenticated = true;
      admission->key_id = ex.key_id;
      admission->key_role = ex.key_role;
    }
    if (aws_call || (route != nullptr && route->heavy)) {
      if (heavy_admitted.fetch_add(1) >= 2 * config.max_inflight) {
        --heavy_admitted;
        if (aws_call) {
          aws->SendError(ex, res, OverloadedStatus());
        } else {
          SendError(ex, res, OverloadedStatus());
        }
        return RenderClosingResponse(res);
      }
      admission->heavy_ticket = &heavy_admitted;
    }
    edge_request.admission = std::move(admission);
    return std::nullopt;
  }

  // An answer the edge gives itself (a malformed head, a limit).
  std::string RefuseAtEdge(const request::RequestHead* head, const Status& refusal) {
    httplib::Response res;
    Exchange ex;
    ex.route = "edge";
    if (head != nullptr && aws && head->method == "POST" && head->path == config.aws_api_path) {
      aws->SendError(ex, res, refusal);
    } else {
      SendError(ex, res, refusal);
    }
    return RenderClosingResponse(res);
  }

  void Routes() {
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
};

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
