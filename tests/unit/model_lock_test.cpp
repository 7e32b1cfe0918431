#include "models/model_lock.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/sha256.h"
#include "idmatch/engine.h"

namespace idmatch::models {
namespace {

TEST(ModelLock, EmbeddedLockNamesTheFaceModels) {
  const ModelLock& lock = EmbeddedModelLock();
  ASSERT_EQ(lock.packages.size(), 3u);  // faceplugin, BlazeFace, face-api
  EXPECT_EQ(lock.packages[0].version, "0.0.1");
  for (const char* role : {"detector", "landmarks", "embedder"}) {
    const LockedModel* m = lock.Find(role);
    ASSERT_NE(m, nullptr) << role;
    EXPECT_EQ(m->sha256.size(), 64u);
    EXPECT_EQ(m->input, "input");
  }
  EXPECT_EQ(lock.Find("detector")->outputs, (std::vector<std::string>{"scores", "boxes"}));
  // The open profile's models, one of them built by the project's converter.
  ASSERT_NE(lock.Find("detector_blazeface"), nullptr);
  const LockedModel* dlib = lock.Find("embedder_dlib");
  ASSERT_NE(dlib, nullptr);
  ASSERT_EQ(lock.generated.size(), 1u);
  EXPECT_EQ(lock.generated[0].path, dlib->path);
  EXPECT_EQ(lock.generated[0].package, dlib->package);
  EXPECT_EQ(lock.generated[0].tool, "tools/dlib_resnet_to_onnx.py");
}

TEST(ModelLock, GenerateEntriesNeedADeclaredPackageAndThreeFields) {
  const std::string package = "package p 1.0 " + std::string(64, 'a') + "\n";
  auto ok = ParseModelLock(package + "generate p out/m.onnx tools/t.py\n");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->generated[0].tool, "tools/t.py");
  EXPECT_FALSE(ParseModelLock(package + "generate p out/m.onnx\n").ok());
  auto undeclared = ParseModelLock("generate q out/m.onnx tools/t.py\n");
  ASSERT_FALSE(undeclared.ok());
  EXPECT_NE(undeclared.status().message().find("not declared"), std::string::npos);
}

TEST(ModelLock, RejectsMalformedLinesNamingThem) {
  auto r = ParseModelLock("# comment\npackage a 1.0 abc\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 2"), std::string::npos);
  auto undeclared = ParseModelLock(
      "model detector nopkg f.onnx 0000000000000000000000000000000000000000000000000000000000000000 input out\n");
  ASSERT_FALSE(undeclared.ok());
  EXPECT_NE(undeclared.status().message().find("not declared"), std::string::npos);
}

TEST(ModelLock, Sha256OfKnownString) {
  EXPECT_EQ(sha256::Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// Copies the real model cache, alters one byte of the detector and checks
// that the engine refuses to start with a message naming the file.
TEST(ModelIntegrity, AlteredModelStopsStartUp) {
  const std::string real_dir = ResolveModelDir("");
  const LockedModel* det = EmbeddedModelLock().Find("detector");
  const std::string real_file = real_dir + "/" + det->package + "/" + det->path;
  if (!std::filesystem::exists(real_file)) GTEST_SKIP() << "models not fetched at " << real_dir;
  const auto tmp = std::filesystem::temp_directory_path() / ("idmatch-lock-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(tmp);
  std::filesystem::copy(real_dir, tmp, std::filesystem::copy_options::recursive);
  const std::string victim = (tmp / det->package / det->path).string();
  {
    std::fstream f(victim, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(1000);
    f.put('\x5A');
  }
  EngineConfig config;
  config.model_dir = tmp.string();
  config.workers = 1;
  auto engine = Engine::Create(config);
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().code(), ErrorCode::kModelIntegrity);
  EXPECT_NE(engine.status().message().find("fr_detect.onnx"), std::string::npos);
  EXPECT_NE(engine.status().message().find("fetch-models"), std::string::npos);

  std::filesystem::remove(victim);
  auto missing = Engine::Create(config);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("missing"), std::string::npos);
  std::filesystem::remove_all(tmp);
}

TEST(EngineConfig, BadValuesAreRejectedByName) {
  EngineConfig config;
  config.workers = 0;
  auto engine = Engine::Create(config);
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().code(), ErrorCode::kConfigInvalid);
  EXPECT_NE(engine.status().message().find("workers"), std::string::npos);
  config = EngineConfig{};
  config.match_threshold = 150;
  EXPECT_NE(config.Validate().message().find("match_threshold"), std::string::npos);
}

}  // namespace
}  // namespace idmatch::models
