#include "services/party/rpc/answer_pool.h"

#include <pthread.h>

#include <algorithm>
#include <utility>

namespace concert::party {

AnswerPool& AnswerPool::Shared() {
  static AnswerPool pool(
      std::max(2, static_cast<int>(std::thread::hardware_concurrency())));
  return pool;
}

AnswerPool::AnswerPool(int threads) {
  threads_.reserve(threads);
  for (int t = 0; t < threads; ++t) threads_.emplace_back([this] { Work(); });
}

AnswerPool::~AnswerPool() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& t : threads_) t.join();
}

void AnswerPool::Run(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  tasks_.push_back(std::move(task));
}

void AnswerPool::Work() {
  // Named, so that a profile or `top -H` tells the party's answers apart
  // from gRPC's threads (which the pool's would otherwise be named after).
  pthread_setname_np(pthread_self(), "party-answers");
  for (;;) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      const auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || !tasks_.empty();
      };
      mu_.Await(absl::Condition(&ready));
      if (tasks_.empty()) return;  // stopping, and nothing left to run
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace concert::party
