#include "services/coordinator/core/vote_source.h"

#include "absl/strings/str_cat.h"

namespace concert::coordinator {

absl::StatusOr<std::vector<const v1::PartyOverlay*>> OverlayOfEachParty(
    const TableContext& context, const VoteSource& source) {
  const int n = source.party_count();
  std::vector<const v1::PartyOverlay*> overlay_of(n, nullptr);
  for (const v1::PartyOverlay& overlay : context.overlays) {
    int owner = -1;
    for (int i = 0; i < n; ++i) {
      if (source.party_id(i) == overlay.party()) owner = i;
    }
    if (owner < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("Table: an overlay names party '", overlay.party(),
                       "', which is not in the scenario"));
    }
    if (overlay_of[owner] != nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "Table: two overlays name party '", overlay.party(), "'"));
    }
    overlay_of[owner] = &overlay;
  }
  return overlay_of;
}

}  // namespace concert::coordinator
