// The explored consensus graph as a Boost.Graph DAG — reachable sets as
// vertices, passing steps as edges — and the analyses on it: the path with
// the most SUPPORT votes (the best sequence; also the sequence reaching the
// largest adoptable set), computed with boost::dag_shortest_paths on negated
// support.
//
// The graph is a compressed_sparse_row_graph with 32-bit vertices and a
// 4-byte bundled edge property: ~8 bytes per edge, so a 2^20-state lattice
// with 10M passing steps stays under 100 MB (an adjacency_list would take
// several times that).
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_CONSENSUS_GRAPH_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_CONSENSUS_GRAPH_H_

#include <cstdint>
#include <span>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "concert/v1/explore.pb.h"
#include "services/coordinator/explore/lattice_sets.h"
#include "services/coordinator/explore/lattice_walk.h"

namespace concert::coordinator {

using ConsensusDag =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                       EdgeInfo, boost::no_property,
                                       std::uint32_t, std::uint64_t>;

// A path from the empty set.
struct BestPath {
  bool found = false;
  // Proposal indices in order of adoption.
  std::vector<int> proposals;
  // SUPPORT votes along it.
  std::int64_t support = 0;
};

class ConsensusGraph {
 public:
  // Takes the walk's edges (its edge vectors are left empty) and computes
  // the most support from the empty set (node 0) to every node.
  explicit ConsensusGraph(LatticeWalk& walk);

  const ConsensusDag& dag() const { return dag_; }
  std::uint32_t nodes() const {
    return static_cast<std::uint32_t>(best_.size());
  }

  // Most SUPPORT votes along any path from node 0 to `node`.
  std::int64_t support_to(std::uint32_t node) const { return best_[node]; }

  // Among the paths from node 0 to any of `targets`, one with the most
  // SUPPORT votes; among those, the lexicographically smallest sequence of
  // proposal indices (i.e. the one closest to draft order). Not found when
  // `targets` is empty.
  BestPath Best(std::span<const std::uint32_t> targets) const;

  // The graph as a proto: node i's set from `sets`, every edge with its
  // proposal and tallies.
  v1::ConsensusGraph ToProto(const LatticeSets& sets) const;

 private:
  ConsensusDag dag_;
  std::vector<std::int64_t> best_;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_CONSENSUS_GRAPH_H_
