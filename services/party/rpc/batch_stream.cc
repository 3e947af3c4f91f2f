#include "services/party/rpc/batch_stream.h"

#include <vector>

#include "services/party/rpc/party_service.h"

namespace concert::party {

class BatchStream final
    : public grpc::ServerBidiReactor<v1::EvaluateBatch,
                                     v1::EvaluateBatchResult> {
 public:
  explicit BatchStream(BatchStreams* owner) : owner_(owner) {}

  void Start() { ReadNext(); }

  // Ends the stream: by BatchStreams::Drain while it waits for a batch (the
  // pending read then completes, not ok), or instead of reading another.
  void End() {
    Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "the party is shutting down"));
  }

  void OnReadDone(bool ok) override {
    if (!owner_->Waiting(this, false)) return;  // Drain finished it
    if (!ok) {
      // The coordinator closed its side (or went away): done.
      Finish(grpc::Status::OK);
      return;
    }
    if (model_ == nullptr || batch_.draft_digest() != digest_) {
      digest_ = batch_.draft_digest();
      model_ = owner_->model_for_(batch_);
    }
    result_.Clear();
    result_.set_request_id(batch_.request_id());
    AnswerBatch(model_.get(), batch_, &result_);
    StartWrite(&result_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status::OK);  // the caller went away
      return;
    }
    ReadNext();
  }

  void OnDone() override {
    owner_->Closed(this);
    delete this;
  }

 private:
  void ReadNext() {
    if (!owner_->Waiting(this, true)) {
      End();
      return;
    }
    StartRead(&batch_);
  }

  BatchStreams* const owner_;
  // Reused across batches: cleared messages keep their buffers.
  v1::EvaluateBatch batch_;
  v1::EvaluateBatchResult result_;
  std::string digest_;
  std::shared_ptr<const CompiledModel> model_;
};

grpc::ServerBidiReactor<v1::EvaluateBatch, v1::EvaluateBatchResult>*
BatchStreams::Open() {
  auto* stream = new BatchStream(this);
  stream->Start();
  return stream;
}

bool BatchStreams::Waiting(BatchStream* stream, bool waiting) {
  absl::MutexLock lock(&mu_);
  if (waiting) {
    if (draining_) return false;
    waiting_.insert(stream);
    return true;
  }
  // A read completed: false when Drain already finished the stream.
  return waiting_.erase(stream) > 0 || !draining_;
}

void BatchStreams::Drain() {
  std::vector<BatchStream*> idle;
  {
    absl::MutexLock lock(&mu_);
    draining_ = true;
    idle.assign(waiting_.begin(), waiting_.end());
    waiting_.clear();
  }
  // Outside the mutex: a reaction Finish runs may take it. None of these
  // can be gone yet — a stream taken off `waiting_` here ends only by this
  // Finish (its read, when it completes, leaves it to Drain).
  for (BatchStream* stream : idle) stream->End();
}

void BatchStreams::Closed(BatchStream* stream) {
  absl::MutexLock lock(&mu_);
  waiting_.erase(stream);
}

}  // namespace concert::party
