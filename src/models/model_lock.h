// The model lock (models/models.lock, compiled into the binary) and the
// integrity check run before any model is loaded.
//
// Thread contract: pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "idmatch/status.h"

namespace idmatch::models {

struct LockedPackage {
  std::string name;     // npm package name
  std::string version;  // pinned version
  std::string tarball_sha256;
};

struct LockedModel {
  std::string role;     // "detector", "landmarks", "embedder", ... (see models.lock)
  std::string package;  // npm package the file comes from
  std::string path;     // path inside the unpacked tarball
  std::string sha256;
  std::string input;                 // expected input blob name
  std::vector<std::string> outputs;  // expected output names
};

// A model file the project builds from a package's files with its own tool
// (scripts/fetch-models.sh runs it); the file's SHA-256 is pinned by its
// `model` entry like any other, so a changed tool or package is caught.
struct GeneratedModel {
  std::string package;  // npm package whose unpacked files the tool reads
  std::string path;     // output path inside that package's directory
  std::string tool;     // project tool, relative to the source tree
};

struct ModelLock {
  std::vector<LockedPackage> packages;
  std::vector<LockedModel> models;
  std::vector<GeneratedModel> generated;

  const LockedModel* Find(std::string_view role) const;
  const LockedPackage* Package(std::string_view name) const;
};

// Parses the lock text. kConfigInvalid naming the line on a malformed line.
Result<ModelLock> ParseModelLock(std::string_view text);

// The lock compiled into this binary.
const ModelLock& EmbeddedModelLock();

// model_dir resolved: the argument, else $IDMATCH_MODEL_DIR, else
// $HOME/.cache/idmatch/models.
std::string ResolveModelDir(const std::string& configured);

// A locked model's file, read once, after checking the SHA-256 of exactly the
// bytes read (so a file swapped while it is read cannot slip past). A missing
// file or a mismatch is kModelIntegrity with a message telling the operator
// how to fix it.
Result<std::vector<unsigned char>> ReadVerifiedModel(const std::string& model_dir, const LockedModel& model);

// Absolute path of a locked model after checking its SHA-256 (as ReadVerifiedModel).
Result<std::string> VerifiedModelPath(const std::string& model_dir, const LockedModel& model);

}  // namespace idmatch::models
