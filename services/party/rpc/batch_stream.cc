#include "services/party/rpc/batch_stream.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "services/common/server/grpc_status.h"
#include "services/common/server/refused_stream.h"
#include "services/party/rpc/answer_pool.h"
#include "services/party/rpc/party_service.h"

namespace concert::party {

namespace {

// Questions answered on the callback thread rather than handed to the pool
// (about 0.1 ms of votes), and what a question with details counts for
// (its rationale and conditions are text, built each time).
constexpr std::int64_t kInlineWork = 4096;
constexpr std::int64_t kDetailCost = 32;

}  // namespace

class BatchStream final
    : public grpc::ServerBidiReactor<v1::EvaluateBatch,
                                     v1::EvaluateBatchResult> {
 public:
  BatchStream(BatchStreams* owner, ConcurrencyLimit::Slot slot)
      : owner_(owner), slot_(std::move(slot)) {}

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
    // A big batch is answered on the party's own threads (answer_pool.h),
    // which then write the answer: gRPC's callback threads stay free for
    // the rest of the process. A small one is answered here: a hand-off
    // would cost more than the answer.
    const std::int64_t questions =
        batch_.proposals_size() +
        static_cast<std::int64_t>(batch_.lattice_count());
    const std::int64_t work = questions * (batch_.details() ? kDetailCost : 1);
    if (work < kInlineWork) {
      Answer();
      return;
    }
    AnswerPool::Shared().Run([this] { Answer(); });
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
  void Answer() {
    if (model_ == nullptr || batch_.draft_digest() != digest_) {
      digest_ = batch_.draft_digest();
      model_ = owner_->model_for_(batch_);
    }
    result_.Clear();
    result_.set_request_id(batch_.request_id());
    AnswerBatch(model_.get(), batch_, &result_);
    if (owner_->log_->should_log(spdlog::level::debug)) LogAnswered();
    StartWrite(&result_);
  }

  // "answered batch 3: 1092 questions, (0x5, 7) to (0x3c, 2), of draft
  // 1a2b…": the first and last (set, proposal) tell a batch asked again
  // from a new one.
  void LogAnswered() const {
    const std::string draft = batch_.draft_digest().substr(0, 12);
    if (batch_.lattice_count() > 0) {
      owner_->log_->debug(
          "answered batch {}: lattice questions [{}, {}) of draft {}",
          batch_.request_id(), batch_.lattice_first(),
          batch_.lattice_first() + batch_.lattice_count(), draft);
      return;
    }
    const int n = batch_.proposals_size();
    if (n == 0 || batch_.sets_size() < n) return;
    const int words = std::max<int>(1, batch_.set_words());
    owner_->log_->debug(
        "answered batch {}: {} questions, ({:#x}, {}) to ({:#x}, {}), of "
        "draft {}",
        batch_.request_id(), n, batch_.sets(0), batch_.proposals(0),
        batch_.sets((n - 1) * words), batch_.proposals(n - 1), draft);
  }

  void ReadNext() {
    if (!owner_->Waiting(this, true)) {
      End();
      return;
    }
    StartRead(&batch_);
  }

  BatchStreams* const owner_;
  // Given back when gRPC is done with the stream (OnDone deletes it).
  ConcurrencyLimit::Slot slot_;
  // Reused across batches: cleared messages keep their buffers.
  v1::EvaluateBatch batch_;
  v1::EvaluateBatchResult result_;
  std::string digest_;
  std::shared_ptr<const CompiledModel> model_;
};

grpc::ServerBidiReactor<v1::EvaluateBatch, v1::EvaluateBatchResult>*
BatchStreams::Open() {
  absl::StatusOr<ConcurrencyLimit::Slot> slot = open_.Acquire();
  if (!slot.ok()) {
    return new RefusedStream<v1::EvaluateBatch, v1::EvaluateBatchResult>(
        ToGrpc(slot.status()));
  }
  auto* stream = new BatchStream(this, *std::move(slot));
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
