#include "services/common/prerequisite_graph.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace concert {

namespace {

using Graph = PrerequisiteGraph::Graph;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

// Records the depth-first tree (each vertex's parent) and every back edge;
// a back edge u -> v closes the cycle v -> ... -> u -> v along the tree.
class CycleRecorder : public boost::default_dfs_visitor {
 public:
  CycleRecorder(std::vector<Vertex>* parent,
                std::vector<std::pair<Vertex, Vertex>>* back_edges)
      : parent_(parent), back_edges_(back_edges) {}

  void tree_edge(Edge e, const Graph& g) const {
    (*parent_)[boost::target(e, g)] = boost::source(e, g);
  }
  void back_edge(Edge e, const Graph& g) const {
    back_edges_->emplace_back(boost::source(e, g), boost::target(e, g));
  }

 private:
  // Pointers, because Boost copies visitors by value.
  std::vector<Vertex>* parent_;
  std::vector<std::pair<Vertex, Vertex>>* back_edges_;
};

// The vertices of the cycle closed by back edge u -> v, first vertex
// repeated at the end, rotated to start at the smallest vertex so that the
// same cycle always prints the same way.
std::vector<Vertex> CycleOf(Vertex u, Vertex v,
                            const std::vector<Vertex>& parent) {
  std::vector<Vertex> cycle;
  for (Vertex w = u; w != v; w = parent[w]) cycle.push_back(w);
  cycle.push_back(v);
  std::reverse(cycle.begin(), cycle.end());
  std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()),
              cycle.end());
  cycle.push_back(cycle.front());
  return cycle;
}

}  // namespace

PrerequisiteGraph::PrerequisiteGraph(const v1::CharterDraft& draft)
    : graph_(draft.proposals_size()) {
  ids_.reserve(draft.proposals_size());
  for (int i = 0; i < draft.proposals_size(); ++i) {
    ids_.push_back(draft.proposals(i).id());
    index_.try_emplace(draft.proposals(i).id(), i);
  }
  for (int i = 0; i < draft.proposals_size(); ++i) {
    for (const std::string& prerequisite : draft.proposals(i).prerequisites()) {
      const int from = Find(prerequisite);
      if (from >= 0) boost::add_edge(from, i, graph_);
    }
  }
}

int PrerequisiteGraph::Find(absl::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? -1 : it->second;
}

std::vector<std::vector<std::string>> PrerequisiteGraph::FindCycles() const {
  std::vector<Vertex> parent(boost::num_vertices(graph_));
  std::vector<std::pair<Vertex, Vertex>> back_edges;
  boost::depth_first_search(
      graph_, boost::visitor(CycleRecorder(&parent, &back_edges)));

  std::vector<std::vector<std::string>> cycles;
  // Parallel edges (a prerequisite listed twice) close the same cycle twice.
  absl::flat_hash_set<std::vector<Vertex>> seen;
  for (const auto& [u, v] : back_edges) {
    std::vector<Vertex> cycle = CycleOf(u, v, parent);
    if (!seen.insert(cycle).second) continue;
    std::vector<std::string> ids;
    ids.reserve(cycle.size());
    for (Vertex w : cycle) ids.push_back(ids_[w]);
    cycles.push_back(std::move(ids));
  }
  return cycles;
}

std::vector<std::string> PrerequisiteGraph::FindCycle() const {
  std::vector<std::vector<std::string>> cycles = FindCycles();
  if (cycles.empty()) return {};
  return std::move(cycles.front());
}

absl::StatusOr<std::vector<int>> PrerequisiteGraph::TopologicalOrder() const {
  // topological_sort throws on a cycle; look first so the error can name it.
  std::vector<std::string> cycle = FindCycle();
  if (!cycle.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("prerequisite cycle ", FormatCycle(cycle)));
  }
  std::vector<Vertex> reversed;
  reversed.reserve(boost::num_vertices(graph_));
  boost::topological_sort(graph_, std::back_inserter(reversed));
  return std::vector<int>(reversed.rbegin(), reversed.rend());
}

std::string FormatCycle(const std::vector<std::string>& cycle) {
  return absl::StrJoin(cycle, " -> ");
}

}  // namespace concert
