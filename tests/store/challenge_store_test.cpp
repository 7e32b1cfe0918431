// Liveness challenges in the store (issue 18), on both engines: answered
// once, purged with the audit trail, exported in pages.
#include "store/challenge_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "store/retention.h"
#include "store_engines.h"

namespace idmatch::store {
namespace {

class ChallengeEngines : public StoreEngines {};

TEST_P(ChallengeEngines, LivenessChallengesAreAnsweredOnceAndPurgedWithTheAudit) {
  auto store = Open();
  ASSERT_TRUE(store);
  ChallengeStore& challenges = store->challenges();
  ChallengeRecord c;
  c.id = "lc_0001";
  c.key_id = "k1";
  c.actions = "turn_left,blink";
  c.created_at = "2020-01-01T00:00:00Z";
  c.expires_at = "2020-01-01T00:01:00Z";
  ASSERT_TRUE(challenges.Create(c).ok());
  EXPECT_FALSE(challenges.Create(c).ok());  // one id, one challenge
  auto pending = challenges.Get(c.id);
  ASSERT_TRUE(pending.ok());
  EXPECT_FALSE(pending->answered_at);
  EXPECT_EQ(pending->actions, "turn_left,blink");
  ChallengeRecord answer = *pending;
  answer.answered_at = "2020-01-01T00:00:30Z";
  answer.outcome = "judged";
  answer.live = true;
  answer.score = 87.5;
  answer.reasons_json = "[]";
  answer.similarity = 91.25;
  answer.match = true;
  answer.latency_ms = 212.5;
  auto first = challenges.Answer(answer);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(*first);
  answer.live = false;
  auto second = challenges.Answer(answer);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second);  // the one-time rule
  auto judged = challenges.Get(c.id);
  ASSERT_TRUE(judged.ok());
  EXPECT_EQ(judged->outcome, "judged");
  EXPECT_EQ(judged->live, std::optional<bool>(true));
  EXPECT_EQ(judged->score, std::optional<double>(87.5));
  EXPECT_EQ(judged->similarity, std::optional<double>(91.25));
  EXPECT_EQ(judged->match, std::optional<bool>(true));
  EXPECT_EQ(challenges.Get("lc_none").status().code(), ErrorCode::kNotFound);
  // Retention takes challenges with the audit rows.
  {
    AuditRetention job(store->audit(), 30, std::chrono::milliseconds(20), &challenges);
    for (int i = 0; i < 250 && challenges.Get(c.id).ok(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(challenges.Get(c.id).status().code(), ErrorCode::kNotFound);
}

TEST_P(ChallengeEngines, LivenessSessionsExportInPagesWithTheirDecision) {
  auto store = Open();
  ASSERT_TRUE(store);
  ChallengeStore& challenges = store->challenges();
  // Five challenges, two sharing a creation second (the id breaks the tie).
  const char* created[] = {"2026-01-01T00:00:00Z", "2026-01-01T00:00:05Z", "2026-01-01T00:00:05Z",
                           "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"};
  for (int i = 0; i < 5; ++i) {
    ChallengeRecord c;
    c.id = "lc_" + std::to_string(i);
    c.key_id = "k1";
    c.actions = "turn_right,look_up";
    c.created_at = created[i];
    c.expires_at = "2026-01-09T00:00:00Z";
    ASSERT_TRUE(challenges.Create(c).ok());
  }
  ChallengeRecord answer = *challenges.Get("lc_1");
  answer.answered_at = "2026-01-01T00:00:20Z";
  answer.outcome = "judged";
  answer.live = false;
  answer.score = 31.5;
  answer.reasons_json = R"(["PLANAR_MOTION"])";
  ASSERT_TRUE(*challenges.Answer(answer));
  // Pages of two, since the first second, until the third day: four rows.
  ChallengeQuery q;
  q.since = "2026-01-01T00:00:00Z";
  q.until = "2026-01-03T00:00:00Z";
  q.limit = 2;
  std::vector<std::string> ids;
  for (int pages = 0; pages < 5; ++pages) {
    auto page = challenges.List(q);
    ASSERT_TRUE(page.ok());
    for (const auto& r : page->records) ids.push_back(r.id);
    if (!page->more) break;
    q.after_created_at = page->records.back().created_at;
    q.after_id = page->records.back().id;
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"lc_0", "lc_1", "lc_2", "lc_3"}));
  const auto judged = ChallengeRecordJson(*challenges.Get("lc_1"));
  EXPECT_EQ(judged["state"], "judged");
  EXPECT_EQ(judged["live"], false);
  EXPECT_EQ(judged["score"], 31.5);
  EXPECT_EQ(judged["reasons"], nlohmann::json::array({"PLANAR_MOTION"}));
  EXPECT_EQ(judged["actions"], nlohmann::json::array({"turn_right", "look_up"}));
  EXPECT_EQ(judged["key_id"], "k1");
  const auto pending = ChallengeRecordJson(*challenges.Get("lc_0"));
  EXPECT_EQ(pending["state"], "pending");
  EXPECT_FALSE(pending.contains("live"));
  q = ChallengeQuery{};
  q.limit = 0;
  EXPECT_EQ(challenges.List(q).status().code(), ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Engines, ChallengeEngines, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace idmatch::store
