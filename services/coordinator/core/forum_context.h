// What sessions and explorations both need to know before the first vote:
// which parties sit in the forum under a variant, which rule is in force with
// which weights, and how the rule applies to each proposal (whose objection
// it may set aside, who decides, whether silence decides) — all as masks
// over party indices (scenario order). Sessions and explorations resolve their
// forum here and nowhere else, so the same bad input gets the same error
// from both.
#ifndef CONCERT_SERVICES_COORDINATOR_CORE_FORUM_CONTEXT_H_
#define CONCERT_SERVICES_COORDINATOR_CORE_FORUM_CONTEXT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/limits.h"
#include "services/coordinator/core/decision_rule.h"
#include "services/coordinator/core/vote_source.h"

namespace concert::coordinator {

// At most kMaxParties (services/common/limits.h) parties: a set of parties
// is one word.
using concert::kMaxParties;

struct ForumContext {
  // Party ids in scenario order (index i is party i everywhere).
  std::vector<std::string> party_ids;
  // Parties absent under the variant (not asked; vote as absent).
  std::uint64_t absent = 0;
  // Parties to ask: every party not absent.
  std::uint64_t present = 0;
  // The rule in force (kind filled in: never KIND_UNSPECIFIED), bound to the
  // scenario's weights.
  DecisionRule rule;
  // Per proposal of the draft (draft order): how the rule applies to it.
  std::vector<ProposalScope> scopes;
};

// Resolves the forum for `draft` under `variant` (empty: the baseline).
// `rule` overrides the scenario's rule unless its kind is KIND_UNSPECIFIED.
// INVALID_ARGUMENT for an unknown variant, a variant naming an unknown absent
// party, or more than kMaxParties parties. Ids in Proposal.concerns or
// decided_by that name no party are ignored (validation reports them).
absl::StatusOr<ForumContext> ResolveForum(const v1::Scenario& scenario,
                                          const v1::CharterDraft& draft,
                                          absl::string_view variant,
                                          const v1::DecisionRule& rule);

// Checks that `source` speaks for the scenario's parties, in scenario order
// (the rule's weights and the variant's absences are looked up by index).
// FAILED_PRECONDITION naming the first difference: the forum was set up
// wrongly, whatever the request.
absl::Status CheckSourceParties(const v1::Scenario& scenario,
                                const VoteSource& source);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_CORE_FORUM_CONTEXT_H_
