// What the explorer's strategies share during one exploration: the draft's
// index, the decision rule, which parties are asked, and the running tallies
// that progress reports, budget checks and error messages quote.
// Internal to the explorer (see explore/explorer.h for the public entry point).
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_CONTEXT_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_CONTEXT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/draft_index.h"
#include "services/coordinator/core/decision_rule.h"
#include "services/coordinator/core/vote_source.h"
#include "services/coordinator/explore/explorer.h"

namespace concert::coordinator {

// Votes of one question: SUPPORT, ABSTAIN and OBJECT counts.
struct Tally {
  std::uint8_t support = 0;
  std::uint8_t abstain = 0;
  std::uint8_t object = 0;
};
Tally TallyOf(std::span<const std::uint8_t> votes);

class ExploreContext {
 public:
  // `party_ids` in scenario order (the source's order); `scopes[p]` says
  // how the rule applies to proposal p (ForumContext); `present` is the mask of
  // parties asked, `history` the present parties with HISTORY memory. All
  // references must outlive the context.
  ExploreContext(const DraftIndex& index, const DecisionRule& rule,
                 VoteSource& source, std::vector<std::string> party_ids,
                 std::vector<ProposalScope> scopes, std::uint64_t present,
                 std::uint64_t history, const ExploreOptions& options,
                 const ProgressFn& progress);
  // Waits for an ask StartAsk left running (see AbandonAsk).
  ~ExploreContext();
  ExploreContext(const ExploreContext&) = delete;
  ExploreContext& operator=(const ExploreContext&) = delete;

  const DraftIndex& index() const { return index_; }
  const ExploreOptions& options() const { return options_; }
  int parties() const { return static_cast<int>(party_ids_.size()); }
  std::uint64_t present() const { return present_; }
  // Present parties whose votes may depend on the order (HISTORY memory),
  // and those whose votes depend on the set only.
  std::uint64_t history_parties() const { return history_; }
  std::uint64_t set_parties() const { return present_ & ~history_; }
  const std::string& party_id(int i) const { return party_ids_[i]; }

  // Asks every present party in `parties` (default: all present) every
  // question (no details). Afterwards VoteOf(*answers, party, q) reads the
  // votes; parties not asked read 0. UNAVAILABLE naming the party and
  // Where() when an asked party did not answer; questions_asked() grows by
  // questions x parties asked.
  absl::Status Ask(std::span<const Question> questions,
                   std::vector<PartyAnswers>* answers,
                   std::uint64_t parties = ~std::uint64_t{0});

  // Ask in two halves, so that the parties answer the next chunk of a big
  // level while the caller evaluates this one. StartAsk returns at once,
  // with the source's Ask running on another thread; FinishAsk waits for it
  // and returns what Ask would have (same checks, same messages, quoting
  // Where() as it stands when it is called), counting the questions. The
  // checks and the tallies run on the calling thread: only the source and
  // `*answers` are touched by the other one. One ask at a time: until
  // FinishAsk or AbandonAsk, nothing may Ask or AskDetails (a VoteSource
  // takes one Ask at a time), and `questions` and `*answers` are the
  // other thread's. Costs a thread per call: for asks worth overlapping.
  void StartAsk(std::span<const Question> questions,
                std::vector<PartyAnswers>* answers,
                std::uint64_t parties = ~std::uint64_t{0});
  absl::Status FinishAsk();
  // Waits for a started ask and drops its answers (an error elsewhere ends
  // the exploration); nothing when none is running.
  void AbandonAsk();
  bool asking() const { return pending_ != nullptr; }

  // Asks the parties in `parties_mask` for detailed answers
  // (rationales), all at once. Not counted in questions_asked(): these
  // repeat questions already asked without details. A party that does not
  // answer is reported in its PartyAnswers (answered false, with its
  // error), not in the status.
  absl::Status AskDetails(std::uint64_t parties_mask,
                          std::span<const Question> questions,
                          std::vector<PartyAnswers>* answers);
  // Party i's vote on question q of the last Ask; 0 for an absent party.
  static std::uint8_t VoteOf(const std::vector<PartyAnswers>& answers,
                             int party, std::size_t q) {
    const auto& votes = answers[party].votes;
    return q < votes.size() ? votes[q] : 0;
  }

  // Whether `proposal` passes with `votes` (one per party). With
  // set_aside >= 0 that party's OBJECT counts as ABSTAIN (veto power).
  bool Passes(std::span<const std::uint8_t> votes, int proposal,
              int set_aside = -1) const;

  // Running tallies, quoted by progress reports and error messages.
  void set_level(int level) { level_ = level; }

  // Progress in named phases, so that a walk that starts again at level 0
  // (enumeration's walk of each party's world) says what it is doing: the
  // phase under way ("consensus sequences", "veto power of DPRK"), 1-based
  // `number` of `phases`. Its done share starts again at 0.
  void BeginPhase(std::string name, int number, int phases);
  // The share of the current phase done, as the strategy estimates it
  // (clamped to [0, 1]).
  void set_phase_done(double share);
  // The lattice's estimate of that share: the levels below `level` done,
  // and `level_share` of `level`, each level weighted by how many sets it
  // can hold (n choose level).
  void set_levels_done(int level, double level_share);
  void add_states(std::uint64_t n) { states_ += n; }
  std::uint64_t states() const { return states_; }
  std::uint64_t questions_asked() const { return questions_; }
  std::int64_t elapsed_ms() const;
  // "level 3 of 12 (1234 states explored, 5678 questions asked)", after
  // the phase when there are several ("veto power of DPRK, level 3 ...").
  std::string Where() const;

  // Calls the progress callback; CANCELLED when it returns false. The
  // report's fraction_done never falls below an earlier report's.
  absl::Status Report();
  // Reports once more with everything done (fraction_done 1). What the
  // callback answers is ignored: nothing is left to cancel.
  void ReportDone();

  // RESOURCE_EXHAUSTED when `states` or `bytes` (an estimate) passes the
  // budget; the message names `what` is being built, the level and the
  // states so far, and suggests sampling.
  absl::Status CheckBudget(std::uint64_t states, std::uint64_t bytes,
                           absl::string_view what) const;

 private:
  // An ask StartAsk began (context.cc).
  struct PendingAsk;

  // Ask's two halves. BeginAsk resets `*answers` and returns the parties to
  // ask (0: nobody, every vote reads 0); EndAsk checks what the source
  // returned and counts the questions.
  std::uint64_t BeginAsk(std::span<const Question> questions,
                         std::vector<PartyAnswers>* answers,
                         std::uint64_t parties_mask) const;
  absl::Status EndAsk(const absl::Status& status,
                      std::span<const Question> questions, std::uint64_t ask,
                      std::vector<PartyAnswers>* answers);

  const DraftIndex& index_;
  const DecisionRule& rule_;
  VoteSource& source_;
  std::vector<std::string> party_ids_;
  std::vector<ProposalScope> scopes_;
  std::uint64_t present_;
  std::uint64_t history_;
  const ExploreOptions& options_;
  const ProgressFn& progress_;

  // The estimate of the whole exploration done, in [0, 1].
  double FractionDone() const;
  v1::ExploreProgress ProgressNow();

  int level_ = 0;
  std::string phase_;
  int phase_number_ = 0;
  int phases_ = 0;
  double phase_done_ = 0;
  double fraction_reported_ = 0;
  std::uint64_t states_ = 0;
  std::uint64_t questions_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_report_;
  std::uint64_t questions_at_last_report_ = 0;
  std::unique_ptr<PendingAsk> pending_;  // null: none
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_CONTEXT_H_
