// The lattice walk: level k holds the sets of k proposals reachable by
// consensus; every candidate of every set of a level is one question, and all
// of a level's questions go to the parties in one batch (chunked to bound
// memory; the next chunk is asked while this one is evaluated). A passing
// candidate is an edge S -> S|{p}; path counts propagate along the edges
// (count[S|p] += count[S]), so the count at the full set is the number of
// consensus sequences. Each question is asked of each party once. Veto power
// is walked alongside (veto_worlds.h): the sets only a party's world
// reaches are asked with the level's own questions.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_LATTICE_WALK_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_LATTICE_WALK_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "services/coordinator/explore/blockers.h"
#include "services/coordinator/explore/context.h"
#include "services/coordinator/explore/count.h"
#include "services/coordinator/explore/lattice_sets.h"
#include "services/coordinator/explore/veto_worlds.h"

namespace concert::coordinator {

// A passing step: the proposal adopted and the votes on it. The bundled edge
// property of the consensus graph, kept to 4 bytes.
struct EdgeInfo {
  std::uint8_t proposal = 0;
  std::uint8_t support = 0;
  std::uint8_t abstain = 0;
  std::uint8_t object = 0;
};

// What the walk found. Nodes are the LatticeSets nodes 0..nodes-1 in level
// order (node 0 is the empty set), so every edge goes from a lower id to a
// higher one: node order is a topological order.
struct LatticeWalk {
  std::uint32_t nodes = 0;
  // Level k's nodes are [level_begin[k], level_begin[k+1]); one entry per
  // non-empty level plus the end.
  std::vector<std::uint32_t> level_begin;
  // Passing steps, sorted by source node.
  std::vector<std::uint32_t> edge_sources;
  std::vector<std::uint32_t> edge_targets;
  std::vector<EdgeInfo> edge_info;
  // Consensus sequences (path count at the full set; 0 if unreached).
  Count consensus;
  bool full_reachable = false;
  // Nodes (not full) whose candidates all fail.
  std::vector<std::uint32_t> dead_ends;
  // Per party (scenario order), when the context asks for veto power: the
  // consensus sequences there would be with its objections set aside.
  std::vector<Count> veto_power;
};

// Walks the lattice of `context`'s draft. Fills `sets` with every set
// consensus reaches, `blockers` with every question of a reachable set, and
// `walk`. Errors: those of ExploreContext::Ask, Report and CheckBudget.
absl::Status WalkLattice(ExploreContext& context, LatticeSets& sets,
                         BlockerTally& blockers, LatticeWalk* walk);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_LATTICE_WALK_H_
