// Parallel unary calls to several parties with a per-call deadline and
// bounded retries with exponential backoff. Calls are issued through gRPC's
// callback API: no thread per call, one wave of calls in flight at once.
#ifndef CONCERT_SERVICES_COORDINATOR_RPC_FAN_OUT_H_
#define CONCERT_SERVICES_COORDINATOR_RPC_FAN_OUT_H_

#include <chrono>
#include <functional>
#include <vector>

#include <grpcpp/grpcpp.h>

namespace concert::coordinator {

struct RetryPolicy {
  // Deadline of each attempt.
  std::chrono::milliseconds deadline{2000};
  // Attempts after the first.
  int retries = 2;
  // Wait before the first retry; doubled for each later one.
  std::chrono::milliseconds backoff{50};
};

// Whether a failed call is worth repeating (the party may come back).
bool IsRetryable(const grpc::Status& status);

// Issues one attempt of the call for target `i`: it must start an async call
// on `context` and call `done` exactly once with the call's status.
using StartCall = std::function<void(int i, grpc::ClientContext* context,
                                     std::function<void(grpc::Status)> done)>;

// Outcome of a fan-out, per target.
struct FanOutResult {
  std::vector<grpc::Status> status;
  std::vector<int> attempts;
  std::vector<std::int64_t> latency_us;
};

// The deadline of each attempt for target i; null means policy.deadline.
using DeadlineOf = std::function<std::chrono::milliseconds(int i)>;

// Runs the call for every target in `targets` in parallel; retries the
// targets whose status is retryable, up to the policy's bound, and returns
// the final status of each (indexed like `targets`). `before_retry(i, status)`
// runs before target i is retried and may prepare it (e.g. re-table a draft
// a restarted party forgot); it returns false to give up on the target.
// `deadline_of` gives a target a deadline of its own.
FanOutResult FanOut(
    const std::vector<int>& targets, const RetryPolicy& policy,
    const StartCall& start,
    const std::function<bool(int, const grpc::Status&)>& before_retry = nullptr,
    const DeadlineOf& deadline_of = nullptr);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RPC_FAN_OUT_H_
