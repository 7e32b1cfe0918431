// Shared pieces of the idmatch command-line tool.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "idmatch/engine.h"

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

// Engine from the common flags (--model-dir, --threshold).
Result<std::unique_ptr<Engine>> MakeEngine(const Args& args, bool exhaustive_detection);

Result<std::string> ReadFile(const std::string& path);

// Prints a status as text or JSON on stderr/stdout and returns its exit code.
int Fail(const Status& status, bool json);

int RunCompare(int argc, char** argv);
int RunDetect(int argc, char** argv);
int RunDocument(int argc, char** argv);
int RunEval(int argc, char** argv);
int RunServe(int argc, char** argv);
int RunKeys(int argc, char** argv);
int RunAudit(int argc, char** argv);
int RunRemoteCompare(const Args& args, const std::string& source, const std::string& target);

}  // namespace idmatch::cli
