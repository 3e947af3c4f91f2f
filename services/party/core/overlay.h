// A what-if overlay on a party's own model (v1::PartyOverlay in a
// TableRequest): "what if this party lifted that red line, moved its ideal
// point, conceded that proposal?" — asked without editing the scenario.
// Applied after the variant and before any perturbation. Pure; no gRPC.
#ifndef CONCERT_SERVICES_PARTY_CORE_OVERLAY_H_
#define CONCERT_SERVICES_PARTY_CORE_OVERLAY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/scenario.pb.h"

namespace concert::party {

// A model with an overlay applied. The proposals the party tolerates are
// not part of an InterestModel: they go to CompiledModel::Compile.
struct OverlaidModel {
  v1::InterestModel model;
  // Ids of proposals on which the party votes at worst ABSTAIN.
  std::vector<std::string> tolerated;
};

// Whether `overlay` changes nothing at all (every field unset): such an
// overlay is read as no overlay, whichever party it names.
bool IsEmptyOverlay(const v1::PartyOverlay& overlay);

// Applies `overlay` to `model`, the interest model of party `party_id` under
// the variant in force:
//   - `lift_rules` drops the rules with those ids;
//   - each of `positions` replaces the ideal and/or salience of the party's
//     position on its dimension, adding a position (ideal 0, salience 0
//     unless given) when the party has none there;
//   - the thresholds, when set, replace the model's;
//   - `tolerate` is passed through to OverlaidModel::tolerated.
// INVALID_ARGUMENT (one line) when the overlay names another party, lifts a
// rule the model does not have (naming the model's rules), changes a
// position without dimension or to a non-finite ideal, a negative or
// non-finite salience, or sets a negative or non-finite threshold. An empty
// overlay (IsEmptyOverlay) returns the model as it is.
absl::StatusOr<OverlaidModel> ApplyOverlay(v1::InterestModel model,
                                           const v1::PartyOverlay& overlay,
                                           absl::string_view party_id);

}  // namespace concert::party

#endif  // CONCERT_SERVICES_PARTY_CORE_OVERLAY_H_
