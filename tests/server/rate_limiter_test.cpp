// The token buckets: per-key limits, and a table that cannot grow without
// bound under a flood of distinct keys (client addresses).
#include "server/rate_limiter.h"

#include <gtest/gtest.h>

namespace idmatch::server {
namespace {

using Clock = RateLimiter::Clock;

TEST(RateLimiter, BucketsRefillAtTheRate) {
  RateLimiter limiter(1.0, 2);
  const auto t0 = Clock::now();
  int retry = 0;
  EXPECT_TRUE(limiter.Allow("k", &retry, t0));
  EXPECT_TRUE(limiter.Allow("k", &retry, t0));
  EXPECT_TRUE(limiter.Exhausted("k", &retry, t0));
  EXPECT_FALSE(limiter.Allow("k", &retry, t0));
  EXPECT_EQ(retry, 1);
  EXPECT_FALSE(limiter.Exhausted("k", &retry, t0 + std::chrono::seconds(1)));
  EXPECT_FALSE(limiter.Exhausted("other", &retry, t0));  // peeking consumes nothing
  EXPECT_TRUE(limiter.Allow("other", &retry, t0));
}

TEST(RateLimiter, TheTableForgetsRefilledBucketsOnceFull) {
  RateLimiter limiter(1.0, 1);
  const auto t0 = Clock::now();
  for (size_t i = 0; i < RateLimiter::kMaxBuckets; ++i) limiter.Allow("addr" + std::to_string(i), nullptr, t0);
  ASSERT_EQ(limiter.tracked(), RateLimiter::kMaxBuckets);
  // Full, and every bucket still empty: nothing may be forgotten.
  limiter.Allow("late", nullptr, t0);
  EXPECT_EQ(limiter.tracked(), RateLimiter::kMaxBuckets + 1);
  EXPECT_TRUE(limiter.Exhausted("addr0", nullptr, t0));
  // A known key never sweeps; a new key after the buckets refilled does.
  limiter.Allow("addr1", nullptr, t0 + std::chrono::seconds(2));
  EXPECT_EQ(limiter.tracked(), RateLimiter::kMaxBuckets + 1);
  limiter.Allow("newcomer", nullptr, t0 + std::chrono::seconds(2));
  // Kept: the newcomer and addr1, which just spent its token again; every
  // other bucket had refilled and is forgotten.
  EXPECT_EQ(limiter.tracked(), 2u);
  EXPECT_TRUE(limiter.Exhausted("addr1", nullptr, t0 + std::chrono::seconds(2)));
}

}  // namespace
}  // namespace idmatch::server
