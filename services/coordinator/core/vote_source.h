// The one interface through which the coordinator's cores reach the parties:
// a batch of (adopted set, proposal) questions in, every party's votes out.
// The production implementation is the gRPC client to concert.v1.Party; an
// in-process implementation serves unit tests and the performance baseline.
#ifndef CONCERT_SERVICES_COORDINATOR_CORE_VOTE_SOURCE_H_
#define CONCERT_SERVICES_COORDINATOR_CORE_VOTE_SOURCE_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/party.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/draft_index.h"

namespace concert::coordinator {

// One question: the party's vote on `proposal` (an index into the tabled
// draft) once `adopted` is adopted. `history` is the order of adoption, given
// only when a HISTORY-memory party needs it (sessions and sampling); it may be
// empty, in which case parties answer by set.
struct Question {
  Question() = default;
  Question(ProposalSet adopted, std::uint32_t proposal,
           std::span<const std::uint32_t> history = {}, int round = 0)
      : adopted(adopted), proposal(proposal), round(round), history(history) {}

  ProposalSet adopted = 0;
  std::uint32_t proposal = 0;
  // The session round (1-based) this question is tabled in, so that a
  // source keeping a ledger of rounds knows which round an answer belongs
  // to; 0 outside a session (explorations).
  int round = 0;
  std::span<const std::uint32_t> history;
};
// `round` sits beside `proposal`, filling what would be padding: 32 bytes a
// question, not 40. An exploration's question table holds tens of
// thousands, and on a VM where the first touch of a page costs ~10 µs
// (docs/performance.md) a first exploration pays for every page of them.
static_assert(sizeof(Question) == 32);

// The reasons behind one vote, filled when details are asked for.
struct VoteDetail {
  double utility_change = 0;
  std::string rationale;
  std::vector<std::string> conditions;
  // Id of the party rule that decided the vote (empty: the utility did, or
  // the party does not say).
  std::string rule;
  // The party's interpretative statement with the vote (empty: none).
  std::string statement;
};

// One party's answers to a batch.
struct PartyAnswers {
  // False when the party was not asked (absent under the variant) or could
  // not be reached after the retries; `votes` is then empty and `error` says
  // why.
  bool answered = false;
  std::string error;
  // One v1::Vote value per question, in question order.
  std::vector<std::uint8_t> votes;
  // One per question when details were asked for.
  std::vector<VoteDetail> details;
  // Attempts made and time to answer (whole batch), for the record.
  int attempts = 0;
  std::int64_t latency_us = 0;
  // Read back from the record of a session being resumed, not asked of the
  // party again (LedgerVoteSource); the vote says so (CastVote.replayed).
  bool replayed = false;
};

// What a vote source needs to know to table a draft.
struct TableContext {
  const v1::CharterDraft* draft = nullptr;
  std::string variant;
  std::vector<v1::DimensionValue> initial_state;
  // Robustness: every party perturbs its own model with this seed and
  // these sizes (`spread`, or per component; all 0: none).
  v1::Perturbation perturbation;
  // What-if: overlays on parties' profiles; each party is handed only the
  // one naming it (by PartyOverlay.party).
  std::vector<v1::PartyOverlay> overlays;
};

class VoteSource;

// The first size() questions of the tabled draft's lattice order
// (services/common/lattice_order.h), as a lattice ask names them. A party
// that walks that order itself is sent ranges of it and never needs the
// questions one by one, so the list is made only when asked for (list()):
// a small draft's question table holds tens of thousands of questions, and
// on a VM where a first touch of memory is dear, listing them cost a first
// exploration ~2 ms it spent on nothing when every party walks the order
// (docs/performance.md). list() must be safe to call from any thread.
class LatticePrefix {
 public:
  // Listed already (by reference: `questions` must outlive this).
  LatticePrefix(std::span<const Question> questions)  // NOLINT: a list is one
      : size_(questions.size()), listed_(questions) {}
  LatticePrefix(const std::vector<Question>& questions)  // NOLINT: as above
      : LatticePrefix(std::span<const Question>(questions)) {}
  // `size` questions that `list` lists when called.
  LatticePrefix(std::uint64_t size,
                std::function<std::span<const Question>()> list)
      : size_(size), list_(std::move(list)) {}

