// `idmatch serve` and `idmatch keys create|list|revoke`.
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include "api/json.h"
#include "cli.h"
#include "core/log.h"
#include "server/http_server.h"
#include "store/audit_log.h"
#include "store/aws_credentials.h"
#include "store/challenge_store.h"
#include "store/retention.h"
#include "store/sql_db.h"
#include "store/store.h"

namespace idmatch::cli {
namespace {

Result<server::ServerConfig> LoadServerConfig(const Args& args) {
  server::ServerConfig config;
  if (auto file = args.Get("--config")) {
    if (Status s = server::ApplyConfigFile(*file, config); !s.ok()) return s;
  }
  if (Status s = server::ApplyEnvironment(config); !s.ok()) return s;
  if (Status s = ApplySettingFlags(args, config); !s.ok()) return s;
  if (args.Has("--no-auth")) config.auth = false;
  if (config.data_dir.empty()) config.data_dir = server::DefaultDataDir();
  if (Status s = config.Validate(); !s.ok()) return s;
  return config;
}

// keys/audit: the store settings from the environment, then the flags:
// --database URL, else $IDMATCH_DATABASE (or _URL), else --data-dir / the
// default directory; --aws-master-key-file, else $IDMATCH_AWS_MASTER_KEY_FILE,
// else aws-master.key in the data directory.
server::ServerConfig StoreConfig(const Args& args) {
  server::ServerConfig config;
  (void)server::ApplyEnvironment(config);  // a bad unrelated variable must not stop `keys`
  if (auto url = args.Get("--database")) config.database = *url;
  config.data_dir = args.Get("--data-dir").value_or(server::DefaultDataDir());
  if (auto path = args.Get("--aws-master-key-file")) config.aws_master_key_file = *path;
  return config;
}

std::string StoreLocation(const Args& args) { return StoreConfig(args).StoreLocation(); }

// keys: the AWS master secret file; a PostgreSQL store must name the file
// its replicas share.
Result<std::string> AwsMasterKeyPath(const Args& args) {
  const server::ServerConfig config = StoreConfig(args);
  if (config.aws_master_key_file.empty() && store::IsPostgresUrl(config.StoreLocation())) {
    return Status(ErrorCode::kInvalidArgument,
                  "with a PostgreSQL store, give --aws-master-key-file (the file every replica is given)");
  }
  return config.AwsMasterKeyPath();
}

}  // namespace

int RunServe(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 2, WithSettingFlags({"--config"}), {"--no-auth"});
  if (!args.ok()) return Fail(args.status(), false);
  auto config = LoadServerConfig(*args);
  if (!config.ok()) return Fail(config.status(), false);

  // SIGTERM/SIGINT are handled by one watcher thread (blocked everywhere else).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto opened = store::Store::Open(config->StoreLocation());
  if (!opened.ok()) return Fail(opened.status(), false);
  std::shared_ptr<store::Store> db = std::move(opened).value();
  store::KeyStore& key_store = db->keys();
  if (config->auth) {
    auto count = key_store.Count();
    if (!count.ok()) return Fail(count.status(), false);
    if (*count == 0) {
      auto first = key_store.Create("first-key", store::KeyRole::kAdmin);
      if (!first.ok()) return Fail(first.status(), false);
      std::printf("Created the first API key (admin role). It is shown only this once; store it now:\n%s\n",
                  first->secret.c_str());
      std::fflush(stdout);
    }
  } else {
    IDMATCH_LOG_WARNING("authentication is OFF (--no-auth): every client can use this server; local use only");
  }
  auto engine = Engine::Create(config->engine);
  if (!engine.ok()) return Fail(engine.status(), false);
  std::shared_ptr<Engine> shared_engine = std::move(engine).value();
  auto srv = server::HttpServer::Create(*config, server::EngineVerifier(shared_engine), db);
  if (!srv.ok()) return Fail(srv.status(), false);
  auto port = (*srv)->Bind();
  if (!port.ok()) return Fail(port.status(), false);
  IDMATCH_LOG_INFO("listening on http://" + config->host + ":" + std::to_string(*port) + " (models " +
                   shared_engine->model_versions() + ", data " + db->path() + ")");
  std::printf("idmatch listening on http://%s:%d\n", config->host.c_str(), *port);
  std::fflush(stdout);
  // From here on what libraries print on stderr (libjpeg's corrupt-data
  // warnings) goes into the JSON log as lines with "source":"library".
  if (!log::CaptureLibraryOutput()) IDMATCH_LOG_WARNING("library messages could not be routed into the JSON log");

  server::HttpServer* raw = srv->get();
  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool run_returned = false;
  const int drain_s = config->drain_timeout_s;
  std::thread watcher([&, raw] {
    int sig = 0;
    sigwait(&signals, &sig);
    {
      std::lock_guard lock(stop_mutex);
      if (run_returned) return;  // woken because Run() ended on its own
    }
    IDMATCH_LOG_INFO("signal " + std::to_string(sig) + ": draining in-flight requests (up to " +
                     std::to_string(drain_s) + " s) and stopping");
    raw->Stop();
    // The drain is bounded: connections a client keeps open (trickling
    // headers, an idle keep-alive) must not hold the process.
    std::unique_lock lock(stop_mutex);
    if (!stop_cv.wait_for(lock, std::chrono::seconds(drain_s), [&] { return run_returned; })) {
      IDMATCH_LOG_WARNING("drain timeout: " + std::to_string(drain_s) +
                          " s passed with connections still open; exiting without them");
      std::fflush(nullptr);
      std::_Exit(0);
    }
  });
  // Background jobs belong to the service, not to the HTTP layer.
  store::AuditRetention retention(db->audit(), config->audit_retention_days, std::chrono::hours(1), &db->challenges());
  (*srv)->Run();
  {
    std::lock_guard lock(stop_mutex);
    run_returned = true;
  }
  stop_cv.notify_all();
  // Run() returns after Stop() (or a listen failure); wake the watcher if it still waits for a signal.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  IDMATCH_LOG_INFO("stopped cleanly");
  return 0;
}

