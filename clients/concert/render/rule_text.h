// The decision rule in words, for every report the client prints: the
// session transcript's header, the exploration reports, `records list`, the
// graph's title. One place, so that a rule reads the same wherever it is
// named, and so that a non-default rule (`--rule unanimity`) is never left
// for the reader to guess from the numbers.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_RULE_TEXT_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_RULE_TEXT_H_

#include <string>

#include "concert/v1/scenario.pb.h"

namespace concert::cli {

// The rule in a few words, with what an absent party counts as (and, under
// qualified majority, the threshold and how abstentions count):
//   "consensus (absent party blocks)"
//   "unanimity (absent party abstains)"
//   "qualified majority 2/3 (abstentions excluded, absent party blocks)"
// An unset kind is consensus, as the coordinator treats it. The words are
// coordinator::RuleName's, which the coordinator also writes into the
// records (a comparison row's rule_text), so that both read alike.
std::string RuleText(const v1::DecisionRule& rule);

// The rule as a sentence saying when a proposal passes, for a header that
// has the room: "consensus — passes when no party objects; an absent party
// blocks".
std::string RuleSentence(const v1::DecisionRule& rule);

// RuleText for a record that may predate the rule being kept: "not
// recorded" when `known` is false (the message's has_rule() or a non-empty
// repeated field), so that an old record does not claim consensus.
std::string RuleTextIfKnown(bool known, const v1::DecisionRule& rule);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_RULE_TEXT_H_
