// The one settings table: every source parses through it, bad values are
// errors naming the setting (never 0), and the docs are generated from it.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <set>
#include <sstream>

#include "server/server_config.h"

namespace idmatch::server {
namespace {

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(IDMATCH_SOURCE_DIR) + "/" + relative);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The text between "<!-- NAME:begin" ... "-->\n" and "<!-- NAME:end -->".
std::string Between(const std::string& doc, const std::string& name) {
  const auto begin = doc.find("<!-- " + name + ":begin");
  const auto end = doc.find("<!-- " + name + ":end -->");
  if (begin == std::string::npos || end == std::string::npos) return "(markers missing)";
  const auto start = doc.find("-->\n", begin) + 4;
  return doc.substr(start, end - start);
}

TEST(Settings, OneNamePerSettingAndEveryNameIsUnique) {
  std::set<std::string> names;
  for (const auto& row : Settings()) {
    for (const auto& n : {std::string(row.key), EnvName(row.key), FlagName(row.key)}) {
      EXPECT_TRUE(names.insert(n).second) << n << " names two settings";
    }
    for (auto alias : row.aliases) EXPECT_TRUE(names.insert(std::string(alias)).second) << alias;
    EXPECT_FALSE(row.doc.empty()) << row.key;
    EXPECT_FALSE(row.default_text.empty()) << row.key;
  }
  EXPECT_EQ(FindSettingByFlag("--threshold"), FindSetting("match_threshold"));
  EXPECT_EQ(FindSettingByFlag("--match-threshold"), FindSetting("match_threshold"));
  EXPECT_EQ(FindSetting("limits.max_bytes"), nullptr);  // the README once listed it; nothing read it
}

TEST(Settings, DefaultsPassTheirOwnRanges) {
  ServerConfig c;
  c.data_dir = "/tmp";
  EXPECT_TRUE(c.Validate().ok()) << c.Validate().ToString();
}

TEST(Settings, BadNumbersAreErrorsNamingTheSettingNeverZero) {
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{{"document_minimum_age", "abc"},
                                                                                   {"document_minimum_age", "18x"},
                                                                                   {"document_minimum_age", "151"},
                                                                                   {"port", "-1"},
                                                                                   {"port", ""},
                                                                                   {"match_threshold", "nan"},
                                                                                   {"match_threshold", "101"},
                                                                                   {"match_threshold", " 40"},
                                                                                   {"liveness_threshold", "inf"},
                                                                                   {"max_inflight", "4.5"},
                                                                                   {"liveness", "yes"},
                                                                                   {"flip_augment", "sideways"},
                                                                                   {"model_profile", "closed"}}) {
    ServerConfig c;
    const int before = c.engine.document.minimum_age;
    const Status s = ApplySetting(key, value, c);
    EXPECT_EQ(s.code(), ErrorCode::kConfigInvalid) << key << "=" << value;
    EXPECT_NE(s.message().find("'" + key + "'"), std::string::npos) << s.message();
    EXPECT_EQ(c.engine.document.minimum_age, before);
  }
  ServerConfig c;
  EXPECT_EQ(ApplySetting("no_such_key", "1", c).code(), ErrorCode::kConfigInvalid);
}

TEST(Settings, EverySourceReachesTheSameField) {
  ServerConfig c;
  ASSERT_TRUE(ApplySetting("max_image_bytes", "2048", c).ok());
  EXPECT_EQ(c.engine.limits.max_bytes, 2048u);
  ASSERT_TRUE(ApplySetting("flip_augment", "target", c).ok());
  EXPECT_EQ(c.engine.flip_augment, FlipAugment::kTargetOnly);
  ASSERT_TRUE(ApplySetting("model_profile", "fusion", c).ok());
  EXPECT_EQ(c.engine.model_profile, ModelProfile::kFusion);
  ASSERT_TRUE(ApplySetting("head_pose", "network", c).ok());
  EXPECT_EQ(c.engine.head_pose, HeadPoseMethod::kNetwork);
  ASSERT_TRUE(ParseInto(*FindSettingByFlag("--min-age"), "21", c).ok());
  EXPECT_EQ(c.engine.document.minimum_age, 21);
  ::setenv("IDMATCH_MAX_INFLIGHT", "7", 1);
  ::setenv("IDMATCH_DATABASE_URL", "postgres://db/x", 1);
  ASSERT_TRUE(ApplyEnvironment(c).ok());
  ::unsetenv("IDMATCH_MAX_INFLIGHT");
  ::unsetenv("IDMATCH_DATABASE_URL");
  EXPECT_EQ(c.max_inflight, 7);
  EXPECT_EQ(c.database, "postgres://db/x");
  ::setenv("IDMATCH_WORKERS", "two", 1);
  const Status bad = ApplyEnvironment(c);
  ::unsetenv("IDMATCH_WORKERS");
  EXPECT_EQ(bad.code(), ErrorCode::kConfigInvalid);
  EXPECT_NE(bad.message().find("IDMATCH_WORKERS"), std::string::npos) << bad.message();
}

TEST(Settings, ValidateUsesTheTableRangesForStructsFilledInCode) {
  ServerConfig c;
  c.engine.workers = 0;
  EXPECT_NE(c.Validate().message().find("'workers'"), std::string::npos) << c.Validate().message();
  ServerConfig d;
  d.http_threads = d.max_inflight + 1;
  EXPECT_NE(d.Validate().message().find("http_threads"), std::string::npos);
  EngineConfig e;
  e.limits.min_side = e.limits.max_side + 1;
  EXPECT_EQ(e.Validate().code(), ErrorCode::kConfigInvalid);
}

// README and docs/api.md carry the tables generated from the rows; a setting
// added, renamed or re-ranged without regenerating them fails here. Fix:
//   idmatch settings --markdown --common  (README)   idmatch settings --markdown  (docs/api.md)
TEST(Settings, TheDocsAreGeneratedFromTheTable) {
  EXPECT_EQ(Between(ReadSourceFile("README.md"), "settings:common"), SettingsMarkdown(SettingDocs(), true));
  EXPECT_EQ(Between(ReadSourceFile("docs/api.md"), "settings:all"), SettingsMarkdown(SettingDocs(), false));
}

}  // namespace
}  // namespace idmatch::server
