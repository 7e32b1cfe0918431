// idmatch command-line entry point: dispatches to subcommands.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "cli.h"

namespace {

constexpr const char* kUsage = R"(idmatch: does a selfie show the same person as an ID document photo?

usage:
  idmatch serve [--host H] [--port P] [--data-dir DIR] [--config FILE] [--no-auth]
  idmatch keys create|list|revoke [ID] [--data-dir DIR] [--name NAME] [--role user|admin] [--aws]
  idmatch audit export [--data-dir DIR] [--since ISO8601] [--until ISO8601] [--decision D | --liveness] > file.jsonl
  idmatch compare SOURCE TARGET [--json] [--threshold T] [--model-dir DIR]
  idmatch compare SOURCE TARGET --url URL --api-key KEY [--json]   (client of a running server)
  idmatch detect IMAGE [--json] [--model-dir DIR]
  idmatch document IMAGE [IMAGE...] [--sides] [--json] [--min-age N]   (PDF417/AAMVA and ICAO MRZ)
  idmatch liveness FRAME FRAME... --challenge left,right [--timestamps MS,...] [--json]   (a guided capture)
  idmatch eval PAIRS.csv [--images DIR] [--json] [--scores OUT.csv] [--flip none|target|both] [--model-dir DIR]
  idmatch eval --identities FILE [--images DIR] [--json] [--det OUT.svg] [--false-matches OUT.csv] [--profile P]   (all-vs-all)
  idmatch settings [--markdown [--common]]   (every setting: file key, IDMATCH_* variable, flag, range)
  idmatch version

SOURCE is the selfie, TARGET the photo of the ID document. Exit codes: 0 success
(match or not), 2 bad input (the message names the problem), 1 internal error.
Models are read from --model-dir, $IDMATCH_MODEL_DIR or ~/.cache/idmatch/models
(fetched and verified by scripts/fetch-models.sh). serve, compare, detect and
eval take every setting as a flag (--max-inflight 8) or IDMATCH_* variable.
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string cmd = argv[1];
  try {
    if (cmd == "serve") return idmatch::cli::RunServe(argc, argv);
    if (cmd == "keys") return idmatch::cli::RunKeys(argc, argv);
    if (cmd == "audit") return idmatch::cli::RunAudit(argc, argv);
    if (cmd == "compare") return idmatch::cli::RunCompare(argc, argv);
    if (cmd == "detect") return idmatch::cli::RunDetect(argc, argv);
    if (cmd == "document") return idmatch::cli::RunDocument(argc, argv);
    if (cmd == "liveness") return idmatch::cli::RunLiveness(argc, argv);
    if (cmd == "eval") return idmatch::cli::RunEval(argc, argv);
    if (cmd == "settings") return idmatch::cli::RunSettings(argc, argv);
    if (cmd == "version") {
      std::printf("idmatch %s\n", IDMATCH_VERSION);
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "idmatch: internal error: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "idmatch: unknown command '%s'\n\n%s", cmd.c_str(), kUsage);
  return 2;
}
