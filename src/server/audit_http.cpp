#include "server/audit_http.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "api/json.h"

namespace idmatch::server {

store::VerificationRecord AuditRecordFor(const CompareResult& result, const AuditContext& context,
                                         const ServerConfig& config, const store::Store& store) {
  store::VerificationRecord record;
  record.id = context.request_id;
  record.key_id = context.key_id;
  record.route = context.route;
  record.match = result.match;
  record.similarity = result.similarity;
  record.threshold = result.threshold;
  record.reasons_json = api::Dump(nlohmann::json(result.reasons));  // the verdict's, as answered
  record.model_versions = context.model_versions;
  record.model_profile = result.model_profile;
  record.similarity_scale = result.similarity_scale;
  record.quality_filter = result.quality_filter;
  record.quality_json = api::Dump(api::AuditQualityJson(result));
  record.liveness = ReasonCode(result.liveness.reason);
  if (result.liveness.assessed) record.liveness_score = result.liveness.score;
  if (config.audit_store_embeddings) {
    record.embeddings_json = store::EmbeddingsJson(result.source_embedding, result.target_embedding);
  }
  if (result.document_requested) record.document_json = api::Dump(api::AuditDocumentJson(result));
  if (result.document && !result.document->fields.document_number.empty()) {
    const auto& f = result.document->fields;
    record.document_number_hash = store.DocumentNumberHash(f.issuing_country, f.document_number);
    if (config.audit_store_document_number) record.document_number = f.document_number;
  }
  record.latency_ms = context.latency_ms;
  return record;
}

Status RecordDecision(const CompareResult& result, Exchange& ex, const std::string& model_versions,
                      const ServerConfig& config, store::Store& store, Metrics& metrics) {
  const AuditContext context{
      ex.request_id, ex.key_id, ex.route, model_versions,
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - ex.start).count()};
  if (!store.audit().Record(AuditRecordFor(result, context, config, store)).ok()) {
    return Status(ErrorCode::kUnavailable,
                  "the decision could not be recorded in the audit trail, so it is not released; retry later");
  }
  metrics.CountDecision(result.match);
  ex.decision = DecisionName(result.match);
  return Status::Ok();
}

namespace {

// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" with optional fraction and "Z": the
// forms the audit rows' created_at (ISO 8601 UTC) compares with as text.
bool IsIsoUtc(const std::string& t) {
  static const char* const kPattern = "dddd-dd-ddTdd:dd:dd";
  const size_t date = 10, full = 19;
  if (t.size() != date && t.size() < full) return false;
  for (size_t i = 0; i < std::min(t.size(), full); ++i) {
    const char want = kPattern[i];
    if (want == 'd' ? !std::isdigit(static_cast<unsigned char>(t[i])) : t[i] != want) return false;
  }
  size_t i = full;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  }
  if (i < t.size() && t[i] == 'Z') ++i;
  return t.size() == date || i == t.size();
}

}  // namespace

Result<store::AuditQuery> AuditQueryFrom(const httplib::Request& req, const std::string& own_key_id) {
  store::AuditQuery q;
  q.since = req.get_param_value("since");
  q.until = req.get_param_value("until");
  for (const auto& [name, value] : {std::pair{"since", q.since}, {"until", q.until}}) {
    if (!value.empty() && !IsIsoUtc(value)) {
      return Status(ErrorCode::kInvalidArgument, std::string(name) +
                                                     " must be an ISO 8601 UTC time such as 2026-12-01 or "
                                                     "2026-12-01T08:30:00Z");
    }
  }
  q.decision = req.get_param_value("decision");
  q.document_number_hash = req.get_param_value("document_number_hash");
  q.key_id = own_key_id;
  if (req.has_param("limit")) {
    const std::string l = req.get_param_value("limit");
    // Out of range or not a number: -1, which AuditLog::List refuses by name.
    q.limit = l.empty() || l.size() > 4 || l.find_first_not_of("0123456789") != std::string::npos ? -1 : std::stoi(l);
  }
  if (req.has_param("cursor") && !store::DecodeAuditCursor(req.get_param_value("cursor"), q)) {
    return Status(ErrorCode::kInvalidArgument, "cursor is not one this server issued");
  }
  return q;
}

nlohmann::json AuditPageJson(const store::AuditPage& page) {
  nlohmann::json records = nlohmann::json::array();
  for (const auto& r : page.records) records.push_back(store::AuditRecordJson(r));
  nlohmann::json body{{"records", records}, {"next_cursor", nullptr}};
  if (page.more) body["next_cursor"] = store::EncodeAuditCursor(page.records.back());
  return body;
}

}  // namespace idmatch::server
