// Where the built-in party answers its batches: a few threads of its own,
// not gRPC's callback threads. gRPC 1.51 runs every callback reaction of a
// process — servers' and clients' alike — on two threads; a party that
// answered batches on them held up everything else the process waits on.
// In the embedded forum (coordinator and parties in one process) the
// coordinator's own streams then heard of answers already computed
// milliseconds late, and could not start on them while the parties worked.
#ifndef CONCERT_SERVICES_PARTY_RPC_ANSWER_POOL_H_
#define CONCERT_SERVICES_PARTY_RPC_ANSWER_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace concert::party {

class AnswerPool {
 public:
  // The process's pool: one thread per core (at least two), started on
  // first use, stopped at exit.
  static AnswerPool& Shared();

  explicit AnswerPool(int threads);
  // Runs every task already queued, then stops the threads.
  ~AnswerPool();
  AnswerPool(const AnswerPool&) = delete;
  AnswerPool& operator=(const AnswerPool&) = delete;

  // Runs `task` on a thread of the pool, in the order tasks come.
  void Run(std::function<void()> task);

 private:
  void Work();

  absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace concert::party

#endif  // CONCERT_SERVICES_PARTY_RPC_ANSWER_POOL_H_
