#include "services/coordinator/core/decision_rule.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "concert/v1/party.pb.h"
#include "services/coordinator/core/decision_tally.h"

namespace concert::coordinator {
namespace {

constexpr int kPartyLimit = 64;

}  // namespace

DecisionRule::DecisionRule(const v1::DecisionRule& rule,
                           std::vector<double> weights)
    : rule_(rule), weights_(std::move(weights)) {
  kind_ = rule.kind() == v1::DecisionRule::KIND_UNSPECIFIED
              ? v1::DecisionRule::CONSENSUS
              : rule.kind();
  absent_blocks_ = rule.absent_party() != v1::DecisionRule::ABSTAINS;
  abstentions_counted_ = rule.abstentions() == v1::DecisionRule::COUNTED;
  const double t = rule.threshold();
  threshold_ = (t > 0 && t <= 1) ? t : kDefaultMajority;
}

double DecisionRule::weight(int i) const {
  if (i >= static_cast<int>(weights_.size()) || weights_[i] == 0) return 1;
  return weights_[i];
}

DecisionRule::Tally DecisionRule::Count(std::span<const std::uint8_t> votes,
                                        const ProposalScope& scope) const {
  Tally t;
  const int n = std::min<int>(static_cast<int>(votes.size()), kPartyLimit);
  for (int i = 0; i < n; ++i) {
    if ((scope.deciding & PartyMask(i)) == 0) {
      t.not_deciding |= PartyMask(i);
      continue;
    }
    switch (votes[i]) {
      case v1::VOTE_SUPPORT:
        t.support |= PartyMask(i);
        t.support_weight += weight(i);
        break;
      case v1::VOTE_ABSTAIN:
        t.abstain |= PartyMask(i);
        t.abstain_weight += weight(i);
        break;
      case v1::VOTE_OBJECT:
        t.object |= PartyMask(i);
        t.object_weight += weight(i);
        break;
      default:
        t.absent |= PartyMask(i);
        if (!absent_blocks_) t.abstain_weight += weight(i);
        break;
    }
  }
  const std::uint64_t absent_blocking = absent_blocks_ ? t.absent : 0;

  if (scope.silence) {
    // Only an objection breaks silence; abstaining or absent is silent.
    t.blocking = t.object;
    t.passes = t.blocking == 0;
    return t;
  }
  switch (kind_) {
    case v1::DecisionRule::UNANIMITY:
      // Every deciding party must support: an absent one is missing
      // support, whether it blocks or counts as abstaining.
      t.blocking = t.abstain | t.object | t.absent;
      t.passes = t.blocking == 0 && t.support != 0;
      break;
    case v1::DecisionRule::QUALIFIED_MAJORITY: {
      t.denominator = t.support_weight + t.object_weight +
                      (abstentions_counted_ ? t.abstain_weight : 0);
      const bool share_ok =
          t.denominator > 0 &&
          t.support_weight / t.denominator >= threshold_ - kDecisionEpsilon;
      t.blocking = absent_blocking;
      if (!share_ok && t.denominator > 0) {
        t.blocking |= t.object;
        if (abstentions_counted_) {
          t.blocking |= t.abstain | (absent_blocks_ ? 0 : t.absent);
        }
      }
      t.passes = share_ok && absent_blocking == 0;
      break;
    }
    default: {  // CONSENSUS, CONSENSUS_MINUS_ONE, CONSENSUS_MINUS_TWO
      // ResolveForum leaves `exempt` empty unless the rule recognises the
      // proposal's procedure: for plain consensus this is the absence of
      // any objection.
      const std::uint64_t exempt_objectors = t.object & scope.exempt;
      t.blocking = (t.object & ~scope.exempt) | absent_blocking;
      if (std::popcount(exempt_objectors) > scope.exempt_limit) {
        t.blocking |= exempt_objectors;
      }
      t.passes = t.blocking == 0;
      break;
    }
  }
  return t;
}

bool DecisionRule::Passes(std::span<const std::uint8_t> votes,
                          const ProposalScope& scope) const {
  return Count(votes, scope).passes;
}

absl::StatusOr<v1::DecisionRule::Kind> ParseRuleKind(absl::string_view name) {
  std::string key =
      absl::StrReplaceAll(absl::AsciiStrToLower(name), {{"_", "-"}});
  if (key == "consensus") return v1::DecisionRule::CONSENSUS;
  if (key == "unanimity") return v1::DecisionRule::UNANIMITY;
  if (key == "consensus-minus-one")
    return v1::DecisionRule::CONSENSUS_MINUS_ONE;
  if (key == "consensus-minus-two")
    return v1::DecisionRule::CONSENSUS_MINUS_TWO;
  if (key == "qualified-majority") return v1::DecisionRule::QUALIFIED_MAJORITY;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown decision rule '", name,
                   "'; expected consensus, unanimity, consensus-minus-one, "
                   "consensus-minus-two or qualified-majority"));
}

namespace {

// "2/3" for thresholds that are simple fractions, else "0.70".
std::string ThresholdName(double t) {
  for (int q = 2; q <= 12; ++q) {
    const double p = std::round(t * q);
    if (std::abs(t * q - p) < 1e-6) {
      return absl::StrCat(static_cast<int>(p), "/", q);
    }
  }
  return absl::StrFormat("%.2f", t);
}

}  // namespace

std::string RuleName(const v1::DecisionRule& rule) {
  const std::string absent = rule.absent_party() == v1::DecisionRule::ABSTAINS
                                 ? "absent party abstains"
                                 : "absent party blocks";
  switch (rule.kind()) {
    case v1::DecisionRule::UNANIMITY:
      return absl::StrCat("unanimity (", absent, ")");
    case v1::DecisionRule::CONSENSUS_MINUS_ONE:
      return absl::StrCat("consensus minus one (", absent, ")");
    case v1::DecisionRule::CONSENSUS_MINUS_TWO:
      return absl::StrCat("consensus minus two (", absent, ")");
    case v1::DecisionRule::QUALIFIED_MAJORITY: {
      const double t = rule.threshold();
      return absl::StrCat(
          "qualified majority ",
          ThresholdName((t > 0 && t <= 1) ? t : kDefaultMajority), " (",
          rule.abstentions() == v1::DecisionRule::COUNTED
              ? "abstentions counted"
              : "abstentions excluded",
          ", ", absent, ")");
    }
    default:
      return absl::StrCat("consensus (", absent, ")");
  }
}

}  // namespace concert::coordinator
