// Veto power: for each party, the consensus sequences there would be if its
// OBJECT votes counted as ABSTAIN. Parties whose objections never decided
// an outcome keep the plain consensus count; for the others the lattice is
// re-walked once, all of them side by side (one path count per party per
// set), reading the cached votes. Sets that become reachable only without a
// party's objections were never asked about: their questions are asked once,
// for every party, in one batch per level, and cached like the rest — nothing
// is asked twice.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_VETO_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_VETO_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "services/coordinator/explore/context.h"
#include "services/coordinator/explore/count.h"
#include "services/coordinator/explore/vote_cache.h"

namespace concert::coordinator {

// One count per party (scenario order). `rewalk` is the mask of parties
// whose objections decided some question (LatticeWalk::decisive_objectors);
// the others get `consensus`. Errors: those of ExploreContext::Ask, Report
// and CheckBudget.
absl::StatusOr<std::vector<Count>> ComputeVetoPower(ExploreContext& context,
                                                    VoteCache& cache,
                                                    std::uint64_t rewalk,
                                                    const Count& consensus);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_VETO_H_
