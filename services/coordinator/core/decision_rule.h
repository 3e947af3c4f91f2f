// Decision rules: how the votes of one round become an outcome (DESIGN.md,
// "Decision rules"). Sessions ask for a full Decision with an explanation;
// exploration asks Passes() millions of times, so that path never allocates.
#ifndef CONCERT_SERVICES_COORDINATOR_CORE_DECISION_RULE_H_
#define CONCERT_SERVICES_COORDINATOR_CORE_DECISION_RULE_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/scenario.pb.h"

namespace concert::coordinator {

// The outcome of one round under a decision rule.
struct Decision {
  bool passes = false;
  // Indices of the parties whose votes (or absence) blocked the proposal,
  // ascending. Empty when it passes, and when it fails without anyone to
  // blame (qualified majority with every party abstaining).
  std::vector<int> blocking;
  // One line, e.g. "passes: no objection (DPRK abstains)",
  // "fails: objection from DPRK, RUS",
  // "fails: 3.0 of 6.0 weight supports, 0.67 needed".
  std::string explanation;
};

// How the rule applies to one proposal (ResolveForum computes one per
// proposal from its procedure, concerns and decided_by, and the rule).
struct ProposalScope {
  // Parties whose objections do not block, as long as no more than
  // `exempt_limit` of them object: the state a violation measure answers
  // (limit 1) under consensus minus one or two, the two states a directed
  // conciliation addresses (limit 2) under consensus minus two. 0 when the
  // rule recognises no such procedure for the proposal.
  std::uint64_t exempt = 0;
  int exempt_limit = 0;
  // The parties that decide (Proposal.decided_by, else everyone): the
  // others' votes are not counted, and their absence blocks nothing.
  std::uint64_t deciding = ~std::uint64_t{0};
  // Taken by the silence procedure: passes unless a deciding party objects,
  // whatever the rule; abstaining and absent parties keep silence.
  bool silence = false;
};

// A scenario's decision rule bound to its parties' weights.
//
// Votes are v1::Vote values as bytes, one per party in scenario order;
// VOTE_UNSPECIFIED (0) — or any value that is not a vote — means the party
// is absent or unreachable. An absent party blocks under BLOCKS (the
// default) and counts as abstaining under ABSTAINS. Only the scope's
// deciding parties count.
//
//   CONSENSUS (and KIND_UNSPECIFIED): passes when no party objects.
//   CONSENSUS_MINUS_ONE, CONSENSUS_MINUS_TWO: the same, except that the
//     objections of the scope's exempt parties do not block while no more
//     than its exempt_limit of them object. When it fails, the blocking
//     parties are the other objectors, plus the exempt objectors when they
//     are more than the limit.
//   UNANIMITY: passes when every party supports. An absent party is
//     missing support either way: it blocks under BLOCKS and, counted as
//     abstaining, under ABSTAINS.
//   QUALIFIED_MAJORITY: passes when supporting weight / denominator reaches
//     the threshold (within 1e-9), the denominator being the weight of the
//     supporters and objectors (abstentions EXCLUDED, the default) or of
//     every party voting (COUNTED). A denominator of 0 fails. Blocking
//     parties are the objectors, plus the abstainers when COUNTED. A
//     threshold outside (0, 1] is read as 2/3.
//   A scope under the silence procedure passes unless a party objects.
//
// At most 64 parties (scopes are masks); votes beyond the 64th are
// ignored. Immutable once built; safe to share between threads.
class DecisionRule {
 public:
  // `weights`: one per party in scenario order; 0 (or a missing entry) is
  // read as 1.
  DecisionRule(const v1::DecisionRule& rule, std::vector<double> weights);

  // Whether the proposal passes. No allocation.
  bool Passes(std::span<const std::uint8_t> votes,
              const ProposalScope& scope) const;

  // The same outcome with the blocking parties and a one-line explanation
  // naming parties by `party_ids` (index i names party i; a missing id is
  // printed as "#i").
  Decision Decide(std::span<const std::uint8_t> votes,
                  const ProposalScope& scope,
                  std::span<const std::string> party_ids) const;

  const v1::DecisionRule& proto() const { return rule_; }
  v1::DecisionRule::Kind kind() const { return kind_; }

 private:
  struct Tally;
  Tally Count(std::span<const std::uint8_t> votes,
              const ProposalScope& scope) const;
  double weight(int i) const;

  v1::DecisionRule rule_;
  std::vector<double> weights_;
  v1::DecisionRule::Kind kind_;
  bool absent_blocks_;
  bool abstentions_counted_;
  double threshold_;
};

// Parses a CLI flag value: "consensus", "unanimity", "consensus-minus-one",
// "consensus-minus-two" or "qualified-majority" (case-insensitive; '_' may
// stand for '-'). Anything else is INVALID_ARGUMENT naming the accepted
// values.
absl::StatusOr<v1::DecisionRule::Kind> ParseRuleKind(absl::string_view name);

// A short human name, e.g. "consensus (absent party blocks)",
// "qualified majority 2/3 (abstentions excluded, absent party blocks)".
std::string RuleName(const v1::DecisionRule& rule);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_CORE_DECISION_RULE_H_
