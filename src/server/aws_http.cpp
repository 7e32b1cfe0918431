#include "server/aws_http.h"

#include <strings.h>

#include <ctime>

#include "api/json.h"
#include "core/log.h"
#include "server/audit_http.h"
#include "server/rekognition.h"
#include "server/sigv4.h"
#include "store/aws_credentials.h"

namespace idmatch::server {
namespace {

constexpr const char* kJsonType = "application/x-amz-json-1.1";
constexpr std::string_view kTargetPrefix = "RekognitionService.";

sigv4::SignedRequest ToSigned(const httplib::Request& req) {
  sigv4::SignedRequest s;
  s.method = req.method;
  s.target = req.target;
  for (const auto& [name, value] : req.headers) s.headers.emplace_back(name, value);
  s.body = req.body;
  return s;
}

}  // namespace

AwsApi::AwsApi(Deps deps) : deps_(std::move(deps)) { MasterSecret(); }

std::string AwsApi::MasterSecret() {
  std::lock_guard lock(master_mutex_);
  if (!master_secret_.empty()) return master_secret_;
  auto master = store::LoadAwsMasterSecret(deps_.config.AwsMasterKeyPath(), /*create=*/false);
  if (master.ok()) {
    master_secret_ = std::move(master).value();
  } else if (master.status().code() != ErrorCode::kNotFound) {
    IDMATCH_LOG_WARNING("AWS keys cannot authenticate: " + master.status().message());
  }
  return master_secret_;
}

void AwsApi::SendError(Exchange& ex, httplib::Response& res, const Status& status) {
  const AwsError aws = AwsErrorFor(status.code());
  res.status = aws.http_status;
  res.set_header("x-amzn-RequestId", ex.request_id);
  res.set_header("x-amzn-ErrorType", std::string(aws.type));
  res.set_content(api::Dump(rekognition::ErrorJson(status)), kJsonType);
  deps_.finish(ex, res);
}

void AwsApi::SendJson(Exchange& ex, httplib::Response& res, const std::string& body) {
  res.status = 200;
  res.set_header("x-amzn-RequestId", ex.request_id);
  res.set_content(body, kJsonType);
  deps_.finish(ex, res);
}

Status AwsApi::Authenticate(const httplib::Request& req, Exchange& ex, int* retry_after_s, bool verify_signature) {
  if (Status s = deps_.gate.CheckAddress(req.remote_addr, retry_after_s); !s.ok()) return s;
  const std::string authorization = req.get_header_value("Authorization");
  Result<store::ApiKeyInfo> info = Status(ErrorCode::kAuthenticationMissing, "Missing Authentication Token");
  std::string tried = "(none)";
  if (authorization.size() > 16 && strncasecmp(authorization.c_str(), "AWS4-HMAC-SHA256", 16) == 0) {
    auto credential = sigv4::ParseAuthorization(authorization);
    if (!credential.ok()) {
      info = credential.status();
    } else {
      tried = credential->access_key_id;
      info = deps_.store.keys().FindAws(credential->access_key_id);
      // On the head alone (verify_signature false) the key is known and not
      // revoked; the signature covers the body and is verified with it.
      const std::string master = info.ok() && verify_signature ? MasterSecret() : std::string();
      if (info.ok() && verify_signature && master.empty()) {
        info = Status(ErrorCode::kUnauthenticated, "The security token included in the request is invalid.");
      } else if (info.ok() && verify_signature) {
        const std::string secret = store::DeriveAwsSecret(master, credential->access_key_id);
        sigv4::VerifyOptions options;
        options.region = deps_.config.aws_region;
        if (Status s = sigv4::Verify(ToSigned(req), *credential, secret, std::time(nullptr), options); !s.ok()) {
          info = s;
        }
      }
    }
  } else if (std::string key = req.get_header_value("x-api-key"); !key.empty()) {
    // idmatch's own keys work here too (curl, non-AWS clients).
    tried = store::KeyIdOf(key).value_or("(malformed)");
    info = deps_.store.keys().Authenticate(key);
  }
  if (!info.ok()) {
    if (info.status().code() != ErrorCode::kAuthenticationMissing) {
      deps_.gate.RecordFailure(req.remote_addr, info.status(), tried);
    }
    return info.status();
  }
  ex.key_id = info->id;
  ex.key_role = info->role;
  return Status::Ok();
}

Status AwsApi::CheckHead(const httplib::Request& req, int* retry_after_s) {
  if (!deps_.config.auth) return Status::Ok();
  Exchange unused;
  return Authenticate(req, unused, retry_after_s, /*verify_signature=*/false);
}

void AwsApi::Handle(const httplib::Request& req, httplib::Response& res, Exchange& ex) {
  int retry = 0;
  if (deps_.config.auth) {
    if (Status s = Authenticate(req, ex, &retry, /*verify_signature=*/true); !s.ok()) {
      if (retry > 0) res.set_header("Retry-After", std::to_string(retry));
      return SendError(ex, res, s);
    }
  }
  if (Status s = deps_.gate.CheckKey(ex.key_id, &retry); !s.ok()) {
    res.set_header("Retry-After", std::to_string(retry));
    return SendError(ex, res, s);
  }
  const std::string target = req.get_header_value("X-Amz-Target");
  const std::string operation =
      target.rfind(kTargetPrefix, 0) == 0 ? target.substr(kTargetPrefix.size()) : std::string();
  if (operation == "CompareFaces") {
    ex.route = "aws:CompareFaces";
    return CompareFaces(req, res, ex);
  }
  if (operation == "DetectFaces") {
    ex.route = "aws:DetectFaces";
    return DetectFaces(req, res, ex);
  }
  SendError(ex, res,
            Status(ErrorCode::kUnknownOperation,
                   target.empty() ? "the X-Amz-Target header is missing (RekognitionService.CompareFaces or "
                                    "RekognitionService.DetectFaces)"
                                  : "idmatch offers RekognitionService.CompareFaces and DetectFaces, not " + target));
}

void AwsApi::CompareFaces(const httplib::Request& req, httplib::Response& res, Exchange& ex) {
  auto parsed = rekognition::ParseCompareFaces(req.body);
  if (!parsed.ok()) return SendError(ex, res, parsed.status());
  auto threshold = SimilarityThreshold::Make(parsed->similarity_threshold, "SimilarityThreshold");
  if (!threshold.ok()) return SendError(ex, res, threshold.status());
  AdmissionSlot slot(deps_.metrics, deps_.config.max_inflight);
  if (!slot.admitted()) return SendError(ex, res, OverloadedStatus());
  auto result = [&] {
    RunningMark running(deps_.metrics);
    return deps_.engine.Compare(
        parsed->source, parsed->target,
        CompareOptions{*threshold, parsed->quality_filter, deps_.config.aws_liveness, deps_.config.aws_document});
  }();
  if (!result.ok() && result.status().code() == ErrorCode::kNoFaceInTarget) {
    // Rekognition answers a target without faces with empty lists.
    auto source = deps_.engine.Detect(parsed->source, DetectOptions{parsed->quality_filter});
    if (!source.ok()) return SendError(ex, res, source.status());
    return SendJson(ex, res, api::Dump(rekognition::CompareFacesNoTargetFaceJson(*source)));
  }
  if (!result.ok()) return SendError(ex, res, result.status());
  deps_.metrics.ObserveStage("compare", result->timings.total_ms);
  if (Status s = RecordDecision(*result, ex, deps_.engine.model_versions(), deps_.config, deps_.store, deps_.metrics);
      !s.ok()) {
    return SendError(ex, res, s);
  }
  SendJson(ex, res, api::Dump(rekognition::CompareFacesJson(*result)));
}

void AwsApi::DetectFaces(const httplib::Request& req, httplib::Response& res, Exchange& ex) {
  auto parsed = rekognition::ParseDetectFaces(req.body);
  if (!parsed.ok()) return SendError(ex, res, parsed.status());
  AdmissionSlot slot(deps_.metrics, deps_.config.max_inflight);
  if (!slot.admitted()) return SendError(ex, res, OverloadedStatus());
  auto result = [&] {
    RunningMark running(deps_.metrics);
    return deps_.engine.Detect(parsed->image, DetectOptions{QualityFilter::kAuto});
  }();
  if (!result.ok()) return SendError(ex, res, result.status());
  SendJson(ex, res, api::Dump(rekognition::DetectFacesJson(*result, parsed->all_attributes)));
}

}  // namespace idmatch::server
