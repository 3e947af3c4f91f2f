#include "services/coordinator/rpc/fan_out.h"

#include <latch>
#include <memory>
#include <thread>

namespace concert::coordinator {

bool IsRetryable(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::FAILED_PRECONDITION:  // e.g. a restarted party lost
                                                 // its table
      return true;
    default:
      return false;
  }
}

FanOutResult FanOut(
    const std::vector<int>& targets, const RetryPolicy& policy,
    const StartCall& start,
    const std::function<bool(int, const grpc::Status&)>& before_retry,
    const DeadlineOf& deadline_of) {
  using Clock = std::chrono::steady_clock;
  const size_t n = targets.size();
  FanOutResult result;
  result.status.assign(n,
                       grpc::Status(grpc::StatusCode::UNKNOWN, "not called"));
  result.attempts.assign(n, 0);
  result.latency_us.assign(n, 0);
  const auto began = Clock::now();

  std::vector<size_t> pending(n);
  for (size_t k = 0; k < n; ++k) pending[k] = k;
  auto backoff = policy.backoff;
  for (int attempt = 0; attempt <= policy.retries && !pending.empty();
       ++attempt) {
    if (attempt > 0) {
      // A real backoff before asking an unresponsive party again, not a
      // synchronisation: the answers of this wave are all in.
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
    std::vector<std::unique_ptr<grpc::ClientContext>> contexts(pending.size());
    std::latch done(static_cast<std::ptrdiff_t>(pending.size()));
    for (size_t w = 0; w < pending.size(); ++w) {
      const size_t k = pending[w];
      contexts[w] = std::make_unique<grpc::ClientContext>();
      contexts[w]->set_deadline(
          std::chrono::system_clock::now() +
          (deadline_of ? deadline_of(targets[k]) : policy.deadline));
      // A first attempt fails fast on a dead connection; a retry waits (up to
      // its deadline) for the party to come back.
      if (attempt > 0) contexts[w]->set_wait_for_ready(true);
      ++result.attempts[k];
      start(targets[k], contexts[w].get(),
            [&result, &done, k, began](grpc::Status s) {
              result.status[k] = std::move(s);
              result.latency_us[k] =
                  std::chrono::duration_cast<std::chrono::microseconds>(
                      Clock::now() - began)
                      .count();
              done.count_down();
            });
    }
    done.wait();
    std::vector<size_t> again;
    for (size_t k : pending) {
      const grpc::Status& s = result.status[k];
      if (s.ok() || !IsRetryable(s) || attempt == policy.retries) continue;
      if (before_retry && !before_retry(targets[k], s)) continue;
      again.push_back(k);
    }
    pending = std::move(again);
  }
  return result;
}

}  // namespace concert::coordinator
