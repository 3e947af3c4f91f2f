#include "services/coordinator/rpc/grpc_vote_source_stream.h"

#include <utility>

namespace concert::coordinator {

EvaluateStreamCall::EvaluateStreamCall(v1::Party::Stub* stub,
                                       bool wait_for_ready, ResultFn on_result,
                                       DoneFn on_done)
    : on_result_(std::move(on_result)), on_done_(std::move(on_done)) {
  context_.set_wait_for_ready(wait_for_ready);
  stub->async()->EvaluateStream(&context_, this);
  // Writes come from the asking thread, outside reactions: the hold keeps
  // the call from finishing under them until the stream is closed.
  AddHold();
  StartRead(&result_);
  StartCall();
}

EvaluateStreamCall::~EvaluateStreamCall() {
  Cancel();
  done_.WaitForNotification();
}

bool EvaluateStreamCall::Write(std::unique_ptr<v1::EvaluateBatch> batch) {
  v1::EvaluateBatch* next = nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (closed_) return false;
    if (writing_ != nullptr) {
      queue_.push_back(std::move(batch));
      return true;
    }
    writing_ = std::move(batch);
    next = writing_.get();
    // Between this lock and StartWrite the stream may be closed by another
    // thread; a hold of the write's own keeps the call open until then.
    AddHold();
  }
  // Never under mu_: an operation that completes at once runs its reaction
  // on this thread before StartWrite returns.
  StartWrite(next);
  RemoveHold();
  return true;
}

void EvaluateStreamCall::Cancel() {
  bool release = false;
  {
    absl::MutexLock lock(&mu_);
    closed_ = true;
    release = held_;
    held_ = false;
    queue_.clear();
  }
  context_.TryCancel();
  if (release) RemoveHold();
}

void EvaluateStreamCall::OnWriteDone(bool ok) {
  v1::EvaluateBatch* next = nullptr;
  bool release = false;
  {
    absl::MutexLock lock(&mu_);
    writing_.reset();  // written: its memory is not needed any more
    if (!ok) {
      // The stream broke; the read side ends it and says how.
      closed_ = true;
      queue_.clear();
      release = held_;
      held_ = false;
    } else if (!closed_ && !queue_.empty()) {
      writing_ = std::move(queue_.front());
      queue_.pop_front();
      next = writing_.get();
    }
  }
  if (next != nullptr) StartWrite(next);
  if (release) RemoveHold();
}

void EvaluateStreamCall::OnReadDone(bool ok) {
  if (ok) {
    on_result_(result_);
    bool reading = false;
    {
      absl::MutexLock lock(&mu_);
      reading = !closed_;
    }
    if (reading) StartRead(&result_);
    return;
  }
  // The party ended the stream (or it broke): no more writes, and the
  // status follows in OnDone.
  bool release = false;
  {
    absl::MutexLock lock(&mu_);
    closed_ = true;
    queue_.clear();
    release = held_;
    held_ = false;
  }
  if (release) RemoveHold();
}

void EvaluateStreamCall::OnDone(const grpc::Status& status) {
  ended_.store(true);
  on_done_(status);
  // The last thing this object does: the destructor may run as soon as it
  // is notified.
  done_.Notify();
}

}  // namespace concert::coordinator
