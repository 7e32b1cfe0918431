#include "server/server_config.h"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/engine_settings.h"
#include "server/cors.h"

namespace idmatch::server {
namespace {

using C = ServerConfig;

std::vector<SettingRow<C>> ServerRows() {
  constexpr auto kWhole = SettingKind::kWhole;
  constexpr auto kNumber = SettingKind::kNumber;
  std::vector<SettingRow<C>> r;
  r.push_back(TextSetting<C>(
      "host", "127.0.0.1", "listen address (loopback by default: expose deliberately)",
      [](auto& c) -> auto& { return c.host; }));
  r.back().common = true;
  r.push_back(NumberSetting<C>(
      "port", kWhole, 0, 65535, "8080", "listen port; 0 = any free port", [](auto& c) -> auto& { return c.port; }));
  r.back().common = true;
  r.push_back(TextSetting<C>(
      "data_dir", "`~/.local/share/idmatch`", "where the SQLite database lives",
      [](auto& c) -> auto& { return c.data_dir; }));
  r.back().common = true;
  r.push_back(TextSetting<C>(
      "database", "empty (SQLite in `data_dir`)",
      "a `postgres://` URL: keys and audit rows in PostgreSQL, shared by replicas",
      [](auto& c) -> auto& { return c.database; }));
  r.back().aliases = {"IDMATCH_DATABASE_URL"};
  r.back().common = true;
  r.push_back(NumberSetting<C>(
      "max_body_bytes", kWhole, 1024, 512.0 * 1024 * 1024, "16777216 (16 MiB)",
      "request body bytes; larger: 413 PAYLOAD_TOO_LARGE", [](auto& c) -> auto& { return c.max_body_bytes; }));
  r.back().common = true;
  r.push_back(NumberSetting<C>(
      "read_timeout_s", kWhole, 1, 600, "10", "a client stalled longer mid-request is dropped",
      [](auto& c) -> auto& { return c.read_timeout_s; }));
  r.push_back(NumberSetting<C>(
      "drain_timeout_s", kWhole, 1, 3600, "20",
      "after SIGTERM, in-flight requests get this long; then the process exits whatever clients hold open",
      [](auto& c) -> auto& { return c.drain_timeout_s; }));
  r.push_back(NumberSetting<C>(
      "write_timeout_s", kWhole, 1, 600, "10", "a client not reading the answer is dropped",
      [](auto& c) -> auto& { return c.write_timeout_s; }));
  r.push_back(NumberSetting<C>(
      "keep_alive_timeout_s", kWhole, 1, 600, "5", "an idle connection (or a new one sending nothing) is closed",
      [](auto& c) -> auto& { return c.keep_alive_timeout_s; }));
  r.push_back(NumberSetting<C>(
      "request_timeout_s", kWhole, 1, 3600, "10",
      "a request's work after its body arrived; beyond: 503 DEADLINE_EXCEEDED, the work stopped",
      [](auto& c) -> auto& { return c.request_timeout_s; }));
  r.back().common = true;
  r.push_back(NumberSetting<C>(
      "liveness_challenge_ttl_s", kWhole, 10, 600, "60",
      "a liveness challenge must be answered within this time; after: 410 CHALLENGE_EXPIRED",
      [](auto& c) -> auto& { return c.liveness_challenge_ttl_s; }));
  r.push_back(NumberSetting<C>(
      "max_connections", kWhole, 16, 1e6, "4096", "open client connections; beyond: 503 OVERLOADED and closed at once",
      [](auto& c) -> auto& { return c.max_connections; }));
  r.push_back(NumberSetting<C>(
      "max_connections_per_address", kWhole, 0, 1e6, "256",
      "open connections from one client address (0 = no cap); beyond: 429; raise it behind a load balancer",
      [](auto& c) -> auto& { return c.max_connections_per_address; }));
  r.back().common = true;
  r.push_back(NumberSetting<C>(
      "http_threads", kWhole, 3, 4096, "16",
      "workers for complete requests; at least `max_inflight` + 2 so overload is answered at once",
      [](auto& c) -> auto& { return c.http_threads; }));
  r.push_back(NumberSetting<C>(
      "max_inflight", kWhole, 1, 1024, "4",
      "compare/detect/document requests admitted at once; beyond: 503 OVERLOADED at once",
      [](auto& c) -> auto& { return c.max_inflight; }));
  r.back().common = true;
  r.push_back(NumberSetting<C>(
      "rate_limit_per_second", kNumber, 0, 1e6, "20",
      "per-key sustained requests per second; 0 = off; beyond: 429 RATE_LIMITED",
      [](auto& c) -> auto& { return c.rate_limit_per_second; }));
  r.push_back(NumberSetting<C>(
      "rate_limit_burst", kWhole, 1, 1e6, "40", "per-key burst", [](auto& c) -> auto& { return c.rate_limit_burst; }));
  r.push_back(NumberSetting<C>(
      "auth_failure_per_second", kNumber, 0, 1e6, "1",
      "failed authentications per client address per second (refill); 0 = no throttle",
      [](auto& c) -> auto& { return c.auth_failure_per_second; }));
  r.push_back(NumberSetting<C>(
      "auth_failure_burst", kWhole, 1, 1e6, "20",
      "failed authentications an address may make at once; then 429 RATE_LIMITED, "
      "a valid key included",
      [](auto& c) -> auto& { return c.auth_failure_burst; }));
  r.push_back(SwitchSetting<C>(
      "auth", "true", "require an API key (`--no-auth` for local use only)", [](auto& c) -> auto& { return c.auth; }));
  r.push_back(NumberSetting<C>(
      "audit_retention_days", kWhole, 0, 36500, "0 (keep)", "purge audit rows older than this many days, hourly",
      [](auto& c) -> auto& { return c.audit_retention_days; }));
  r.push_back(SwitchSetting<C>(
      "audit_store_embeddings", "false",
      "keep both face embeddings in each audit row (biometric data: opt in deliberately)",
      [](auto& c) -> auto& { return c.audit_store_embeddings; }));
  r.push_back(SwitchSetting<C>(
      "audit_store_document_number", "false",
      "keep the document number itself in audit rows (a keyed hash is always kept)",
      [](auto& c) -> auto& { return c.audit_store_document_number; }));
  r.push_back(TextSetting<C>(
      "aws_api_path", "`/`",
      "path of the Amazon Rekognition JSON API (CompareFaces, DetectFaces, Signature V4); empty = off",
      [](auto& c) -> auto& { return c.aws_api_path; }));
  r.push_back(TextSetting<C>(
      "aws_master_key_file", "`aws-master.key` in `data_dir`",
      "the secret AWS keys' secrets are derived from (replicas: the same file)",
      [](auto& c) -> auto& { return c.aws_master_key_file; }));
  r.push_back(TextSetting<C>(
      "aws_region", "empty (any)", "the region AWS requests must be signed for",
      [](auto& c) -> auto& { return c.aws_region; }));
  r.push_back(SwitchSetting<C>(
      "aws_liveness", "false", "passive liveness on the AWS CompareFaces route (Rekognition has none)",
      [](auto& c) -> auto& { return c.aws_liveness; }));
  r.push_back(SwitchSetting<C>(
      "aws_document", "false", "read the target as an ID document on the AWS CompareFaces route",
      [](auto& c) -> auto& { return c.aws_document; }));
  r.push_back(TextSetting<C>(
      "cors_allowed_origins", "empty (none)",
      "origins whose browser pages may call the API (CORS): comma-separated `https://host[:port]`, or `*`",
      [](auto& c) -> auto& { return c.cors_allowed_origins; }));
  r.push_back(SwitchSetting<C>(
      "fault_injection", "false", "test hook: honour `X-Idmatch-Fault: throw`; never in production",
      [](auto& c) -> auto& { return c.fault_injection; }));
  return r;
}

}  // namespace

const std::vector<SettingRow<ServerConfig>>& Settings() {
  static const std::vector<SettingRow<C>> rows = [] {
    auto r = ServerRows();
    // The engine's rows, reached through ServerConfig::engine.
    for (const auto& e : EngineSettings())
      r.push_back(Nested<C>(
          e, [](auto& c) -> auto& { return c.engine; }));
    return r;
  }();
  return rows;
}

const SettingRow<ServerConfig>* FindSetting(std::string_view key) {
  for (const auto& row : Settings()) {
    if (row.key == key) return &row;
  }
  return nullptr;
}

const SettingRow<ServerConfig>* FindSettingByFlag(std::string_view flag) {
  for (const auto& row : Settings()) {
    if (FlagName(row.key) == flag) return &row;
    for (auto alias : row.aliases) {
      if (alias == flag && alias.substr(0, 2) == "--") return &row;
    }
  }
  return nullptr;
}

std::vector<std::string> SettingFlags() {
  std::vector<std::string> out;
  for (const auto& row : Settings()) {
    out.push_back(FlagName(row.key));
    for (auto alias : row.aliases) {
      if (alias.substr(0, 2) == "--") out.emplace_back(alias);
    }
  }
  return out;
}

std::vector<SettingDoc> SettingDocs() {
  std::vector<SettingDoc> out;
  for (const auto& row : Settings()) out.push_back(DocOf(row));
  return out;
}

std::string DefaultDataDir() {
  if (const char* env = std::getenv("IDMATCH_DATA_DIR"); env && *env) return env;
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : "/var/tmp") + "/.local/share/idmatch";
}

