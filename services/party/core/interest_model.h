// The built-in party's interest model, compiled for one tabled draft.
//
// A party holds an ideal point and a salience per dimension. Its utility in a
// state x is u(x) = -sum_d salience_d * |x_d - ideal_d|; the state after a set
// S of adopted proposals is x(S) = x0 + sum of the effects of S. For a
// proposal p the party weighs du = u(x(S) + effects(p)) - u(x(S)):
// SUPPORT when du >= support_threshold, OBJECT when du < -objection_threshold,
// ABSTAIN otherwise. Its rules then apply in order: a RED_LINE covering p
// makes the vote OBJECT unless its condition holds in x(S) and S; a
// CONCESSION covering p whose condition holds turns an OBJECT into ABSTAIN.
// Last, a proposal the party tolerates (a what-if overlay's `tolerate`, see
// overlay.h) turns a remaining OBJECT into ABSTAIN.
//
// The model has SET memory: the vote depends only on the adopted set. It is
// compiled once per (draft, variant, initial state) into dense effect vectors
// and proposal bitsets so that Vote() allocates nothing.
#ifndef CONCERT_SERVICES_PARTY_CORE_INTEREST_MODEL_H_
#define CONCERT_SERVICES_PARTY_CORE_INTEREST_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/party.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/draft_index.h"

namespace concert::party {

// One vote with its reasons.
struct Evaluation {
  v1::Vote vote = v1::VOTE_UNSPECIFIED;
  // du of the proposal in the current state (before any rule applies).
  double utility_change = 0;
  // One line naming what decided the vote: a rule (id and reason) or the
  // dimensions that moved utility most.
  std::string rationale;
  // For an OBJECT: what would have to be adopted ("adopt verif_mechanism") or
  // reached ("security_assurance >= 4") first to lift it. Empty otherwise, or
  // when nothing would help.
  std::vector<std::string> conditions;
  // Id of the party's rule that decided the vote: the first red line in
  // force when it objects (the utility may object as well), or the
  // concession that turned an objection into an abstention. Empty when the
  // utility decided, or when a tolerated proposal did (the rationale then
  // says "concedes <id> (what-if)").
  std::string rule;
  // The party's interpretative statement with a vote that does not object
  // (its STATEMENT rules' reasons); empty for none.
  std::string statement;
};

// Copies an Evaluation into its wire form.
void ToProto(const Evaluation& evaluation, v1::EvaluateResponse* out);

class CompiledModel {
 public:
  // Slack of every comparison with a threshold (support, objection and
  // condition thresholds, move sizes): states are sums of deltas, and a state
  // that reaches 4 as 0.1 + ... must count as reaching it.
  static constexpr double kTolerance = 1e-9;

  // Compiles `model` against `draft`, starting from `initial_state`
  // (dimensions it does not list start at 0; a dimension listed twice takes
  // its last value). Fails with INVALID_ARGUMENT when the draft cannot be
  // indexed (see DraftIndex::Build) or the model is malformed: a negative
  // salience, a dimension positioned twice, a rule without id or kind, two
  // rules with one id, a threshold without comparison or a move without
  // direction.
  //
  // `tolerated` names proposals of the draft on which the party votes at
  // worst ABSTAIN (OverlaidModel::tolerated); a name the draft does not
  // hold is INVALID_ARGUMENT.
  static absl::StatusOr<CompiledModel> Compile(
      const v1::InterestModel& model, const v1::CharterDraft& draft,
      absl::Span<const v1::DimensionValue> initial_state,
      absl::Span<const std::string> tolerated = {});
  static absl::StatusOr<CompiledModel> Compile(
      const v1::InterestModel& model, const v1::CharterDraft& draft,
      const std::vector<v1::DimensionValue>& initial_state,
      absl::Span<const std::string> tolerated = {}) {
    return Compile(model, draft, absl::MakeConstSpan(initial_state), tolerated);
  }
  // The same, with the initial state as it comes in a TableRequest.
  static absl::StatusOr<CompiledModel> Compile(
      const v1::InterestModel& model, const v1::CharterDraft& draft,
      const google::protobuf::RepeatedPtrField<v1::DimensionValue>&
          initial_state,
      absl::Span<const std::string> tolerated = {});

  // The vote on proposal index `proposal` once `adopted` is adopted. Requires
  // 0 <= proposal < index().size(); bits of `adopted` beyond the draft are
  // ignored. Allocates nothing (for up to 32 tracked dimensions) and is safe
  // to call from many threads at once.
  v1::Vote Vote(ProposalSet adopted, int proposal) const;
  // Vote on each proposal of `proposals` (ascending index) once `adopted`
  // is adopted, into out[0 .. popcount(proposals)); returns the count. The
  // state is computed once for all of them — a lattice walk asks every
  // candidate of a set in a row — and the votes are Vote's exactly.
  int VoteEach(ProposalSet adopted, ProposalSet proposals, v1::Vote* out) const;
  // Votes on questions k in [begin, end) — proposal proposal_of(k) once
  // set_of(k) is adopted — calling write(k, vote) for each. Runs of one set
  // with ascending proposals (a walk's level asks each set's candidates in
  // a row) share one state (VoteEach).
  template <typename SetOf, typename ProposalOf, typename Write>
  void VoteRuns(std::size_t begin, std::size_t end, SetOf set_of,
                ProposalOf proposal_of, Write write) const {
    for (std::size_t k = begin; k < end;) {
      const ProposalSet set = set_of(k);
      ProposalSet run = Bit(static_cast<int>(proposal_of(k)));
      std::size_t r = k + 1;
      while (r < end && set_of(r) == set &&
             proposal_of(r) > proposal_of(r - 1)) {
        run |= Bit(static_cast<int>(proposal_of(r)));
        ++r;
      }
      v1::Vote votes[kMaxProposals];
      const int count = VoteEach(set, run, votes);
      for (int i = 0; i < count; ++i) write(k + i, votes[i]);
      k = r;
    }
  }

