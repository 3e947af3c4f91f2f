// The production vote source: the gRPC client of concert.v1.Party. A single
// question with details (a session's round) goes out as parallel unary
// Evaluate calls; a batch (exploration) goes out over EvaluateStream in
// columnar batches, all parties in parallel. A party that fails after the
// retries is reported as unanswered, never as an error of the call.
//
// One EvaluateStream per party stays open for the life of the source,
// across its Ask and Table calls: a comparison's thousands of small
// explorations (one re-Table per sample) pay the stream's setup once, not
// once per level of each. A stream that ends (the party restarted, a fault,
// a deadline) is replaced at the party's next ask. Once a party is
// described, a re-Table costs no round trip: the draft rides with the next
// question. A small exploration then costs one round trip in all.
#ifndef CONCERT_SERVICES_COORDINATOR_RPC_GRPC_VOTE_SOURCE_H_
#define CONCERT_SERVICES_COORDINATOR_RPC_GRPC_VOTE_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "concert/v1/party.grpc.pb.h"
#include "services/common/lattice_order.h"
#include "services/coordinator/core/vote_source.h"
#include "services/coordinator/rpc/fan_out.h"

namespace concert::coordinator {

// One party to reach.
struct PartyEndpoint {
  std::string id;
  std::string address;
  std::shared_ptr<grpc::Channel> channel;
};

struct GrpcVoteSourceOptions {
  // Deadline and retries of each unary call; a stream's deadline is the
  // same plus a per-question allowance.
  RetryPolicy retry;
  // Deadlines of their own for the parties named (by id), in place of
  // retry.deadline: a party known to be slow may be given longer, and a
  // fault test gives only the party it makes misbehave a short one, so a
  // loaded machine cannot make the healthy ones look unresponsive.
  std::vector<std::pair<std::string, std::chrono::milliseconds>> party_deadline;
  // Questions per EvaluateBatch message.
  int batch_questions = 16384;
};

// The deadline of each call to party `party_id` under `options`.
std::chrono::milliseconds DeadlineFor(const GrpcVoteSourceOptions& options,
                                      const std::string& party_id);

// "UNAVAILABLE: connection refused" — a status as one readable line.
// Why party `party_id`, as `description` describes it, cannot serve
// `variant`: "USA has no model for variant 'x' (it serves ...)"; empty when
// it can (the baseline, a variant it lists, or any when it keeps its
// baseline under other variants).
std::string UnservedVariant(const std::string& party_id,
                            const v1::DescribeResponse& description,
                            const std::string& variant);

std::string StatusText(const grpc::Status& status);

// The longest prefix of the lattice order asked as ranges: what the
// built-in party and the SDK walk at most (party.proto). A longer ask goes
// question by question.
inline constexpr std::size_t kMaxLatticeQuestions = kMaxLatticeWalk;

// Questions of the first batch of a ramp (BatchBounds).
inline constexpr std::size_t kFirstRampBatch = 1024;

// Where an ask of `questions` questions splits into batches: batch b is
// [bounds[b], bounds[b + 1]). Batches of `per_batch`, or with `ramp` batches
// from kFirstRampBatch doubling up to `per_batch`.
std::vector<std::size_t> BatchBounds(std::size_t questions,
                                     std::size_t per_batch, bool ramp);

class GrpcVoteSource : public VoteSource {
 public:
  GrpcVoteSource(std::vector<PartyEndpoint> parties,
                 GrpcVoteSourceOptions options = {});
  ~GrpcVoteSource() override;

  int party_count() const override { return static_cast<int>(parties_.size()); }
  const std::string& party_id(int i) const override;
  v1::Memory party_memory(int i) const override;
  std::string party_version(int i) const override;

