// A server's bound on calls running at once: slots up to the limit, then a
// refusal naming the limit and the flag, and a slot given back exactly once
// however it is moved.
#include "services/common/server/concurrency_limit.h"

#include <thread>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"

namespace concert {
namespace {

using ::testing::HasSubstr;

TEST(ConcurrencyLimitTest, RefusesBeyondTheLimitNamingTheFlag) {
  ConcurrencyLimit limit(2, "sessions", "concert-coordinator --limit-sessions");
  auto a = limit.Acquire();
  auto b = limit.Acquire();
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  auto c = limit.Acquire();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(c.status().message(),
              HasSubstr("already runs 2 sessions at once, its limit "
                        "(concert-coordinator --limit-sessions raises it)"));
  EXPECT_EQ(limit.running(), 2);
}

TEST(ConcurrencyLimitTest, ASlotEndsWithItsHolderAndFreesOneCall) {
  ConcurrencyLimit limit(1, "streams", "--limit-streams");
  {
    auto held = limit.Acquire();
    ASSERT_TRUE(held.ok());
    EXPECT_FALSE(limit.Acquire().ok());
  }
  EXPECT_EQ(limit.running(), 0);
  EXPECT_TRUE(limit.Acquire().ok());
}

TEST(ConcurrencyLimitTest, AMovedSlotIsGivenBackOnce) {
  ConcurrencyLimit limit(1, "streams", "--limit-streams");
  auto first = limit.Acquire();
  ASSERT_TRUE(first.ok());
  ConcurrencyLimit::Slot moved = *std::move(first);
  ConcurrencyLimit::Slot assigned;
  assigned = std::move(moved);
  EXPECT_EQ(limit.running(), 1);
  assigned = ConcurrencyLimit::Slot();
  EXPECT_EQ(limit.running(), 0);
}

// Many threads racing for few slots never hold more than the limit at once,
// and every slot comes back.
TEST(ConcurrencyLimitTest, RacingCallersNeverExceedTheLimit) {
  constexpr int kLimit = 3;
  ConcurrencyLimit limit(kLimit, "calls", "--limit");
  std::atomic<int> most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        auto slot = limit.Acquire();
        if (!slot.ok()) continue;
        int seen = limit.running();
        int prev = most.load();
        while (seen > prev && !most.compare_exchange_weak(prev, seen)) {
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(most.load(), kLimit);
  EXPECT_EQ(limit.running(), 0);
}

}  // namespace
}  // namespace concert
