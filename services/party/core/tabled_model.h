// The model a party votes with on a tabled draft: its interest model under
// the variant in force, then the what-if overlay, then the perturbation,
// compiled against the draft. One function, so that the party server and the
// coordinator's in-process source cannot apply them differently. Pure.
#ifndef CONCERT_SERVICES_PARTY_CORE_TABLED_MODEL_H_
#define CONCERT_SERVICES_PARTY_CORE_TABLED_MODEL_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/party.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/party/core/interest_model.h"

namespace concert::party {

// `effective` is party `party_id`'s model under the variant (EffectiveModel).
// Applies `overlay` (ApplyOverlay; an empty one changes nothing), then
// `perturbation` (Perturb; spread 0 changes nothing), then compiles against
// `draft` and `initial_state` with the overlay's tolerated proposals.
// INVALID_ARGUMENT, one line, for an overlay or perturbation that cannot be
// applied (a tolerated proposal the draft does not hold included), or the
// error of CompiledModel::Compile.
absl::StatusOr<CompiledModel> CompileTabled(
    const v1::InterestModel& effective, absl::string_view party_id,
    const v1::CharterDraft& draft,
    absl::Span<const v1::DimensionValue> initial_state,
    const v1::PartyOverlay& overlay, const v1::Perturbation& perturbation);

}  // namespace concert::party

#endif  // CONCERT_SERVICES_PARTY_CORE_TABLED_MODEL_H_
