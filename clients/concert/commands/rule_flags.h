// The decision rule a user asked for on the command line, as the override a
// RunSession or Explore request carries.
#ifndef CONCERT_CLIENTS_CONCERT_COMMANDS_RULE_FLAGS_H_
#define CONCERT_CLIENTS_CONCERT_COMMANDS_RULE_FLAGS_H_

#include <string>

#include "absl/status/statusor.h"
#include "concert/v1/scenario.pb.h"

namespace concert::cli {

// `rule` is empty (keep the scenario's rule) or one of consensus, unanimity,
// consensus-minus-one, consensus-minus-two, qualified-majority; `absent` is
// empty, blocks or abstains. The scenario's rule fills what the flags leave
// open; a qualified majority without any threshold gets 2/3.
absl::StatusOr<v1::DecisionRule> RuleFromFlags(const v1::Scenario& scenario,
                                               const std::string& rule,
                                               double threshold,
                                               const std::string& absent);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_COMMANDS_RULE_FLAGS_H_
