// The prerequisite graph of a charter draft: one vertex per proposal, an edge
// from each prerequisite to the proposal that requires it. Adoption orders
// are its topological orders, so a cycle means the draft can never be
// completed. Validation reports cycles from here; the explorer reuses the
// graph and its orders.
#ifndef CONCERT_SERVICES_COMMON_PREREQUISITE_GRAPH_H_
#define CONCERT_SERVICES_COMMON_PREREQUISITE_GRAPH_H_

#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/charter.pb.h"

namespace concert {

class PrerequisiteGraph {
 public:
  // Vertex i is the draft's i-th proposal; bidirectional so that both a
  // proposal's prerequisites (in-edges) and dependents (out-edges) are at hand.
  using Graph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

  // Builds the graph of `draft`. Never fails: prerequisites naming unknown
  // proposals are left out, and of proposals sharing an id the first one
  // holds it (validation reports both problems).
  explicit PrerequisiteGraph(const v1::CharterDraft& draft);

  // Number of proposals (vertices).
  int size() const { return static_cast<int>(ids_.size()); }
  // Id of proposal (vertex) i.
  const std::string& id(int i) const { return ids_[i]; }
  // Index of the proposal with this id, or -1.
  int Find(absl::string_view id) const;
  // The Boost graph itself, for other algorithms.
  const Graph& graph() const { return graph_; }

  // One prerequisite cycle as proposal ids in edge order (each must be adopted
  // before the next), starting and ending with the cycle's earliest proposal
  // in draft order: {"a", "b", "c", "a"}; {"a", "a"} for a proposal that
  // requires itself. Empty when the graph is acyclic.
  std::vector<std::string> FindCycle() const;

  // Every cycle closed by a back edge of a depth-first search, each as in
  // FindCycle(), without repeats, in order of discovery. Empty iff acyclic;
  // every strongly connected tangle yields at least one.
  std::vector<std::vector<std::string>> FindCycles() const;

  // Proposal indices in an order in which every prerequisite comes before
  // the proposals requiring it (boost::topological_sort; ties are not broken
  // by draft order). FAILED_PRECONDITION naming a cycle when there is one.
  absl::StatusOr<std::vector<int>> TopologicalOrder() const;

 private:
  std::vector<std::string> ids_;
  absl::flat_hash_map<std::string, int> index_;
  Graph graph_;
};

// "a -> b -> c -> a".
std::string FormatCycle(const std::vector<std::string>& cycle);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_PREREQUISITE_GRAPH_H_
