// Ask-ahead: a VoteSource decorator that, for a small draft, asks every
// question the lattice could reach in one Ask and answers the walk's later
// asks from what it holds.
//
// Why: a lattice level's questions depend on the level before, so a walk
// costs at least one round trip per level. For
// a small draft every admissible (set, candidate) question
// (explore/question_table.h) fits in one batch per party: one round trip in
// all. Asking ahead asks more than the walk needs — the walk asks only about
// sets consensus reaches — so it pays only when the extra questions cost
// less than the round trips they save; Explore() decides with
// ExploreOptions::ask_ahead_max_questions (see there, and
// docs/performance.md for the measurement behind the default).
//
// When: on the first Ask after Table, if it asks without details, every
// party it asks has MEMORY_SET (a HISTORY party's votes depend on the order,
// which a set does not carry), and the draft's question table fits
// `max_questions`. Otherwise, and for every Ask with details, it forwards to
// the wrapped source. Questions outside the table (there are none in a
// lattice walk) and parties not asked ahead go to the wrapped source too. A
// party that fails the ask ahead is reported failed in the first Ask that
// needs an answer it did not give, as it would have been in that level, and
// asked live afterwards.
//
// Table: the first exploration of a draft's shape walks its question table
// (QuestionTable::Shared, kept for later samples) on a thread while the
// wrapped source tables the draft, since that is a round trip in which the
// asking thread only waits; on a VM where a first touch of memory is dear,
// the walk cost a first N = 12 exploration 3–5 ms (docs/performance.md).
//
// Overlap: a wrapped source that answers progressively (GrpcVoteSource:
// batch by batch, the first ones small) is asked ahead on a thread of this
// source's when the table holds kOverlapMinQuestions or more, and each Ask
// waits only until the answers it needs have landed — the table is in level
// order, so the walk works on the first levels while the parties answer the
// last. Everything else (details, questions outside the table, parties not
// asked ahead, a new Table) waits for the ask ahead to end first: the wrapped
// source serves one ask at a time.
//
// Counting: callers count what they ask this source; what it asked ahead is
// questions_ahead(). Explore() reports in Exploration.questions_asked the
// questions the walk needed (each once per party), with or without asking
// ahead, so that an exploration's result does not depend on the transport's
// look-ahead.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_PREFETCH_VOTE_SOURCE_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_PREFETCH_VOTE_SOURCE_H_

#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "services/common/draft_index.h"
#include "services/coordinator/core/vote_source.h"
#include "services/coordinator/explore/question_table.h"

namespace concert::coordinator {

class PrefetchingVoteSource : public VoteSource {
 public:
  // The smallest table asked ahead on a thread of its own by default (see
  // Overlap; ExploreOptions::ask_ahead_overlap_min_questions).
  static constexpr std::uint64_t kOverlapMinQuestions = 4096;

  // `inner` must outlive this source. max_questions 0: never ask ahead.
  // Tables of overlap_min_questions or more are asked ahead on a thread of
  // this source's when `inner` answers progressively.
  PrefetchingVoteSource(
      VoteSource& inner, std::uint64_t max_questions,
      std::uint64_t overlap_min_questions = kOverlapMinQuestions);

  int party_count() const override { return inner_.party_count(); }
  const std::string& party_id(int i) const override {
    return inner_.party_id(i);
  }
  v1::Memory party_memory(int i) const override {
    return inner_.party_memory(i);
  }
  // NOLINTNEXTLINE(performance-unnecessary-value-param): moved on
  void SetAnswerObserver(AnswerObserver observer) override {
    inner_.SetAnswerObserver(std::move(observer));
  }

  ~PrefetchingVoteSource() override;
  PrefetchingVoteSource(const PrefetchingVoteSource&) = delete;
  PrefetchingVoteSource& operator=(const PrefetchingVoteSource&) = delete;

  // Tables through the wrapped source and forgets what was asked ahead.
  absl::Status Table(const TableContext& context) override;
  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override;

  // Whether the current draft's answers were asked ahead (after the first
  // Ask), and how many questions that asked, counted once per party.
  bool asked_ahead() const { return phase_ == Phase::kHolding; }
  std::uint64_t questions_ahead() const { return questions_ahead_; }
  // Questions answered from what was asked ahead, and questions forwarded,
  // counted once per party (since Table).
  std::uint64_t answered_ahead() const { return answered_ahead_; }
  std::uint64_t forwarded() const { return forwarded_; }

 private:
  enum class Phase { kUntried, kHolding, kPassThrough };

  // Starts walking `index`'s question table into QuestionTable's cache on
  // a thread of its own, unless it is kept there already or a party answers
  // by history (see "Table" above).
  void StartTableBuild(const DraftIndex& index);
  // Asks parties `ask` every question of the table, if the rules above
  // allow (on worker_ when the wrapped source answers progressively);
  // otherwise the draft is passed through from now on.
  absl::Status AskAhead(std::uint64_t ask);
  // What the ask ahead tells as it lands, and its end.
  void Landed(int party, std::uint64_t first,
              std::span<const std::uint8_t> votes);
  void Settle(const absl::Status& status, std::vector<PartyAnswers> ahead);
  // Waits for the ask ahead to end (nothing to wait for when none runs).
  void WaitSettled();
  // Position of `q` in the table, or QuestionTable::kNoQuestion.
  std::uint64_t PositionOf(const Question& q);
  // Asks the wrapped source and counts what it forwarded.
  absl::Status Forward(std::span<const Question> questions, std::uint64_t ask,
                       std::vector<PartyAnswers>* out);

  VoteSource& inner_;
  const std::uint64_t max_questions_;
  const std::uint64_t overlap_min_questions_;
  Phase phase_ = Phase::kPassThrough;
  std::optional<DraftIndex> index_;
  // The table walked during Table (StartTableBuild); waited for before the
  // cache is read, and by the destructor.
  std::future<void> table_build_;
  std::shared_ptr<const QuestionTable> table_;
  // The ask ahead, on worker_ while it runs; the fields below are the
  // asking thread's and worker_'s, under mu_.
  std::thread worker_;
  absl::Mutex mu_;
  bool settled_ ABSL_GUARDED_BY(mu_) = true;
  absl::Status ahead_status_ ABSL_GUARDED_BY(mu_);
  // Parties whose answers are held (until the ask ahead ends: every party
  // asked ahead), and their votes by table position; answered_[i]: votes
  // [0, answered_[i]) of party i have landed, and landed_[i] the ranges
  // past it (first -> end).
  std::uint64_t held_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::vector<std::uint8_t>> votes_ ABSL_GUARDED_BY(mu_);
  std::vector<std::uint64_t> answered_ ABSL_GUARDED_BY(mu_);
  std::vector<std::map<std::uint64_t, std::uint64_t>> landed_
      ABSL_GUARDED_BY(mu_);
  // Parties that failed the ask ahead, reported once, with their answers
  // saying why.
  std::uint64_t failed_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<PartyAnswers> failures_ ABSL_GUARDED_BY(mu_);
  std::uint64_t questions_ahead_ = 0;
  std::uint64_t answered_ahead_ = 0;
  std::uint64_t forwarded_ = 0;
  // The last set looked up (questions come grouped by set).
  bool have_last_ = false;
  ProposalSet last_set_ = 0;
  std::uint32_t last_id_ = QuestionTable::kNone;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_PREFETCH_VOTE_SOURCE_H_
