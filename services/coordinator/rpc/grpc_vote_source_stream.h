// One party's EvaluateStream, kept open by GrpcVoteSource across its asks
// and its re-tables (private to the source's files). Opening a stream per
// ask cost a round trip's worth of setup and a thread per party each level;
// one long-lived stream per party costs that once.
//
// Driven by gRPC's callback API (no thread of its own): batches are queued
// and written one after another as each write completes, so several batches
// of one ask are in flight at once (the party answers the first while later
// ones travel), and a read is always pending, so answers are handed to
// `on_result` as they arrive, on one of gRPC's threads.
#ifndef CONCERT_SERVICES_COORDINATOR_RPC_GRPC_VOTE_SOURCE_STREAM_H_
#define CONCERT_SERVICES_COORDINATOR_RPC_GRPC_VOTE_SOURCE_STREAM_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>

#include <grpcpp/grpcpp.h>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "concert/v1/party.grpc.pb.h"

namespace concert::coordinator {

class EvaluateStreamCall final
    : public grpc::ClientBidiReactor<v1::EvaluateBatch,
                                     v1::EvaluateBatchResult> {
 public:
  // Called on a gRPC thread for every result read, and once when the stream
  // has ended (with its status). Neither may block on the network.
  using ResultFn = std::function<void(v1::EvaluateBatchResult& result)>;
  using DoneFn = std::function<void(const grpc::Status& status)>;

  // Opens the stream. `wait_for_ready` as for a retry: wait (within gRPC's
  // connection attempts) for a party that is down rather than fail at once.
  EvaluateStreamCall(v1::Party::Stub* stub, bool wait_for_ready,
                     ResultFn on_result, DoneFn on_done);
  // Cancels the stream if it is still open and waits for it to end: the
  // callbacks are never called after the destructor returns.
  ~EvaluateStreamCall() override;
  EvaluateStreamCall(const EvaluateStreamCall&) = delete;
  EvaluateStreamCall& operator=(const EvaluateStreamCall&) = delete;

  // The request id the next batch should carry (ids are this stream's own,
  // 0, 1, 2, ...).
  std::uint64_t TakeRequestId() { return next_id_++; }
  std::uint64_t next_request_id() const { return next_id_; }

  // Queues `batch` for writing; false (and nothing queued) once the stream
  // has ended or is ending.
  bool Write(std::unique_ptr<v1::EvaluateBatch> batch);
  // Ends the stream now (answers in flight are lost); on_done follows.
  void Cancel();
  // Whether on_done has been called.
  bool ended() const { return ended_.load(); }

 private:
  void OnWriteDone(bool ok) override;
  void OnReadDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

  grpc::ClientContext context_;
  ResultFn on_result_;
  DoneFn on_done_;
  std::atomic<std::uint64_t> next_id_{0};
  v1::EvaluateBatchResult result_;

  absl::Mutex mu_;
  std::deque<std::unique_ptr<v1::EvaluateBatch>> queue_ ABSL_GUARDED_BY(mu_);
  // The batch being written (gRPC reads it until OnWriteDone).
  std::unique_ptr<v1::EvaluateBatch> writing_ ABSL_GUARDED_BY(mu_);
  // No more writes: the stream broke, ended or was cancelled.
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  // The hold taken at the start, until the stream is closed.
  bool held_ ABSL_GUARDED_BY(mu_) = true;
  std::atomic<bool> ended_{false};
  // Notified by OnDone, the call's last reaction.
  absl::Notification done_;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RPC_GRPC_VOTE_SOURCE_STREAM_H_
