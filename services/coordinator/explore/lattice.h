// The lattice strategy end to end: walk the lattice, build the consensus
// graph, and derive every result field from the walk and the graph.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_LATTICE_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_LATTICE_H_

#include "absl/status/status.h"
#include "concert/v1/explore.pb.h"
#include "services/coordinator/explore/context.h"

namespace concert::coordinator {

// Fills strategy ("lattice"), consensus_sequences, full_charter_reachable,
// best_sequence (when the full charter is reachable), largest_adoptable
// (always: size N with the best sequence when the full charter is
// reachable), dead_ends, dead_end_count, blockers, necessary_orders
// (necessary_orders.h), veto_power (when asked for), states_explored and
// graph (when asked for). The caller fills the
// admissible count, the share and the bookkeeping fields.
absl::Status ExploreByLattice(ExploreContext& context, v1::Exploration* out);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_LATTICE_H_
