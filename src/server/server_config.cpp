#include "server/server_config.h"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

namespace idmatch::server {
namespace {

Status Bad(const std::string& key, const std::string& why) {
  return Status(ErrorCode::kConfigInvalid, "configuration '" + key + "' " + why);
}

template <typename T>
Status ParseNumber(const std::string& key, const std::string& value, T& out) {
  try {
    size_t used = 0;
    if constexpr (std::is_floating_point_v<T>) {
      out = static_cast<T>(std::stod(value, &used));
    } else {
      const long long v = std::stoll(value, &used);
      if (v < 0) return Bad(key, "must not be negative");
      out = static_cast<T>(v);
    }
    if (used != value.size()) return Bad(key, "must be a number, got '" + value + "'");
  } catch (const std::exception&) {
    return Bad(key, "must be a number, got '" + value + "'");
  }
  return Status::Ok();
}

Status ParseBool(const std::string& key, const std::string& value, bool& out) {
  if (value == "true" || value == "1")
    out = true;
  else if (value == "false" || value == "0")
    out = false;
  else
    return Bad(key, "must be true or false, got '" + value + "'");
  return Status::Ok();
}

}  // namespace

std::string DefaultDataDir() {
  if (const char* env = std::getenv("IDMATCH_DATA_DIR"); env && *env) return env;
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : "/var/tmp") + "/.local/share/idmatch";
}

Status ApplySetting(const std::string& key, const std::string& value, ServerConfig& c) {
  if (key == "host")
    c.host = value;
  else if (key == "port")
    return ParseNumber(key, value, c.port);
  else if (key == "data_dir")
    c.data_dir = value;
  else if (key == "database")
    c.database = value;
  else if (key == "max_body_bytes")
    return ParseNumber(key, value, c.max_body_bytes);
  else if (key == "read_timeout_s")
    return ParseNumber(key, value, c.read_timeout_s);
  else if (key == "write_timeout_s")
    return ParseNumber(key, value, c.write_timeout_s);
  else if (key == "http_threads")
    return ParseNumber(key, value, c.http_threads);
  else if (key == "max_inflight")
    return ParseNumber(key, value, c.max_inflight);
  else if (key == "rate_limit_per_second")
    return ParseNumber(key, value, c.rate_limit_per_second);
  else if (key == "rate_limit_burst")
    return ParseNumber(key, value, c.rate_limit_burst);
  else if (key == "auth")
    return ParseBool(key, value, c.auth);
  else if (key == "audit_retention_days")
    return ParseNumber(key, value, c.audit_retention_days);
  else if (key == "document_minimum_age")
    return ParseNumber(key, value, c.engine.document.minimum_age);
  else if (key == "document_in_compare")
    return ParseBool(key, value, c.engine.document.read_in_compare);
  else if (key == "model_profile") {
    const auto profile = ParseModelProfile(value);
    if (!profile) return Status(ErrorCode::kConfigInvalid, "model_profile must be default, open or fusion");
    c.engine.model_profile = *profile;
  } else if (key == "audit_store_embeddings")
    return ParseBool(key, value, c.audit_store_embeddings);
  else if (key == "audit_store_document_number")
    return ParseBool(key, value, c.audit_store_document_number);
  else if (key == "fault_injection")
    return ParseBool(key, value, c.fault_injection);
  else if (key == "model_dir")
    c.engine.model_dir = value;
  else if (key == "workers")
    return ParseNumber(key, value, c.engine.workers);
  else if (key == "match_threshold")
    return ParseNumber(key, value, c.engine.match_threshold);
  else if (key == "max_image_bytes")
    return ParseNumber(key, value, c.engine.limits.max_bytes);
  else if (key == "max_image_pixels")
    return ParseNumber(key, value, c.engine.limits.max_pixels);
  else if (key == "max_faces")
    return ParseNumber(key, value, c.engine.max_faces);
  else if (key == "flip_augment") {
    if (value == "none" || value == "false")
      c.engine.flip_augment = FlipAugment::kNone;
    else if (value == "target")
      c.engine.flip_augment = FlipAugment::kTargetOnly;
    else if (value == "both" || value == "true")
      c.engine.flip_augment = FlipAugment::kBoth;
    else
      return Bad(key, "must be none, target or both, got '" + value + "'");
  } else if (key == "opencv_threads")
    return ParseNumber(key, value, c.engine.opencv_threads);
  else if (key == "liveness")
    return ParseBool(key, value, c.engine.liveness.enabled);
  else if (key == "liveness_threshold")
    return ParseNumber(key, value, c.engine.liveness.threshold);
  else if (key == "quality")
    return ParseBool(key, value, c.engine.assess_quality);
  else if (key == "head_pose") {
    if (value == "cascade")
      c.engine.head_pose = HeadPoseMethod::kCascade;
    else if (value == "network")
      c.engine.head_pose = HeadPoseMethod::kNetwork;
    else
      return Bad(key, "must be cascade or network, got '" + value + "'");
  } else
    return Status(ErrorCode::kConfigInvalid, "unknown configuration key '" + key + "'");
  return Status::Ok();
}

