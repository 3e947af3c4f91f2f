// The reference strategy: walks every admissible order one by one, a
// depth-first search over the candidates in draft order. Exponential (N!
// orders for N independent proposals) and meant for small drafts: it is the
// yardstick the lattice walk is tested and benchmarked against.
//
// Answers are cached per question — per (set, proposal) for SET-memory
// parties, per (order so far, proposal) for HISTORY-memory parties, which
// makes this strategy exact for HISTORY parties too — but every order is
// walked.
// It fills the same fields as the lattice strategy except `graph`; under
// HISTORY memory a dead end is a set reached along some consensus order
// from which every candidate failed along that order, and blockers count
// per (order, proposal) question.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_ENUMERATE_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_ENUMERATE_H_

#include "absl/status/status.h"
#include "concert/v1/explore.pb.h"
#include "services/coordinator/explore/context.h"

namespace concert::coordinator {

// Fills strategy ("enumerate"), admissible_sequences, consensus_sequences,
// full_charter_reachable, best_sequence, largest_adoptable, dead_ends,
// dead_end_count, blockers, necessary_orders, veto_power (when asked for) and
// states_explored. RESOURCE_EXHAUSTED past options.max_sequences orders.
absl::Status ExploreByEnumeration(ExploreContext& context,
                                  v1::Exploration* out);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_ENUMERATE_H_
