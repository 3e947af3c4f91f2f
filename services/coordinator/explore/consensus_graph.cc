#include "services/coordinator/explore/consensus_graph.h"

#include <algorithm>
#include <limits>

#include <boost/graph/dag_shortest_paths.hpp>
#include <boost/property_map/transform_value_property_map.hpp>

namespace concert::coordinator {
namespace {

// Support of a step as a cost: the most-support path is the shortest path
// on negated support.
struct NegatedSupport {
  std::int64_t operator()(std::uint8_t support) const {
    return -static_cast<std::int64_t>(support);
  }
};

}  // namespace

ConsensusGraph::ConsensusGraph(LatticeWalk& walk)
    : dag_(boost::construct_inplace_from_sources_and_targets, walk.edge_sources,
           walk.edge_targets, walk.edge_info, walk.nodes) {
  walk.edge_sources = {};
  walk.edge_targets = {};
  walk.edge_info = {};
  std::vector<std::int64_t> distance(walk.nodes,
                                     std::numeric_limits<std::int64_t>::max());
  if (walk.nodes > 0) {
    auto weight = boost::make_transform_value_property_map(
        NegatedSupport(), boost::get(&EdgeInfo::support, dag_));
    boost::dag_shortest_paths(
        dag_, ConsensusDag::vertex_descriptor{0},
        boost::weight_map(weight).distance_map(
            boost::make_iterator_property_map(
                distance.begin(), boost::get(boost::vertex_index, dag_))));
  }
  best_.resize(distance.size());
  for (std::size_t v = 0; v < distance.size(); ++v) best_[v] = -distance[v];
}

BestPath ConsensusGraph::Best(std::span<const std::uint32_t> targets) const {
  BestPath path;
  if (targets.empty()) return path;
  std::int64_t top = std::numeric_limits<std::int64_t>::min();
  for (std::uint32_t t : targets) top = std::max(top, best_[t]);

  // mark: 2 = an optimal target, 1 = on a tight path to one.
  std::vector<std::uint8_t> mark(best_.size(), 0);
  for (std::uint32_t t : targets) {
    if (best_[t] == top) mark[t] = 2;
  }
  // Edges go from lower to higher node ids, so one sweep downward marks
  // every node with a tight path (each step optimal) to an optimal target.
  for (std::uint32_t v = nodes(); v-- > 0;) {
    if (mark[v] != 0) continue;
    for (auto e : boost::make_iterator_range(boost::out_edges(v, dag_))) {
      const std::uint32_t t = boost::target(e, dag_);
      if (mark[t] != 0 && best_[v] + dag_[e].support == best_[t]) {
        mark[v] = 1;
        break;
      }
    }
  }
  if (mark[0] == 0) return path;
  // Greedy from the empty set: the smallest proposal that stays optimal.
  path.found = true;
  path.support = top;
  std::uint32_t v = 0;
  while (mark[v] != 2) {
    int chosen = -1;
    std::uint32_t next = 0;
    for (auto e : boost::make_iterator_range(boost::out_edges(v, dag_))) {
      const std::uint32_t t = boost::target(e, dag_);
      const int p = dag_[e].proposal;
      if (mark[t] != 0 && best_[v] + dag_[e].support == best_[t] &&
          (chosen < 0 || p < chosen)) {
        chosen = p;
        next = t;
      }
    }
    path.proposals.push_back(chosen);
    v = next;
  }
  return path;
}

v1::ConsensusGraph ConsensusGraph::ToProto(const LatticeSets& sets) const {
  v1::ConsensusGraph graph;
  graph.mutable_nodes()->Reserve(nodes());
  for (std::uint32_t v = 0; v < nodes(); ++v) graph.add_nodes(sets.set(v));
  graph.mutable_edges()->Reserve(boost::num_edges(dag_));
  for (std::uint32_t v = 0; v < nodes(); ++v) {
    for (auto e : boost::make_iterator_range(boost::out_edges(v, dag_))) {
      const EdgeInfo& info = dag_[e];
      v1::GraphEdge* edge = graph.add_edges();
      edge->set_source(v);
      edge->set_target(boost::target(e, dag_));
      edge->set_proposal(info.proposal);
      edge->set_support(info.support);
      edge->set_abstain(info.abstain);
      edge->set_object(info.object);
    }
  }
  return graph;
}

}  // namespace concert::coordinator