Status ApplyConfigFile(const std::string& path, ServerConfig& c) {
  std::ifstream in(path);
  if (!in) return Status(ErrorCode::kConfigInvalid, "cannot read config file " + path);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status(ErrorCode::kConfigInvalid, "config file " + path + " is not a JSON object");
  }
  for (const auto& [key, value] : j.items()) {
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    if (Status s = ApplySetting(key, text, c); !s.ok()) return Status(s.code(), path + ": " + s.message());
  }
  return Status::Ok();
}

Status ApplyEnvironment(ServerConfig& c) {
  static const std::map<std::string, std::string> kEnv = {
      {"IDMATCH_HOST", "host"},
      {"IDMATCH_PORT", "port"},
      {"IDMATCH_DATA_DIR", "data_dir"},
      {"IDMATCH_DATABASE_URL", "database"},
      {"IDMATCH_AUDIT_STORE_EMBEDDINGS", "audit_store_embeddings"},
      {"IDMATCH_AUDIT_STORE_DOCUMENT_NUMBER", "audit_store_document_number"},
      {"IDMATCH_MODEL_DIR", "model_dir"},
      {"IDMATCH_MODEL_PROFILE", "model_profile"},
      {"IDMATCH_MAX_BODY_BYTES", "max_body_bytes"},
      {"IDMATCH_MAX_INFLIGHT", "max_inflight"},
      {"IDMATCH_HTTP_THREADS", "http_threads"},
      {"IDMATCH_WORKERS", "workers"},
      {"IDMATCH_MATCH_THRESHOLD", "match_threshold"},
      {"IDMATCH_RATE_LIMIT_PER_SECOND", "rate_limit_per_second"},
      {"IDMATCH_OPENCV_THREADS", "opencv_threads"},
      {"IDMATCH_FLIP_AUGMENT", "flip_augment"},
      {"IDMATCH_LIVENESS", "liveness"},
      {"IDMATCH_LIVENESS_THRESHOLD", "liveness_threshold"},
      {"IDMATCH_QUALITY", "quality"},
      {"IDMATCH_HEAD_POSE", "head_pose"},
  };
  for (const auto& [env, key] : kEnv) {
    if (const char* v = std::getenv(env.c_str()); v && *v) {
      if (Status s = ApplySetting(key, v, c); !s.ok()) return Status(s.code(), env + ": " + s.message());
    }
  }
  return Status::Ok();
}

Status ServerConfig::Validate() const {
  if (host.empty()) return Bad("host", "must not be empty");
  if (!database.empty() && database.rfind("postgres://", 0) != 0 && database.rfind("postgresql://", 0) != 0)
    return Bad("database", "must be empty (SQLite in data_dir) or a postgres:// URL");
  if (port < 0 || port > 65535) return Bad("port", "must be 0..65535 (0 = any free port)");
  if (max_body_bytes < 1024 || max_body_bytes > 512u * 1024 * 1024)
    return Bad("max_body_bytes", "must be 1 KiB..512 MiB");
  if (read_timeout_s < 1 || read_timeout_s > 600) return Bad("read_timeout_s", "must be 1..600");
  if (write_timeout_s < 1 || write_timeout_s > 600) return Bad("write_timeout_s", "must be 1..600");
  if (max_inflight < 1 || max_inflight > 1024) return Bad("max_inflight", "must be 1..1024");
  if (http_threads < max_inflight + 2 || http_threads > 4096)
    return Bad("http_threads", "must be at least max_inflight + 2 (so overload is answered at once) and at most 4096");
  if (audit_retention_days < 0 || audit_retention_days > 36500) return Bad("audit_retention_days", "must be 0..36500");
  if (rate_limit_per_second < 0) return Bad("rate_limit_per_second", "must be >= 0 (0 disables)");
  if (rate_limit_per_second > 0 && rate_limit_burst < 1) return Bad("rate_limit_burst", "must be >= 1");
  return engine.Validate();
}

}  // namespace idmatch::server
