#include "clients/concert/commands/rule_flags.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/coordinator/core/decision_rule.h"

namespace concert::cli {

absl::StatusOr<v1::DecisionRule> RuleFromFlags(const v1::Scenario& scenario,
                                               const std::string& rule,
                                               double threshold,
                                               const std::string& absent) {
  v1::DecisionRule out = scenario.rule();
  if (out.kind() == v1::DecisionRule::KIND_UNSPECIFIED)
    out.set_kind(v1::DecisionRule::CONSENSUS);
  if (!rule.empty()) {
    auto kind = coordinator::ParseRuleKind(rule);
    if (!kind.ok()) return kind.status();
    out.set_kind(*kind);
  }
  if (threshold != 0) {
    if (threshold <= 0 || threshold > 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("--threshold must be in (0, 1], not ", threshold));
    }
    out.set_threshold(threshold);
  }
  if (out.kind() == v1::DecisionRule::QUALIFIED_MAJORITY &&
      out.threshold() <= 0) {
    out.set_threshold(2.0 / 3.0);
  }
  if (absent == "blocks") {
    out.set_absent_party(v1::DecisionRule::BLOCKS);
  } else if (absent == "abstains") {
    out.set_absent_party(v1::DecisionRule::ABSTAINS);
  } else if (!absent.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--absent must be blocks or abstains, not '", absent, "'"));
  }
  return out;
}

}  // namespace concert::cli
