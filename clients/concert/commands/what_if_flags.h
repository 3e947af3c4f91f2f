// What-if overlays as a user writes them on the command line:
//   --without RUS:rus_stake_before_institution   lift a party's rule
//   --tolerate DPRK:verif_mechanism              concede one proposal
//   --set DPRK.normalization.ideal=4             move an ideal point
//   --set USA.denuclearization.salience=1.5      change a salience
//   --set CHN.objection_threshold=2              move a threshold
// and as one --what-if spec, items separated by ';':
//   --what-if "without RUS:rus_stake_before_institution; set
//   DPRK.normalization.ideal=4"
// Each --what-if is one what-if (its own rows); the loose --without,
// --tolerate and --set flags together make one more.
#ifndef CONCERT_CLIENTS_CONCERT_COMMANDS_WHAT_IF_FLAGS_H_
#define CONCERT_CLIENTS_CONCERT_COMMANDS_WHAT_IF_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "concert/v1/compare.pb.h"
#include "concert/v1/scenario.pb.h"

namespace concert::cli {

struct WhatIfFlags {
  std::vector<std::string> without;
  std::vector<std::string> tolerate;
  std::vector<std::string> set;
  std::vector<std::string> specs;
};

// The what-ifs the flags describe, checked against `scenario` (as clients
// see it: parties and dimensions; rule and proposal ids are checked by the
// parties, which alone know their rules). INVALID_ARGUMENT quoting the
// item and saying what is wrong: a party or dimension the scenario does
// not have, a field other than ideal/salience/support_threshold/
// objection_threshold, a value that is not a finite number, a negative
// salience or threshold, an item without its ':' or '='.
absl::StatusOr<std::vector<v1::WhatIf>> ParseWhatIfs(
    const WhatIfFlags& flags, const v1::Scenario& scenario);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_COMMANDS_WHAT_IF_FLAGS_H_
