#include "services/coordinator/core/forum_context.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/variant_name.h"

namespace concert::coordinator {
namespace {

int FindParty(const std::vector<std::string>& ids, absl::string_view id) {
  for (int i = 0; i < static_cast<int>(ids.size()); ++i) {
    if (ids[i] == id) return i;
  }
  return -1;
}

// The parties named by `names`, as a mask (unknown names ignored).
std::uint64_t MaskOf(
    const google::protobuf::RepeatedPtrField<std::string>& names,
    const std::vector<std::string>& ids) {
  std::uint64_t mask = 0;
  for (const auto& id : names) {
    const int i = FindParty(ids, id);
    if (i >= 0) mask |= std::uint64_t{1} << i;
  }
  return mask;
}

// How rule `kind` applies to `proposal`: an exemption only where the rule
// recognises the proposal's procedure (consensus minus one: a violation
// measure; consensus minus two: that, or a directed conciliation).
ProposalScope ScopeOf(const v1::Proposal& proposal,
                      const std::vector<std::string>& ids,
                      v1::DecisionRule::Kind kind, std::uint64_t everyone) {
  ProposalScope scope;
  const bool minus_one = kind == v1::DecisionRule::CONSENSUS_MINUS_ONE ||
                         kind == v1::DecisionRule::CONSENSUS_MINUS_TWO;
  const bool minus_two = kind == v1::DecisionRule::CONSENSUS_MINUS_TWO;
  switch (proposal.procedure()) {
    case v1::Proposal::VIOLATION_MEASURE:
      if (minus_one) {
        scope.exempt = MaskOf(proposal.concerns(), ids);
        scope.exempt_limit = 1;
      }
      break;
    case v1::Proposal::DIRECTED_CONCILIATION:
      if (minus_two) {
        scope.exempt = MaskOf(proposal.concerns(), ids);
        scope.exempt_limit = 2;
      }
      break;
    case v1::Proposal::SILENCE:
      scope.silence = true;
      break;
    default:
      break;
  }
  scope.deciding = proposal.decided_by().empty()
                       ? everyone
                       : MaskOf(proposal.decided_by(), ids);
  return scope;
}

}  // namespace

absl::StatusOr<ForumContext> ResolveForum(const v1::Scenario& scenario,
                                          const v1::CharterDraft& draft,
                                          absl::string_view variant,
                                          const v1::DecisionRule& rule) {
  if (scenario.parties_size() > kMaxParties) {
    return absl::InvalidArgumentError(absl::StrCat(
        "scenario '", scenario.id(), "' has ", scenario.parties_size(),
        " parties; at most ", kMaxParties, " are supported"));
  }
  std::vector<std::string> ids;
  std::vector<double> weights;
  for (const auto& party : scenario.parties()) {
    ids.push_back(party.id());
    weights.push_back(party.weight());
  }

  std::uint64_t absent = 0;
  absl::StatusOr<const v1::Variant*> found =
      FindScenarioVariant(scenario, variant);
  if (!found.ok()) return found.status();
  if (*found != nullptr) {
    for (const auto& id : (*found)->absent_parties()) {
      const int i = FindParty(ids, id);
      if (i < 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "variant '", variant, "' names unknown absent party '", id, "'"));
      }
      absent |= std::uint64_t{1} << i;
    }
  }

  v1::DecisionRule in_force = rule.kind() == v1::DecisionRule::KIND_UNSPECIFIED
                                  ? scenario.rule()
                                  : rule;
  if (in_force.kind() == v1::DecisionRule::KIND_UNSPECIFIED) {
    in_force.set_kind(v1::DecisionRule::CONSENSUS);
  }

  const int n = static_cast<int>(ids.size());
  const std::uint64_t everyone =
      n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
  std::vector<ProposalScope> scopes;
  scopes.reserve(draft.proposals_size());
  for (const auto& proposal : draft.proposals()) {
    scopes.push_back(ScopeOf(proposal, ids, in_force.kind(), everyone));
  }
  return ForumContext{std::move(ids), absent, everyone & ~absent,
                      DecisionRule(in_force, std::move(weights)),
                      std::move(scopes)};
}

absl::Status CheckSourceParties(const v1::Scenario& scenario,
                                const VoteSource& source) {
  if (source.party_count() != scenario.parties_size()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the vote source has ", source.party_count(), " parties; scenario '",
        scenario.id(), "' has ", scenario.parties_size()));
  }
  for (int i = 0; i < source.party_count(); ++i) {
    if (source.party_id(i) != scenario.parties(i).id()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "vote source party ", i, " is '", source.party_id(i),
          "'; the scenario's is '", scenario.parties(i).id(), "'"));
    }
  }
  return absl::OkStatus();
}

}  // namespace concert::coordinator
