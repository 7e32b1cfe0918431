// The route handlers of the HTTP service: compare (v1 and the original
// route), detect, document, and the audit trail's verifications.
#include <chrono>

#include "api/json.h"
#include "request/request.h"
#include "server/audit_http.h"
#include "server/http_server_impl.h"

namespace idmatch::server {

using request::Body;
using request::ImageRequest;
using request::ParseDocumentRequest;
using request::ParseImageRequest;
using json = nlohmann::json;
Body HttpBody(const httplib::Request& req) {
  return Body{req.get_header_value("Content-Type"), &req.body,
              [&req](const std::string& name) -> std::optional<std::string> {
                if (!req.has_file(name)) return std::nullopt;
                return req.get_file_value(name).content;
              },
              [&req](const std::string& name) {
                std::vector<std::string> values;
                const auto [first, last] = req.files.equal_range(name);
                for (auto it = first; it != last; ++it) values.push_back(it->second.content);
                return values;
              }};
}

namespace {

// The image request of a compare/detect call, from JSON or multipart.
Result<ImageRequest> ParseHttpBody(const httplib::Request& req, bool want_target) {
  return ParseImageRequest(HttpBody(req), want_target);
}

}  // namespace

void HttpServer::Impl::ObserveTimings(const ImageTimings& t) {
  metrics.ObserveStage("decode", t.decode_ms);
  metrics.ObserveStage("detect", t.detect_ms);
  metrics.ObserveStage("landmarks", t.landmarks_ms);
  metrics.ObserveStage("embed", t.embed_ms);
  metrics.ObserveStage("quality", t.quality_ms);
  if (t.liveness_ms > 0) metrics.ObserveStage("liveness", t.liveness_ms);
  if (t.document_ms > 0) metrics.ObserveStage("document", t.document_ms);
}

void HttpServer::Impl::HandleCompare(const httplib::Request& req, httplib::Response& res, Exchange& ex, bool legacy) {
  if (config.fault_injection && req.get_header_value("X-Idmatch-Fault") == "throw") {
    throw std::runtime_error("fault injection: secret internal detail /etc/idmatch");
  }
  auto parsed = legacy ? request::ParseLegacyCompareRequest(HttpBody(req)) : ParseHttpBody(req, /*want_target=*/true);
  if (!parsed.ok()) return SendError(ex, res, parsed.status());
  AdmissionSlot slot(metrics, config.max_inflight);
  if (!slot.admitted()) return SendError(ex, res, OverloadedStatus());
  auto result = [&] {
    RunningMark running(metrics);
    return engine->Compare(
        parsed->source, parsed->target,
        CompareOptions{parsed->similarity_threshold, parsed->quality_filter, parsed->liveness, parsed->read_document});
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

void HttpServer::Impl::HandleDetect(const httplib::Request& req, httplib::Response& res, Exchange& ex) {
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

void HttpServer::Impl::HandleDocument(const httplib::Request& req, httplib::Response& res, Exchange& ex) {
  auto parsed = ParseDocumentRequest(HttpBody(req));
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

void HttpServer::Impl::HandleVerification(const httplib::Request& req, httplib::Response& res, Exchange& ex,
                                          bool erase) {
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

void HttpServer::Impl::HandleVerificationList(const httplib::Request& req, httplib::Response& res, Exchange& ex) {
  auto q = AuditQueryFrom(req, config.auth && ex.key_role != store::KeyRole::kAdmin ? ex.key_id : "");
  if (!q.ok()) return SendError(ex, res, q.status());
  auto page = audit.List(*q);
  if (!page.ok()) return SendError(ex, res, page.status());
  const json body = AuditPageJson(*page);
  SendJson(ex, res, body);
}

}  // namespace idmatch::server
