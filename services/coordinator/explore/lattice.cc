#include "services/coordinator/explore/lattice.h"

#include <bit>
#include <utility>
#include <vector>

#include "services/coordinator/explore/blockers.h"
#include "services/coordinator/explore/consensus_graph.h"
#include "services/coordinator/explore/lattice_sets.h"
#include "services/coordinator/explore/lattice_walk.h"
#include "services/coordinator/explore/necessary_orders.h"
#include "services/coordinator/explore/result.h"

namespace concert::coordinator {

absl::Status ExploreByLattice(ExploreContext& context, v1::Exploration* out) {
  const DraftIndex& index = context.index();
  LatticeSets sets;
  BlockerTally blockers(index.size(), context.parties());
  LatticeWalk walk;
  absl::Status status = WalkLattice(context, sets, blockers, &walk);
  if (!status.ok()) return status;

  out->set_strategy(v1::EXPLORE_STRATEGY_LATTICE);
  out->set_consensus_sequences(ToDecimal(walk.consensus));
  out->set_full_charter_reachable(walk.full_reachable);
  out->set_states_explored(walk.nodes);

  std::vector<ProposalSet> dead_ends;
  dead_ends.reserve(walk.dead_ends.size());
  for (std::uint32_t node : walk.dead_ends) dead_ends.push_back(sets.set(node));
  FillDeadEnds(index, std::move(dead_ends), context.options().max_dead_ends,
               out);

  const std::vector<std::uint32_t> level_begin = walk.level_begin;
  const ConsensusGraph graph(walk);  // takes the walk's edges
  // The deepest non-empty level holds the largest adoptable sets.
  const int deepest = static_cast<int>(level_begin.size()) - 2;
  std::vector<std::uint32_t> largest;
  for (std::uint32_t v = level_begin[deepest]; v < level_begin[deepest + 1];
       ++v) {
    largest.push_back(v);
  }
  const BestPath reach = graph.Best(largest);
  v1::LargestAdoptable* la = out->mutable_largest_adoptable();
  la->set_size(deepest);
  *la->mutable_sequence() = MakeSequence(index, reach.proposals, reach.support);
  if (walk.full_reachable) {
    // The full set is the only set of the deepest level.
    *out->mutable_best_sequence() = la->sequence();
  }
  for (auto& order : NecessaryOrders(index, graph.dag(), sets, largest)) {
    *out->add_necessary_orders() = std::move(order);
  }

  for (auto& stat : blockers.Finish(context)) {
    *out->add_blockers() = std::move(stat);
  }

  if (context.options().veto_power) {
    std::vector<std::string> ids;
    ids.reserve(context.parties());
    for (int i = 0; i < context.parties(); ++i)
      ids.push_back(context.party_id(i));
    FillVetoPower(ids, walk.veto_power, out);
  }
  if (context.options().include_graph) {
    *out->mutable_graph() = graph.ToProto(sets);
  }
  return absl::OkStatus();
}

}  // namespace concert::coordinator
