#include "services/party/core/tabled_model.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/party/core/overlay.h"
#include "services/party/core/perturbation.h"

namespace concert::party {

absl::StatusOr<CompiledModel> CompileTabled(
    const v1::InterestModel& effective, absl::string_view party_id,
    const v1::CharterDraft& draft,
    absl::Span<const v1::DimensionValue> initial_state,
    const v1::PartyOverlay& overlay, const v1::Perturbation& perturbation) {
  absl::StatusOr<OverlaidModel> overlaid =
      ApplyOverlay(effective, overlay, party_id);
  if (!overlaid.ok()) return overlaid.status();
  // Said here, as an overlay's fault, rather than by Compile.
  for (const std::string& id : overlaid->tolerated) {
    const auto& proposals = draft.proposals();
    if (std::none_of(proposals.begin(), proposals.end(),
                     [&](const v1::Proposal& p) { return p.id() == id; })) {
      return absl::InvalidArgumentError(absl::StrCat(
          "overlay for ", party_id, ": tolerates unknown proposal '", id,
          "' (not in draft '", draft.id(), "')"));
    }
  }
  absl::StatusOr<v1::InterestModel> perturbed =
      Perturb(std::move(overlaid->model), perturbation, party_id);
  if (!perturbed.ok()) return perturbed.status();
  return CompiledModel::Compile(*perturbed, draft, initial_state,
                                overlaid->tolerated);
}

}  // namespace concert::party
