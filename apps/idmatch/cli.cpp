#include "cli.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/json.h"

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

Result<std::unique_ptr<Engine>> MakeEngine(const Args& args, bool exhaustive_detection) {
  EngineConfig config;
  if (auto dir = args.Get("--model-dir")) config.model_dir = *dir;
  if (auto t = args.Get("--threshold")) {
    try {
      size_t used = 0;
      config.match_threshold = std::stof(*t, &used);
      if (used != t->size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      return Status(ErrorCode::kInvalidArgument, "--threshold must be a number between 0 and 100");
    }
    if (config.match_threshold <= 0 || config.match_threshold > 100)
      return Status(ErrorCode::kInvalidArgument, "--threshold must be a number in (0, 100]");
  }
  if (auto flip = args.Get("--flip")) {
    if (*flip == "none")
      config.flip_augment = FlipAugment::kNone;
    else if (*flip == "target")
      config.flip_augment = FlipAugment::kTargetOnly;
    else if (*flip == "both")
      config.flip_augment = FlipAugment::kBoth;
    else
      return Status(ErrorCode::kInvalidArgument, "--flip must be none, target or both");
  }
  if (auto profile = args.Get("--profile")) {
    auto parsed = ParseModelProfile(*profile);
    if (!parsed) return Status(ErrorCode::kInvalidArgument, "--profile must be default, open or fusion");
    config.model_profile = *parsed;
  }
  config.detector.exhaustive = exhaustive_detection;
  return Engine::Create(config);
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(ErrorCode::kInvalidArgument, "cannot read file " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
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
