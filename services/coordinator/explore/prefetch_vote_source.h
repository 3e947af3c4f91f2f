// Ask-ahead: a VoteSource decorator that, for a small draft, asks every
// question the lattice could reach in one Ask and answers the walk's later
// asks from what it holds.
//
// Why: a lattice level's questions depend on the level before, so a walk
// costs at least one round trip per level (and per veto-power re-walk). For
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
// party that fails the ask ahead is reported failed in that Ask, as it would
// have been in its first level, and asked live afterwards.
//
// Counting: callers count what they ask this source; what it asked ahead is
// questions_ahead(). Explore() reports in Exploration.questions_asked the
// questions the walk needed (each once per party), with or without asking
// ahead, so that an exploration's result does not depend on the transport's
// look-ahead.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_PREFETCH_VOTE_SOURCE_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_PREFETCH_VOTE_SOURCE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "services/common/draft_index.h"
#include "services/coordinator/core/vote_source.h"
#include "services/coordinator/explore/question_table.h"

namespace concert::coordinator {

class PrefetchingVoteSource : public VoteSource {
 public:
  // `inner` must outlive this source. max_questions 0: never ask ahead.
  PrefetchingVoteSource(VoteSource& inner, std::uint64_t max_questions);

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

  // Asks parties `ask` every question of the table, if the rules above
  // allow; otherwise the draft is passed through from now on.
  absl::Status AskAhead(std::uint64_t ask);
  // Position of `q` in the table, or QuestionTable::kNoQuestion.
  std::uint64_t PositionOf(const Question& q);
  // Asks the wrapped source and counts what it forwarded.
  absl::Status Forward(std::span<const Question> questions, std::uint64_t ask,
                       std::vector<PartyAnswers>* out);

  VoteSource& inner_;
  const std::uint64_t max_questions_;
  Phase phase_ = Phase::kPassThrough;
  std::optional<DraftIndex> index_;
  std::optional<QuestionTable> table_;
  // Per set of the table: the candidates it has questions about.
  std::vector<ProposalSet> candidates_;
  // Parties whose answers are held, and their votes by table position.
  std::uint64_t held_ = 0;
  std::vector<std::vector<std::uint8_t>> votes_;
  // Parties that failed the ask ahead, reported once in the Ask that
  // triggered it, with their answers saying why.
  std::uint64_t failed_ = 0;
  std::vector<PartyAnswers> failures_;
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
