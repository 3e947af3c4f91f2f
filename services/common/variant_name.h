// What a variant's name means, in one place. Every report calls the
// scenario without a variant "baseline", so a user gives that name back:
// "baseline" and "" both name the scenario as written, everywhere a variant
// is named (the client's --variant and --variants, a request's variant, a
// party's Table). A scenario may not declare a variant of that name.
#ifndef CONCERT_SERVICES_COMMON_VARIANT_NAME_H_
#define CONCERT_SERVICES_COMMON_VARIANT_NAME_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/scenario.pb.h"

namespace concert {

inline constexpr char kBaselineVariant[] = "baseline";
// Why a scenario or profile may not call a variant "baseline".
inline constexpr char kBaselineVariantNameTaken[] =
    "'baseline' names the scenario without a variant in every report and "
    "flag; give this variant another name";

// Whether `name` names the scenario without a variant: "" or "baseline".
bool IsBaselineVariant(absl::string_view name);

// "" for the baseline (either spelling), else `name`: the form requests and
// records carry.
std::string CanonicalVariant(absl::string_view name);

// The scenario's variant called `name`; null for the baseline.
// INVALID_ARGUMENT for any other name, naming the valid ones ("baseline",
// then the scenario's) and the nearest when it looks mistyped.
absl::StatusOr<const v1::Variant*> FindScenarioVariant(
    const v1::Scenario& scenario, absl::string_view name);

// The error for a variant that is not among `known` (the baseline listed
// first): "unknown variant 'x'; did you mean 'y'? valid variants: baseline,
// y, z" — for callers that know the names but not the scenario (a party).
std::string UnknownVariantMessage(absl::string_view name,
                                  const std::vector<std::string>& known);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_VARIANT_NAME_H_
