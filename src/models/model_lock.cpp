#include "models/model_lock.h"

#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <memory>
#include <sstream>

#include "core/sha256.h"

namespace idmatch::models {
namespace {

std::vector<std::string> SplitWhitespace(std::string_view line) {
  std::istringstream in{std::string(line)};
  std::vector<std::string> out;
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, ',')) out.push_back(item);
  return out;
}

bool IsHex64(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

const LockedModel* ModelLock::Find(std::string_view role) const {
  for (const auto& m : models) {
    if (m.role == role) return &m;
  }
  return nullptr;
}

const LockedPackage* ModelLock::Package(std::string_view name) const {
  for (const auto& p : packages) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

Result<ModelLock> ParseModelLock(std::string_view text) {
  ModelLock lock;
  std::istringstream in{std::string(text)};
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    const auto words = SplitWhitespace(line);
    if (words.empty() || words[0].starts_with("#")) continue;
    auto bad = [&](const std::string& why) {
      return Status(ErrorCode::kConfigInvalid, "models.lock line " + std::to_string(line_no) + ": " + why);
    };
    if (words[0] == "package") {
      if (words.size() != 4 || !IsHex64(words[3])) return bad("expected: package NAME VERSION SHA256");
      lock.packages.push_back({words[1], words[2], words[3]});
    } else if (words[0] == "model") {
      if (words.size() != 7 || !IsHex64(words[4])) return bad("expected: model ROLE PACKAGE PATH SHA256 INPUT OUTPUTS");
      if (lock.Package(words[2]) == nullptr) return bad("package " + words[2] + " is not declared above");
      lock.models.push_back({words[1], words[2], words[3], words[4], words[5], SplitComma(words[6])});
    } else if (words[0] == "generate") {
      if (words.size() != 4) return bad("expected: generate PACKAGE PATH TOOL");
      if (lock.Package(words[1]) == nullptr) return bad("package " + words[1] + " is not declared above");
      lock.generated.push_back({words[1], words[2], words[3]});
    } else {
      return bad("unknown entry '" + words[0] + "'");
    }
  }
  return lock;
}

std::string ResolveModelDir(const std::string& configured) {
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("IDMATCH_MODEL_DIR"); env != nullptr && *env != '\0') return env;
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : ".") + "/.cache/idmatch/models";
}

Result<std::vector<unsigned char>> ReadVerifiedModel(const std::string& model_dir, const LockedModel& model) {
  const std::string path = model_dir + "/" + model.package + "/" + model.path;
  // One sized read: a byte-at-a-time copy took ~5 s per engine in the
  // unoptimised ASan build.
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in ? std::streamoff(in.tellg()) : -1;
  std::vector<unsigned char> bytes(size > 0 ? size_t(size) : 0);
  if (size >= 0) {
    in.seekg(0);
    in.read(reinterpret_cast<char*>(bytes.data()), size);
  }
  if (size < 0 || !in) {
    return Status(ErrorCode::kModelIntegrity,
                  "model file " + path + " is missing; run scripts/fetch-models.sh (or make build)");
  }
  const std::string sha = sha256::Hex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  if (sha != model.sha256) {
    return Status(ErrorCode::kModelIntegrity, "model file " + path + " has SHA-256 " + sha +
                                                  " but models/models.lock pins " + model.sha256 +
                                                  "; delete it and run scripts/fetch-models.sh");
  }
  return bytes;
}

Result<std::string> VerifiedModelPath(const std::string& model_dir, const LockedModel& model) {
  auto bytes = ReadVerifiedModel(model_dir, model);
  if (!bytes.ok()) return bytes.status();
  return model_dir + "/" + model.package + "/" + model.path;
}

}  // namespace idmatch::models
