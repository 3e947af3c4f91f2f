// One EvaluateStream of the built-in party, answered on gRPC's callback
// threads: a batch is read, answered and written, then the next is read. No
// thread of the server sits blocked on a stream between batches — the
// coordinator keeps one stream per party open for as long as it runs — and a
// batch costs fewer thread hand-offs than a synchronous handler's (the
// hand-offs, not the votes, are most of a small batch's time).
#ifndef CONCERT_SERVICES_PARTY_RPC_BATCH_STREAM_H_
#define CONCERT_SERVICES_PARTY_RPC_BATCH_STREAM_H_

#include <functional>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "concert/v1/party.pb.h"
#include "services/common/server/concurrency_limit.h"
#include "services/common/server/server_limits.h"
#include "services/party/core/interest_model.h"
#include "spdlog/logger.h"

namespace concert::party {

class BatchStream;

// The streams of one service waiting for their next batch, so that a server
// shutting down can end them at once (see IdleStreams: the same
// idea for synchronous handlers).
class BatchStreams {
 public:
  // The compiled draft a batch names: `digest` (the batch's), or — when the
  // party does not know it and the batch carries `table` — the draft tabled
  // from it; null when neither.
  using ModelFor = std::function<std::shared_ptr<const CompiledModel>(
      const v1::EvaluateBatch& batch)>;

  // `log` (the party's) gets one debug line per batch answered — which
  // questions, so an operator (or a test) can tell a retried batch from a
  // new one; off unless CONCERT_LOG=debug.
  // At most `max_streams` are open at once (server_limits.h).
  BatchStreams(ModelFor model_for, std::shared_ptr<spdlog::logger> log,
               int max_streams = kDefaultMaxPartyStreams)
      : model_for_(std::move(model_for)),
        log_(std::move(log)),
        open_(max_streams, "evaluate streams",
              "concert-party --limit-streams") {}

  // A new stream's reactor (gRPC deletes it through OnDone); beyond the
  // limit, one that finishes at once with RESOURCE_EXHAUSTED.
  grpc::ServerBidiReactor<v1::EvaluateBatch, v1::EvaluateBatchResult>* Open();
  // Ends every stream waiting for its next batch, and every stream once it
  // has answered the batch it holds; new streams end at once.
  void Drain();

 private:
  friend class BatchStream;
  // False when draining (the stream then finishes instead of reading).
  bool Waiting(BatchStream* stream, bool waiting);
  void Closed(BatchStream* stream);

  const ModelFor model_for_;
  const std::shared_ptr<spdlog::logger> log_;
  // Every open stream holds a slot until gRPC is done with it.
  ConcurrencyLimit open_;
  absl::Mutex mu_;
  absl::flat_hash_set<BatchStream*> waiting_ ABSL_GUARDED_BY(mu_);
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace concert::party

#endif  // CONCERT_SERVICES_PARTY_RPC_BATCH_STREAM_H_
