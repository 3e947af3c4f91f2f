// The necessary orders of an exploration (Exploration.necessary_orders):
// a before b when every counted consensus path — every consensus sequence,
// or, with the full charter out of reach, every consensus path to a largest
// adoptable set — adopts a, and b after it. The proposal-level graph draws
// them, so a reader sees which proposal a step waits for without the lattice.
//
// b can come before a iff some set on a counted path holds b and not a: so
// the witness notes, for each proposal b, the proposals some such set leaves
// out (one word per proposal), and a pair is necessary when both proposals
// are in every target and no set witnesses the other order. Cost: one pass
// over the sets on counted paths, O(states x N) word operations; the result
// is the transitive reduction, each order labelled by whether the draft
// itself (prerequisites, strict stage order) forces it.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_NECESSARY_ORDERS_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_NECESSARY_ORDERS_H_

#include <cstdint>
#include <span>
#include <vector>

#include "concert/v1/explore.pb.h"
#include "services/common/draft_index.h"
#include "services/coordinator/explore/consensus_graph.h"
#include "services/coordinator/explore/lattice_sets.h"

namespace concert::coordinator {

// What the counted paths show about the order of proposals.
class OrderWitness {
 public:
  explicit OrderWitness(int proposals);

  // `set` lies on a counted path: each of its proposals came before every
  // proposal outside it.
  void NoteSet(ProposalSet set);
  // A whole counted path, proposal indices in order of adoption, ending at
  // its target (enumeration: O(path length), not one NoteSet per prefix).
  void NotePath(std::span<const std::uint32_t> path);
  // A counted path ends at `target`: only proposals in every target can be
  // ordered on every path.
  void NoteTarget(ProposalSet target);

  // The necessary orders, transitively reduced, ordered by the earlier
  // proposal then the later one (draft order). Empty when no target was
  // noted.
  std::vector<v1::NecessaryOrder> Finish(const DraftIndex& index) const;

 private:
  // may_precede_[b]: the proposals some counted path adopts after b (or
  // not at all before its target).
  std::vector<ProposalSet> may_precede_;
  ProposalSet common_ = ~ProposalSet{0};
  bool any_target_ = false;
};

// The orders the draft forces: bit a of the result's entry b when a must be
// adopted before b (prerequisites, transitively, and under STRICT stage
// order every proposal of an earlier stage).
std::vector<ProposalSet> DraftOrders(const DraftIndex& index);

// The necessary orders of a lattice exploration: `targets` are the nodes
// counted paths end at (the full charter, or the largest adoptable sets).
// Walks the DAG backwards from them (node order is topological) and notes
// every node on a path to one.
std::vector<v1::NecessaryOrder> NecessaryOrders(
    const DraftIndex& index, const ConsensusDag& dag, const LatticeSets& sets,
    std::span<const std::uint32_t> targets);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_NECESSARY_ORDERS_H_