  // The same vote with du, rationale and conditions. Evaluate(s, p).vote ==
  // Vote(s, p) always.
  Evaluation Evaluate(ProposalSet adopted, int proposal) const;

  // The draft's index (proposal ids to indices).
  const DraftIndex& index() const { return index_; }
  // The dimensions the model tracks: those the party positions itself on,
  // then those its rules' thresholds name, in order of first mention.
  const std::vector<std::string>& dimensions() const { return dimensions_; }
  // The state x(adopted) over dimensions().
  std::vector<double> State(ProposalSet adopted) const;

 private:
  // A threshold of a rule's condition, over a tracked dimension.
  struct Threshold {
    int dimension;
    bool at_least;  // else at most
    double value;
  };
  struct Rule {
    bool red_line;  // else concession (or statement)
    // A STATEMENT: never part of a vote (RulesOf leaves it out); the
    // explained vote attaches its reason.
    bool statement = false;
    ProposalSet covers = 0;
    // The condition: every proposal of `needs` adopted and every threshold
    // in [threshold_begin, threshold_end) holding. An empty condition, or
    // one naming a proposal outside the draft, never holds.
    ProposalSet needs = 0;
    bool never_holds = false;
    int threshold_begin = 0;
    int threshold_end = 0;
  };

  CompiledModel() = default;

  // One nonzero move of a proposal.
  struct Move {
    int dimension;
    double delta;
  };

  // x_d(adopted). Every path sums in the same order (initial value, then the
  // movers in draft order), so Vote and Evaluate see identical numbers.
  double ValueOf(int dimension, ProposalSet adopted) const;
  // Writes x(adopted) into `x` (dimensions_.size() values).
  void StateInto(ProposalSet adopted, double* x) const;
  // Writes into `x` only the dimensions `proposal`'s vote reads.
  void ReadStateInto(ProposalSet adopted, int proposal, double* x) const;
  // The vote on `proposal` in state `x` (every dimension it reads filled).
  v1::Vote VoteIn(const double* x, ProposalSet adopted, int proposal) const;
  // du of `proposal` in state `x`; `contributions`, when not null, receives
  // the share of each dimension the proposal moves (others are untouched).
  double UtilityChange(const double* x, int proposal,
                       double* contributions) const;
  v1::Vote UtilityVote(double du) const;
  bool Holds(const Rule& rule, const double* x, ProposalSet adopted) const;
  // Rule indices covering `proposal`, in rule order.
  absl::Span<const int> RulesOf(int proposal) const {
    return absl::MakeConstSpan(rule_ids_.data() + rule_offsets_[proposal],
                               rule_ids_.data() + rule_offsets_[proposal + 1]);
  }
  // The statements the party attaches to a vote on `proposal` that does
  // not object in state `x`, joined with "; " (empty: none).
  std::string StatementsOn(int proposal, const double* x,
                           ProposalSet adopted) const;
  // The parts of a rule's condition that do not hold, as text.
  void UnmetParts(int rule, const double* x, ProposalSet adopted,
                  std::vector<std::string>* out) const;
  std::string UtilityRationale(v1::Vote vote, double du,
                               const double* contributions) const;

  DraftIndex index_;
  std::vector<std::string> dimensions_;
  std::vector<double> initial_;
  std::vector<double> ideal_;
  std::vector<double> salience_;
  // column_[d * n + p]: proposal p's move of dimension d; movers_[d]: the
  // proposals that move it.
  std::vector<double> column_;
  std::vector<ProposalSet> movers_;
  // Proposal p's nonzero moves are moves_[move_offsets_[p] ..
  // move_offsets_[p + 1]), in dimension order.
  std::vector<Move> moves_;
  std::vector<int> move_offsets_;
  // The dimensions proposal p's vote reads (those it moves and those the
  // thresholds of rules covering it name): reads_[read_offsets_[p] ..).
  std::vector<int> reads_;
  std::vector<int> read_offsets_;
  // The same as bits (when the model tracks at most 64 dimensions).
  std::vector<std::uint64_t> read_masks_;
  // Proposals the party votes at worst ABSTAIN on (a what-if overlay).
  ProposalSet tolerated_ = 0;
  double support_threshold_ = 0;
  double objection_threshold_ = 0;
  std::vector<Rule> rules_;
  std::vector<Threshold> thresholds_;
  std::vector<int> rule_ids_;
  std::vector<int> rule_offsets_;
  // The source rules, for rationales and conditions.
  std::vector<v1::PartyRule> source_rules_;
};

}  // namespace concert::party

#endif  // CONCERT_SERVICES_PARTY_CORE_INTEREST_MODEL_H_