Status ApplySetting(const std::string& name, const std::string& value, ServerConfig& c) {
  const auto* row = FindSetting(name);
  if (row == nullptr) return Status(ErrorCode::kConfigInvalid, "unknown configuration key '" + name + "'");
  return ParseInto(*row, value, c);
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
  for (const auto& row : Settings()) {
    std::vector<std::string> names{EnvName(row.key)};
    for (auto alias : row.aliases) {
      if (alias.substr(0, 8) == "IDMATCH_") names.emplace_back(alias);
    }
    for (const auto& env : names) {
      if (const char* v = std::getenv(env.c_str()); v && *v) {
        if (Status s = ParseInto(row, v, c); !s.ok()) return Status(s.code(), env + ": " + s.message());
      }
    }
  }
  return Status::Ok();
}

Status ServerConfig::Validate() const {
  if (Status s = CheckRanges(Settings(), *this); !s.ok()) return s;
  if (host.empty()) return Status(ErrorCode::kConfigInvalid, "configuration 'host' must not be empty");
  if (!database.empty() && database.rfind("postgres://", 0) != 0 && database.rfind("postgresql://", 0) != 0)
    return Status(ErrorCode::kConfigInvalid,
                  "configuration 'database' must be empty (SQLite in data_dir) or a postgres:// URL");
  if (!aws_api_path.empty() && aws_api_path[0] != '/')
    return Status(ErrorCode::kConfigInvalid, "configuration 'aws_api_path' must be empty or start with '/'");
  if (auto cors = CorsPolicy::Parse(cors_allowed_origins); !cors.ok()) return cors.status();
  if (http_threads < max_inflight + 2)
    return Status(ErrorCode::kConfigInvalid,
                  "configuration 'http_threads' must be at least max_inflight + 2 (so overload is answered at once)");
  return engine.Validate();
}

}  // namespace idmatch::server
