// Shared pieces of the idmatch command-line tool.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "idmatch/engine.h"
#include "server/server_config.h"

namespace idmatch::cli {

// Parsed "--flag value" / "--switch" arguments plus positionals.
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;  // "--json" -> "" for switches

  bool Has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::optional<std::string> Get(const std::string& flag) const;
};

// `switches` take no value; every other --flag takes the next argument.
// Unknown flags are an error naming them.
Result<Args> ParseArgs(int argc, char** argv, int first, const std::vector<std::string>& value_flags,
                       const std::vector<std::string>& switches);

// `flags` plus every setting's flag (server/server_config.h's table).
std::vector<std::string> WithSettingFlags(std::vector<std::string> flags);
// Applies the setting flags present in `args` through the settings table.
Status ApplySettingFlags(const Args& args, server::ServerConfig& config);
// Engine from the IDMATCH_* environment and the setting flags (--threshold,
// --profile, --model-dir, ...), each parsed and checked by its table row.
Result<std::unique_ptr<Engine>> MakeEngine(const Args& args, bool exhaustive_detection);

Result<std::string> ReadFile(const std::string& path);
// Each of `flags` present in `args` names a file the command will write at
// its end: each is opened for writing now (created or emptied), so a path
// that cannot be written fails before minutes of work, not silently after.
Status CheckOutputFiles(const Args& args, const std::vector<std::string>& flags);

// Prints a status as text or JSON on stderr/stdout and returns its exit code.
int Fail(const Status& status, bool json);

int RunCompare(int argc, char** argv);
int RunDetect(int argc, char** argv);
int RunDocument(int argc, char** argv);
int RunLiveness(int argc, char** argv);
int RunEval(int argc, char** argv);
// eval --identities: all-vs-all over an identity list (cmd_eval_identities.cpp).
int RunEvalIdentities(const Args& args);
int RunSettings(int argc, char** argv);
int RunServe(int argc, char** argv);
int RunKeys(int argc, char** argv);
int RunAudit(int argc, char** argv);
int RunRemoteCompare(const Args& args, const std::string& source, const std::string& target);

}  // namespace idmatch::cli
