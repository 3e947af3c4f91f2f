#include "clients/concert/render/rule_text.h"

#include "absl/strings/str_cat.h"
#include "clients/concert/render/report_numbers.h"
#include "services/coordinator/core/decision_rule.h"

namespace concert::cli {

std::string RuleText(const v1::DecisionRule& rule) {
  return coordinator::RuleName(rule);
}

std::string RuleSentence(const v1::DecisionRule& rule) {
  std::string text;
  switch (rule.kind()) {
    case v1::DecisionRule::UNANIMITY:
      text = "unanimity — passes when every party supports";
      break;
    case v1::DecisionRule::CONSENSUS_MINUS_ONE:
      text =
          "consensus minus one — passes when no party objects, except "
          "that on a measure answering a state's violations that state's "
          "objection alone does not block";
      break;
    case v1::DecisionRule::CONSENSUS_MINUS_TWO:
      text =
          "consensus minus two — as consensus minus one, and a directed "
          "conciliation passes over the objections of the two states in "
          "dispute";
      break;
    case v1::DecisionRule::QUALIFIED_MAJORITY: {
      // An unset threshold is the coordinator's two thirds.
      const double t = rule.threshold() > 0 && rule.threshold() <= 1
                           ? rule.threshold()
                           : 2.0 / 3.0;
      text = absl::StrCat("qualified majority — passes with ", FormatShare(t),
                          " of the weighted votes in support, abstentions ",
                          rule.abstentions() == v1::DecisionRule::COUNTED
                              ? "counted"
                              : "excluded");
      break;
    }
    default:
      text = "consensus — passes when no party objects";
      break;
  }
  absl::StrAppend(&text, rule.absent_party() == v1::DecisionRule::ABSTAINS
                             ? "; an absent party counts as abstaining"
                             : "; an absent party blocks");
  return text;
}

std::string RuleTextIfKnown(bool known, const v1::DecisionRule& rule) {
  return known ? RuleText(rule) : "not recorded";
}

}  // namespace concert::cli