  std::uint64_t size() const { return size_; }
  std::span<const Question> list() const { return list_ ? list_() : listed_; }

 private:
  std::uint64_t size_ = 0;
  std::span<const Question> listed_;
  std::function<std::span<const Question>()> list_;
};

// Told that party `party` answered questions [first, first + votes.size())
// of a lattice ask with `votes` (v1::Vote values): final, each question
// once, ranges in any order, from any thread — while the ask runs.
using LatticeProgress = std::function<void(
    int party, std::uint64_t first, std::span<const std::uint8_t> votes)>;

// The overlay each of `source`'s parties is to be handed (index i: party i;
// null: none), from `context.overlays`. INVALID_ARGUMENT for an overlay
// naming no party of the source, or two naming one party: every source
// refuses the same contexts the same way.
absl::StatusOr<std::vector<const v1::PartyOverlay*>> OverlayOfEachParty(
    const TableContext& context, const VoteSource& source);

// Told of one party's final answer to a one-question ask as soon as it
// arrives, before the other parties have answered; may be called from
// another thread, several at once.
using AnswerObserver =
    std::function<void(int party, const PartyAnswers& answers)>;

class VoteSource {
 public:
  virtual ~VoteSource() = default;

  // Sources that collect answers asynchronously report each one as it
  // arrives (so a ledger can make a vote durable at once); the default
  // ignores the observer, and callers learn the answers when Ask returns.
  // By value: an override keeps the observer, and moves it in.
  // NOLINTNEXTLINE(performance-unnecessary-value-param): see above
  virtual void SetAnswerObserver(AnswerObserver observer) { (void)observer; }

  // Number of parties, and their ids in scenario order. Answers are indexed
  // the same way.
  virtual int party_count() const = 0;
  virtual const std::string& party_id(int i) const = 0;
  // What party i says its votes depend on: SET, HISTORY, or UNSPECIFIED
  // when it left that unset (or never described itself). Anything but SET
  // must be read as HISTORY: the votes may depend on the order.
  virtual v1::Memory party_memory(int i) const = 0;
  // The implementation version party i reported (Describe), for a session's
  // header; empty when it never described itself or the source does not
  // ask.
  virtual std::string party_version(int i) const {
    (void)i;
    return "";
  }

  // Tables a draft with every party to be asked. Parties that fail to take it
  // are reported in the status only if none can be asked; others are marked
  // unreachable and answer nothing later.
  virtual absl::Status Table(const TableContext& context) = 0;

  // Asks every party whose bit is set in `ask` (a mask over party indices)
  // every question, all parties in parallel. `out` is resized to
  // party_count(); parties not asked are left unanswered. A party that fails
  // is reported in its PartyAnswers, never as an error of the call; the
  // status is an error only when the call itself is malformed.
  virtual absl::Status Ask(std::span<const Question> questions, bool details,
                           std::uint64_t ask,
                           std::vector<PartyAnswers>* out) = 0;

  // Asks, without details, `questions` — which must be the first
  // questions.size() questions of the tabled draft's lattice order
  // (services/common/lattice_order.h): a small draft's every question,
  // asked ahead. A source whose parties walk that order themselves sends
  // such a party a range of it (a few bytes) instead of each question; the
  // answers are the same. `progress`, when given, is told each party's
  // answers as they become final (see LatticeProgress); by default, Ask,
  // then every answered party's votes at once.
  virtual absl::Status AskLattice(const LatticePrefix& questions,
                                  std::uint64_t ask,
                                  std::vector<PartyAnswers>* out,
                                  const LatticeProgress& progress = nullptr) {
    absl::Status status = Ask(questions.list(), /*details=*/false, ask, out);
    if (status.ok() && progress) {
      for (int i = 0; i < static_cast<int>(out->size()); ++i) {
        const PartyAnswers& a = (*out)[i];
        if (a.answered && a.votes.size() == questions.size()) {
          progress(i, 0, a.votes);
        }
      }
    }
    return status;
  }
  // Whether AskLattice tells `progress` of answers before it returns, so
  // that a caller may run it on another thread and use each part as it
  // lands (explore/prefetch_vote_source.h).
  virtual bool answers_progressively() const { return false; }
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_CORE_VOTE_SOURCE_H_
