#include "clients/concert/render/graphviz.h"

#include <bit>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/graphviz.hpp>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/graph_frame.h"

namespace concert::coordinator {
namespace {

struct Attributes {
  std::string text;  // "[label=..., ...]"
};
using DotGraph =
    boost::compressed_sparse_row_graph<boost::directedS, Attributes, Attributes,
                                       boost::no_property, std::uint32_t,
                                       std::uint64_t>;

struct AttributeWriter {
  const DotGraph* graph;
  template <typename Descriptor>
  void operator()(std::ostream& out, Descriptor d) const {
    out << (*graph)[d].text;
  }
};

// The title, the legend and the defaults, written before the nodes.
struct GraphWriter {
  std::string head;
  void operator()(std::ostream& out) const { out << head; }
};

std::string Quote(absl::string_view s) { return DotQuote(s); }

std::vector<LegendEntry> LatticeLegend(bool full) {
  return {{"k", "a set of k adopted proposals (hover over it: which)"},
          {"<FONT COLOR=\"gray40\">── id ─▶</FONT>",
           "a passing step: adopting proposal id there reaches consensus"},
          {"<FONT COLOR=\"blue\"><B>━━━▶</B></FONT>",
           full ? "the best consensus sequence"
                : "the way to a largest adoptable set"},
          {"<FONT COLOR=\"red\">▢</FONT>", "a dead end: nothing more passes"},
          {"<FONT COLOR=\"darkgreen\">▢</FONT>", "the full charter"}};
}

// The path to highlight: the best sequence, else the path to the largest
// adoptable set. Returns (from node, proposal) steps.
absl::flat_hash_set<std::pair<std::uint32_t, std::uint32_t>> HighlightedSteps(
    const v1::Exploration& e, const v1::CharterDraft& draft,
    const absl::flat_hash_map<std::uint64_t, std::uint32_t>& node_of) {
  const v1::Sequence& sequence = e.best_sequence().proposals_size() > 0
                                     ? e.best_sequence()
                                     : e.largest_adoptable().sequence();
  absl::flat_hash_map<std::string, int> index;
  for (int i = 0; i < draft.proposals_size(); ++i) {
    index.emplace(draft.proposals(i).id(), i);
  }
  absl::flat_hash_set<std::pair<std::uint32_t, std::uint32_t>> steps;
  std::uint64_t set = 0;
  for (const std::string& id : sequence.proposals()) {
    auto p = index.find(id);
    auto from = node_of.find(set);
    if (p == index.end() || from == node_of.end()) break;
    steps.insert({from->second, static_cast<std::uint32_t>(p->second)});
    set |= std::uint64_t{1} << p->second;
  }
  return steps;
}

}  // namespace

absl::StatusOr<std::string> ConsensusGraphDot(
    const v1::Exploration& exploration, const v1::CharterDraft& draft) {
  const v1::ConsensusGraph& g = exploration.graph();
  if (g.nodes_size() == 0) {
    return absl::FailedPreconditionError(
        "the exploration carries no consensus graph; explore with the graph "
        "included (include_graph)");
  }
  const int n = draft.proposals_size();
  const std::uint64_t full =
      n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;

  absl::flat_hash_map<std::uint64_t, std::uint32_t> node_of;
  for (int v = 0; v < g.nodes_size(); ++v) node_of.emplace(g.nodes(v), v);
  std::vector<int> out_degree(g.nodes_size(), 0);
  for (const v1::GraphEdge& e : g.edges()) {
    if (e.source() < out_degree.size()) ++out_degree[e.source()];
  }
  const auto steps = HighlightedSteps(exploration, draft, node_of);
  absl::flat_hash_set<std::uint32_t> on_path;
  for (const v1::GraphEdge& e : g.edges()) {
    if (steps.contains({e.source(), e.proposal()})) {
      on_path.insert(e.source());
      on_path.insert(e.target());
    }
  }

  // Edges first (the graph is built from them), then the attributes.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  std::vector<Attributes> edge_attributes;
  for (const v1::GraphEdge& e : g.edges()) {
    if (e.source() >= static_cast<std::uint32_t>(g.nodes_size()) ||
        e.target() >= static_cast<std::uint32_t>(g.nodes_size())) {
      continue;
    }
    edges.emplace_back(e.source(), e.target());
    // Every step names its proposal: which one a step adopts is what the
    // picture is for.
    const std::string id = static_cast<int>(e.proposal()) < n
                               ? draft.proposals(e.proposal()).id()
                               : absl::StrCat("#", e.proposal());
    std::string attrs = absl::StrCat(
        "[label=", Quote(id), ", tooltip=",
        Quote(absl::StrCat(id, ": ", e.support(), " support, ", e.abstain(),
                           " abstain, ", e.object(), " object")));
    if (steps.contains({e.source(), e.proposal()})) {
      absl::StrAppend(&attrs, ", color=blue, penwidth=3, style=bold");
    }
    edge_attributes.push_back(Attributes{attrs + "]"});
  }
  DotGraph dot(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
               edge_attributes.begin(), g.nodes_size());
  for (int v = 0; v < g.nodes_size(); ++v) {
    const std::uint64_t set = g.nodes(v);
    // The size only: the set itself is the tooltip (a node listing 17 ids
    // made boxes 17 lines tall).
    std::vector<std::string> ids;
    for (std::uint64_t s = set; s != 0; s &= s - 1) {
      const int p = std::countr_zero(s);
      if (p < n) ids.push_back(draft.proposals(p).id());
    }
    const std::string label =
        set == 0 ? "start" : absl::StrCat(std::popcount(set));
    std::string attrs = absl::StrCat(
        "[label=", Quote(label), ", tooltip=",
        Quote(set == 0 ? "nothing adopted yet"
                       : absl::StrCat("adopted: ", absl::StrJoin(ids, ", "))));
    const bool dead_end = set != full && out_degree[v] == 0;
    if (dead_end) {
      absl::StrAppend(&attrs, ", color=red, fontcolor=red, penwidth=2");
    } else if (set == full) {
      absl::StrAppend(&attrs, ", color=darkgreen, penwidth=2");
    }
    if (on_path.contains(v))
      absl::StrAppend(&attrs, ", style=\"rounded,bold\"");
    dot[v].text = attrs + "]";
  }
  std::ostringstream text;
  GraphWriter head;
  head.head = absl::StrCat(
      TitleAttributes(
          exploration, draft,
          absl::StrCat("state lattice: ", g.nodes_size(), " reachable sets, ",
                       g.edges_size(), " passing steps")),
      "id=\"lattice-graph\";\nrankdir=LR;\n",
      "node [shape=box, style=rounded, fontname=\"Helvetica\", "
      "fontsize=10];\n",
      "edge [fontname=\"Helvetica\", fontsize=9, color=gray40];\n",
      LegendCluster(LatticeLegend(exploration.full_charter_reachable())));
  boost::write_graphviz(text, dot, AttributeWriter{&dot}, AttributeWriter{&dot},
                        head);
  return text.str();
}

}  // namespace concert::coordinator
