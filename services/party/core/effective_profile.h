// A party's interest model under a scenario variant: the baseline profile with
// the variant's changes applied. Pure; no gRPC.
#ifndef CONCERT_SERVICES_PARTY_CORE_EFFECTIVE_PROFILE_H_
#define CONCERT_SERVICES_PARTY_CORE_EFFECTIVE_PROFILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "concert/v1/scenario.pb.h"

namespace concert::party {

// The interest model `party` holds under `variant`.
//
// An empty `variant` is the baseline. A variant the party lists in its own
// `variants` is applied to the baseline: its positions replace the baseline's
// for the same dimension (or are appended), `remove_rules` drops baseline
// rules, its rules replace the rule with the same id (or are appended), and
// its thresholds replace the baseline's when set.
//
// `baseline_variants` names variants declared elsewhere (by the scenario)
// under which this party keeps its baseline because it has no profile change
// for them. Any other name fails with NOT_FOUND, naming the known variants.
// A variant that removes a rule the baseline does not have fails with
// INVALID_ARGUMENT.
absl::StatusOr<v1::InterestModel> EffectiveModel(
    const v1::PartySpec& party, absl::string_view variant,
    absl::Span<const std::string> baseline_variants = {});

// The variant names EffectiveModel accepts besides the baseline: the party's
// own, then those of `baseline_variants` it does not list, without repeats.
std::vector<std::string> KnownVariants(
    const v1::PartySpec& party,
    absl::Span<const std::string> baseline_variants = {});

// The variant names `scenario` declares, in its order: what each built-in
// party of the scenario is given as `baseline_variants`, so that a variant
// it has no profile change for means its baseline. A forum that seats the
// scenario's parties without them serves the baseline only, and refuses
// every variant.
std::vector<std::string> ScenarioVariants(const v1::Scenario& scenario);

}  // namespace concert::party

#endif  // CONCERT_SERVICES_PARTY_CORE_EFFECTIVE_PROFILE_H_
