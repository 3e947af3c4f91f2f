// The party's answering threads: tasks run on the pool's threads (never the
// caller's), all of them, and a pool being destroyed runs what is queued
// before it stops.
#include "services/party/rpc/answer_pool.h"

#include <set>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace concert::party {
namespace {

TEST(AnswerPoolTest, RunsEveryTaskOnItsOwnThreads) {
  absl::Mutex mu;
  std::set<std::thread::id> threads;
  int ran = 0;
  {
    AnswerPool pool(2);
    for (int i = 0; i < 100; ++i) {
      pool.Run([&] {
        absl::MutexLock lock(&mu);
        threads.insert(std::this_thread::get_id());
        ++ran;
      });
    }
  }  // runs what is queued, then stops
  EXPECT_EQ(ran, 100);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);
  EXPECT_LE(threads.size(), 2u);
}

TEST(AnswerPoolTest, ATaskBlockedOnOneThreadLeavesTheOtherWorking) {
  AnswerPool pool(2);
  absl::Notification release, second_ran;
  pool.Run([&] { release.WaitForNotification(); });
  pool.Run([&] { second_ran.Notify(); });
  // The second task runs while the first still waits.
  second_ran.WaitForNotification();
  release.Notify();
}

TEST(AnswerPoolTest, TheSharedPoolIsOneAndWorks) {
  EXPECT_EQ(&AnswerPool::Shared(), &AnswerPool::Shared());
  absl::Notification ran;
  AnswerPool::Shared().Run([&] { ran.Notify(); });
  ran.WaitForNotification();
}

}  // namespace
}  // namespace concert::party