namespace {

// Writes every page of `q` (a query with since/until, limit and the keyset
// cursor) as JSON lines, oldest first, and says how many on stderr.
template <typename Query, typename ListFn, typename JsonFn>
int ExportPages(Query q, const Args& args, const ListFn& list, const JsonFn& to_json, const char* what) {
  q.since = args.Get("--since").value_or("");
  q.until = args.Get("--until").value_or("");
  q.limit = 1000;
  long long rows = 0;
  while (true) {
    auto page = list(q);
    if (!page.ok()) return Fail(page.status(), false);
    for (const auto& r : page->records) std::cout << api::Dump(to_json(r)) << "\n";
    rows += static_cast<long long>(page->records.size());
    if (!page->more) break;
    q.after_created_at = page->records.back().created_at;
    q.after_id = page->records.back().id;
  }
  std::cout.flush();
  std::fprintf(stderr, "exported %lld %s\n", rows, what);
  return 0;
}

}  // namespace

int RunAudit(int argc, char** argv) {
  auto args =
      ParseArgs(argc, argv, 3, {"--data-dir", "--database", "--since", "--until", "--decision"}, {"--liveness"});
  if (!args.ok()) return Fail(args.status(), false);
  const std::string verb = argc > 2 ? argv[2] : "";
  if (verb != "export") {
    return Fail(
        Status(ErrorCode::kInvalidArgument,
               "usage: idmatch audit export [--data-dir DIR | --database URL] [--since ISO8601] [--until ISO8601] "
               "[--decision match|no_match | --liveness] > file.jsonl"),
        false);
  }
  if (args->Has("--liveness") && args->Get("--decision")) {
    return Fail(Status(ErrorCode::kInvalidArgument,
                       "--decision filters verifications; liveness sessions are exported whole (--liveness)"),
                false);
  }
  auto db = store::Store::Open(StoreLocation(*args));
  if (!db.ok()) return Fail(db.status(), false);
  if (args->Has("--liveness")) {
    // One line per liveness challenge with its decision; never a frame (none is stored).
    return ExportPages(
        store::ChallengeQuery{}, *args, [&](const store::ChallengeQuery& q) { return (*db)->challenges().List(q); },
        store::ChallengeRecordJson, "liveness sessions");
  }
  store::AuditQuery q;
  q.decision = args->Get("--decision").value_or("");
  return ExportPages(
      q, *args, [&](const store::AuditQuery& query) { return (*db)->audit().List(query); }, store::AuditRecordJson,
      "audit records");
}

int RunKeys(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 3, {"--data-dir", "--database", "--name", "--role", "--aws-master-key-file"},
                        {"--json", "--aws"});
  if (!args.ok()) return Fail(args.status(), false);
  const std::string verb = argc > 2 ? argv[2] : "";
  auto store = store::Store::Open(StoreLocation(*args));
  if (!store.ok()) return Fail(store.status(), false);
  if (verb == "create") {
    const auto role = store::ParseKeyRole(args->Get("--role").value_or("user"));
    if (!role) return Fail(Status(ErrorCode::kInvalidArgument, "--role must be user or admin"), false);
    const bool aws = args->Has("--aws");
    std::string master;
    if (aws) {
      // The master secret first: no key is created that could never authenticate.
      auto path = AwsMasterKeyPath(*args);
      if (!path.ok()) return Fail(path.status(), false);
      auto loaded = store::LoadAwsMasterSecret(*path, /*create=*/true);
      if (!loaded.ok()) return Fail(loaded.status(), false);
      master = std::move(loaded).value();
    }
    auto k = (*store)->keys().Create(args->Get("--name").value_or("key"), *role, aws);
    if (!k.ok()) return Fail(k.status(), false);
    std::printf("created key id %s (name %s, role %s); the key is shown only now:\n%s\n", k->info.id.c_str(),
                k->info.name.c_str(), std::string(store::KeyRoleName(k->info.role)).c_str(), k->secret.c_str());
    if (aws) {
      // Last line alone: ACCESS_KEY_ID SECRET (for AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
      std::printf("AWS credentials (Signature V4, service rekognition), shown only now:\n%s %s\n",
                  k->aws_access_key_id.c_str(), store::DeriveAwsSecret(master, k->aws_access_key_id).c_str());
    }
    return 0;
  }
  if (verb == "list") {
    auto list = (*store)->keys().List();
    if (!list.ok()) return Fail(list.status(), false);
    std::printf("%-16s  %-6s  %-20s  %-20s  %s\n", "ID", "ROLE", "CREATED", "REVOKED", "NAME");
    for (const auto& k : *list) {
      std::printf("%-16s  %-6s  %-20s  %-20s  %s\n", k.id.c_str(), std::string(store::KeyRoleName(k.role)).c_str(),
                  k.created_at.c_str(), k.revoked_at.value_or("-").c_str(), k.name.c_str());
    }
    return 0;
  }
  if (verb == "revoke" && args->positional.size() == 1) {
    if (Status s = (*store)->keys().Revoke(args->positional[0]); !s.ok()) return Fail(s, false);
    std::printf("revoked %s\n", args->positional[0].c_str());
    return 0;
  }
  return Fail(Status(ErrorCode::kInvalidArgument,
                     "usage: idmatch keys create|list|revoke [ID] [--data-dir DIR] [--name NAME] [--role user|admin] "
                     "[--aws [--aws-master-key-file F]]"),
              false);
}

}  // namespace idmatch::cli
