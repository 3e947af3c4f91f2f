// What a decision rule reads off one round's votes (DecisionRule::Tally):
// shared by the rule itself (decision_rule.cc) and the explanation of its
// outcome (decision_explanation.cc). Private to those two files.
#ifndef CONCERT_SERVICES_COORDINATOR_CORE_DECISION_TALLY_H_
#define CONCERT_SERVICES_COORDINATOR_CORE_DECISION_TALLY_H_

#include <cstdint>

#include "services/coordinator/core/decision_rule.h"

namespace concert::coordinator {

inline constexpr double kDecisionEpsilon = 1e-9;
inline constexpr double kDefaultMajority = 2.0 / 3.0;

constexpr std::uint64_t PartyMask(int i) { return std::uint64_t{1} << i; }

// Everything a rule needs from one round's votes, as masks over parties.
struct DecisionRule::Tally {
  std::uint64_t support = 0;
  std::uint64_t abstain = 0;  // abstentions actually cast
  std::uint64_t object = 0;
  std::uint64_t absent = 0;
  std::uint64_t not_deciding = 0;  // outside the proposal's decided_by
  double support_weight = 0;
  double object_weight = 0;
  double abstain_weight = 0;  // includes absent parties under ABSTAINS
  double denominator = 0;     // qualified majority only
  bool passes = false;
  std::uint64_t blocking = 0;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_CORE_DECISION_TALLY_H_
