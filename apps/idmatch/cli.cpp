#include "cli.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/json.h"
#include "server/server_config.h"

namespace idmatch::cli {

std::optional<std::string> Args::Get(const std::string& flag) const {
  auto it = flags.find(flag);
  if (it == flags.end()) return std::nullopt;
  return it->second;
}

Result<Args> ParseArgs(int argc, char** argv, int first, const std::vector<std::string>& value_flags,
                       const std::vector<std::string>& switches) {
  Args args;
  auto contains = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  for (int i = first; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--", 0) != 0 || a == "--") {
      args.positional.push_back(a);
      continue;
    }
    std::string name = a, value;
    const auto eq = a.find('=');
    if (eq != std::string::npos) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
    }
    if (contains(switches, name)) {
      args.flags[name] = "";
    } else if (contains(value_flags, name)) {
      if (eq == std::string::npos) {
        if (i + 1 >= argc) return Status(ErrorCode::kInvalidArgument, name + " needs a value");
        value = argv[++i];
      }
      args.flags[name] = value;
    } else {
      return Status(ErrorCode::kInvalidArgument, "unknown option " + name);
    }
  }
  return args;
}

std::vector<std::string> WithSettingFlags(std::vector<std::string> flags) {
  for (auto& f : server::SettingFlags()) flags.push_back(std::move(f));
  return flags;
}

Status ApplySettingFlags(const Args& args, server::ServerConfig& config) {
  for (const auto& [flag, value] : args.flags) {
    const auto* row = server::FindSettingByFlag(flag);
    if (row == nullptr) continue;  // the command's own flag
    if (Status s = ParseInto(*row, value, config); !s.ok()) return Status(s.code(), flag + ": " + s.message());
  }
  return Status::Ok();
}

Result<std::unique_ptr<Engine>> MakeEngine(const Args& args, bool exhaustive_detection) {
  server::ServerConfig config;
  if (Status s = server::ApplyEnvironment(config); !s.ok()) return s;
  if (Status s = ApplySettingFlags(args, config); !s.ok()) return s;
  if (exhaustive_detection) config.engine.detector.exhaustive = true;
  return Engine::Create(config.engine);
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(ErrorCode::kInvalidArgument, "cannot read file " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Status CheckOutputFiles(const Args& args, const std::vector<std::string>& flags) {
  for (const auto& flag : flags) {
    const auto path = args.Get(flag);
    if (!path) continue;
    if (!std::ofstream(*path, std::ios::binary)) {
      return Status(ErrorCode::kInvalidArgument, flag + ": cannot write file " + *path);
    }
  }
  return Status::Ok();
}

int RunSettings(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 2, {}, {"--markdown", "--common"});
  if (!args.ok()) return Fail(args.status(), false);
  const auto docs = server::SettingDocs();
  if (args->Has("--markdown")) {
    std::cout << SettingsMarkdown(docs, args->Has("--common"));
    return 0;
  }
  for (const auto& d : docs) {
    std::cout << d.key << " (" << d.names[0] << ", " << d.names[1] << ")  default " << d.default_text << "  ["
              << d.range << "]\n    " << d.doc << "\n";
  }
  return 0;
}

int Fail(const Status& status, bool json) {
  if (json) {
    std::cout << api::Dump(api::ErrorJson(status), 2) << "\n";
  } else {
    std::cerr << "idmatch: " << ErrorCodeName(status.code()) << ": " << status.message() << "\n";
    for (const auto& reason : status.details()) std::cerr << "reason: " << reason << "\n";
  }
  return ExitCodeFor(status.code());
}

}  // namespace idmatch::cli
