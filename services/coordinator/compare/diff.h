// The structural difference between two charter drafts: what a designer
// changed from one to the other, before any party votes on either.
#ifndef CONCERT_SERVICES_COORDINATOR_COMPARE_DIFF_H_
#define CONCERT_SERVICES_COORDINATOR_COMPARE_DIFF_H_

#include "concert/v1/charter.pb.h"
#include "concert/v1/compare.pb.h"

namespace concert::coordinator {

// How `other` differs from `base`: proposals added and removed (by id, in
// draft order), proposals in both that moved between stages or whose
// prerequisites or effects changed (in base's order), stages added and
// removed, and whether the stage order changed. Titles and texts are not
// compared: they do not change what can be adopted. Two equal drafts give
// an empty diff (only the ids filled).
v1::DraftDiff DiffDrafts(const v1::CharterDraft& base,
                         const v1::CharterDraft& other);

// Whether the diff records no structural change.
bool IsEmpty(const v1::DraftDiff& diff);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_COMPARE_DIFF_H_