  // Tables the draft with every party. A party this source has described
  // (and that has not failed since) is tabled lazily: no call now; its
  // next question carries the TableRequest, named by the request's digest
  // (MessageDigest, as the parties compute it), and a party that cannot
  // take it says so then, in the same words. The others are tabled and
  // described now, in parallel, in one wave. Each party's TableRequest
  // carries the context's perturbation and only that party's overlay.
  // Parties that fail are remembered as unreachable (their error is kept)
  // and answer nothing; fails with UNAVAILABLE only when no party could take
  // the draft, FAILED_PRECONDITION when a party cannot serve the variant (as
  // it described itself), INVALID_ARGUMENT when an overlay names no party or
  // two name one.
  absl::Status Table(const TableContext& context) override;

  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override;
  // To a party whose Describe said answers_lattice (and that answers by
  // set), ranges of the lattice order in place of the questions; to any
  // other, the questions.
  absl::Status AskLattice(const LatticePrefix& questions, std::uint64_t ask,
                          std::vector<PartyAnswers>* out,
                          const LatticeProgress& progress) override;
  // Each batch's votes are told to `progress` as the batch lands.
  bool answers_progressively() const override { return true; }

  void SetAnswerObserver(AnswerObserver observer) override {
    observer_ = std::move(observer);
  }

  // Why party i could not be reached at Table time (empty if it was).
  const std::string& table_error(int i) const;

 private:
  struct Remote;
  struct StreamAsk;

  // Re-tables the draft with one party (after it lost it, e.g. restarted,
  // or a lazy table it could not take): false to give up on it, with its
  // error set.
  bool Retable(int i);
  // Before asking party i again: makes its channel reconnect now rather than
  // after gRPC's reconnect backoff, so a party that came back is found.
  void Revive(int i);
  // Ask and AskLattice: `lattice` when the questions are a prefix of the
  // lattice order (then listed only for a party sent each one, and taken
  // as well-formed: the order holds only the draft's proposals).
  absl::Status AskQuestions(const LatticePrefix& questions, bool details,
                            bool lattice, const LatticeProgress* progress,
                            std::uint64_t ask, std::vector<PartyAnswers>* out);
  void AskUnary(const Question& question, std::uint64_t ask,
                std::vector<PartyAnswers>* out);
  // Every asked party's share of a batch ask over its stream, all at once;
  // parties without the stream are asked by AskEach. With `lattice`, the
  // parties that walk the lattice order are sent ranges of it.
  void AskStreams(const LatticePrefix& questions, bool details, bool lattice,
                  const LatticeProgress* progress,
                  const std::vector<int>& parties,
                  std::vector<PartyAnswers>* out);
  // Starts an attempt of one party's share: (re)opens its stream when
  // needed and queues every batch not answered yet. Not under mu_.
  void StartAttempt(StreamAsk& ask);
  // Opens party i's stream unless it has one open (or `fresh`: always a new
  // one, which waits for the party to be ready). Not under mu_.
  void OpenStream(int i, bool fresh);
  // Queues batch b of `ask` on its party's stream. Not under mu_.
  void SendBatch(StreamAsk& ask, std::size_t b);
  // Questions [lo, hi) of `ask`, each written into `batch`.
  static void FillQuestions(const StreamAsk& ask, std::size_t lo,
                            std::size_t hi, v1::EvaluateBatch* batch);
  // What the stream of party i (opened as `generation`) hands back.
  void OnStreamResult(int i, std::uint64_t generation,
                      v1::EvaluateBatchResult& result);
  void OnStreamDone(int i, std::uint64_t generation,
                    const grpc::Status& status);
  // The same questions as Evaluate calls, one at a time: for a party that
  // does not implement EvaluateStream.
  void AskEach(int i, std::span<const Question> questions, bool details,
               PartyAnswers* answers);

  // Fills `a` from a finished Evaluate call; false when the answer is not one.
  bool TakeAnswer(int i, const grpc::Status& status,
                  const v1::EvaluateResponse& response, PartyAnswers* a);

  std::vector<std::unique_ptr<Remote>> parties_;
  AnswerObserver observer_;
  GrpcVoteSourceOptions options_;
  // Per party (index): the deadline of each call, and the same as FanOut
  // takes it.
  std::vector<std::chrono::milliseconds> deadlines_;
  DeadlineOf deadline_of_;
  const DraftIndex* index_ = nullptr;
  std::unique_ptr<DraftIndex> owned_index_;
  // Guards what the streams' callbacks share with the asking thread: each
  // party's current StreamAsk and stream generation.
  absl::Mutex mu_;
  // Bumped when an attempt of a StreamAsk ends (all answered, a fault, the
  // stream ended): the asking thread waits for it.
  std::uint64_t events_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RPC_GRPC_VOTE_SOURCE_H_
