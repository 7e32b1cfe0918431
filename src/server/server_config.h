// Every limit and setting of `idmatch serve` in one place. Sources, later
// ones overriding earlier: built-in defaults, the JSON file given with
// --config, IDMATCH_* environment variables, command-line flags. Unknown keys
// and bad values stop start-up with a message naming them.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/settings.h"
#include "idmatch/config.h"
#include "idmatch/status.h"

namespace idmatch::server {

struct ServerConfig {
  std::string host = "127.0.0.1";  // loopback by default: expose deliberately
  int port = 8080;
  std::string data_dir;  // SQLite database lives here; default $IDMATCH_DATA_DIR or ~/.local/share/idmatch
  // Empty: embedded SQLite in data_dir. A postgres:// (or postgresql://) URL:
  // keys and audit rows in that PostgreSQL database, shared by every replica
  // given the same URL. Env IDMATCH_DATABASE_URL, flag --database.
  std::string database;
  // Where the store lives: `database` when set, else `data_dir`.
  const std::string& StoreLocation() const { return database.empty() ? data_dir : database; }
  // Request body bytes (the default). Base64 inflates by 4/3, so a JSON
  // body holds two ~6 MB photos; multipart uploads carry raw bytes.
  size_t max_body_bytes = 16u * 1024 * 1024;
  int read_timeout_s = 10;  // a client that stalls longer mid-request is dropped
  // After SIGTERM/SIGINT: in-flight requests get this long to finish, then
  // the process exits whatever clients still hold open (a trickling client
  // must not keep a replica from stopping). Answers already sent have their
  // audit rows committed; a request cut off had none released.
  int drain_timeout_s = 20;
  int write_timeout_s = 10;
  // An idle keep-alive connection (or a new one that sends nothing) is
  // closed after this long.
  int keep_alive_timeout_s = 5;
  // A request's work (waiting for a worker and the engine, then running),
  // from its last body byte: beyond it the next pipeline stage does not
  // start and the client gets 503 DEADLINE_EXCEEDED. A ~1 MP compare takes
  // ~0.1 s; 10 s leaves room for a loaded machine and the open profile.
  int request_timeout_s = 10;
  // A liveness challenge must be answered this long after it was issued
  // (410 CHALLENGE_EXPIRED after). 60 s: the capture takes 3-6 s; the rest
  // is for reading the instructions and granting camera access, while a
  // challenge that stays valid for long gives an attacker time to prepare.
  int liveness_challenge_ttl_s = 60;
  // Open client connections (a slow one costs a socket and its buffered
  // bytes, not a thread). Beyond: 503 OVERLOADED at accept.
  int max_connections = 4096;
  // Open connections from one client address; 0 = no cap. Behind a load
  // balancer every client has its address: raise it or set 0 there.
  int max_connections_per_address = 256;
  // Workers for complete requests (JSON, base64, routing, the engine call);
  // the edge's one event loop does all socket I/O. Must exceed max_inflight
  // so overload answers (503) are never stuck behind work.
  int http_threads = 16;
  // Compare/detect requests admitted at once (running + waiting for a model
  // set). Beyond it the server answers 503 OVERLOADED with Retry-After at once.
  // Default 4: one compare uses both model sets (one per image), so 4 means
  // one running and ~3 waiting, which keeps p99 within ~2x p50.
  int max_inflight = 4;
  // Per-key token bucket: sustained requests per second and burst; 0 = off.
  double rate_limit_per_second = 20;
  int rate_limit_burst = 40;
  // Failed authentications per client address: a token bucket refilled at
  // this rate (per second) up to this burst. An address out of tokens gets
  // 429 RATE_LIMITED before its key is even looked up (a brute-force guard:
  // 20 wrong keys at once, then one per second); a valid key from the same
  // address waits too, so behind a shared proxy set a higher burst.
  // 0 disables. Every failure is logged with the key id tried (never the key).
  double auth_failure_per_second = 1;
  int auth_failure_burst = 20;
  bool auth = true;  // false only with --no-auth, for local use; logged loudly
  // Audit rows older than this many days are purged hourly in the
  // background. 0 keeps them forever: the default, because KYC record-keeping
  // rules (e.g. 5 years under EU AMLD) are the operator's to apply, and rows
  // hold no images or biometric templates.
  int audit_retention_days = 0;
  // Store the two face embeddings (512 floats each, the selfie's and the
  // deciding document face's) in each audit row, for re-scoring or
  // investigation later. Off by default: an embedding is biometric data.
  // Images are never stored (a deliberate limit, docs/api.md).
  bool audit_store_embeddings = false;
  // Store the document number itself in each audit row. Off by default: the
  // row keeps a keyed hash of it instead (links verifications of one document
  // without holding the number), plus the document checks.
  bool audit_store_document_number = false;
  // The Amazon Rekognition JSON 1.1 API (CompareFaces, DetectFaces) is served
  // on POST to this path (docs/migrating-from-rekognition.md); "" turns it off.
  std::string aws_api_path = "/";
  // The master secret AWS keys' secrets are derived from (store/aws_credentials.h).
  // Empty: aws-master.key in data_dir. Replicas on one PostgreSQL store must
  // all be given the same file.
  std::string aws_master_key_file;
  // The AWS region requests must be signed for; "" accepts any region.
  std::string aws_region;
  // Passive liveness and document reading on the AWS routes: off by default,
  // because Rekognition's CompareFaces does neither and SDK code expects none
  // of their refusals.
  bool aws_liveness = false;
  bool aws_document = false;
  // Browser pages on other origins that may call the API (CORS,
  // server/cors.h): "" (the default) allows none, "*" any, else a
  // comma-separated list such as "https://app.example.com,https://kyc.example.com".
  // Off by default: a page on another origin should reach idmatch only
  // when the operator says so (keys in browser code are the operator's
  // decision; docs/api.md "Browsers on other origins").
  std::string cors_allowed_origins;
  // The master secret file to use: aws_master_key_file, else data_dir's.
  std::string AwsMasterKeyPath() const {
    return aws_master_key_file.empty() ? data_dir + "/aws-master.key" : aws_master_key_file;
  }
  // Test hook: honour the X-Idmatch-Fault header (throws inside a handler) so
  // tests can prove exception text never reaches clients. Never enable in production.
  bool fault_injection = false;
  EngineConfig engine;

  Status Validate() const;
};

// The one settings table (core/settings.h): the server's rows, then the
// engine's (core/engine_settings.h) reached through `engine`. docs/api.md and
// the README's configuration tables are generated from it
// (`idmatch settings --markdown`) and checked against it by a test.
const std::vector<SettingRow<ServerConfig>>& Settings();
// The row of a config-file key ("max_inflight"), or null.
const SettingRow<ServerConfig>* FindSetting(std::string_view key);
// The row of a command-line flag ("--max-inflight" or an alias such as
// "--threshold"), or null.
const SettingRow<ServerConfig>* FindSettingByFlag(std::string_view flag);
// Every flag the table accepts (for the CLI's argument parser).
std::vector<std::string> SettingFlags();
std::vector<SettingDoc> SettingDocs();

// Applies a JSON config file (flat keys, see docs/api.md).
Status ApplyConfigFile(const std::string& path, ServerConfig& config);
// Applies IDMATCH_<KEY> for every setting (and the aliases that shipped, e.g.
// IDMATCH_DATABASE_URL).
Status ApplyEnvironment(ServerConfig& config);
// One setting by its config-file key, parsed and range-checked by its row.
Status ApplySetting(const std::string& key, const std::string& value, ServerConfig& config);

std::string DefaultDataDir();

}  // namespace idmatch::server
