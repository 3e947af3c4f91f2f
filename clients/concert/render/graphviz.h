// Drawing an exploration's consensus graph: Graphviz DOT written with
// boost::write_graphviz — reachable sets as nodes, passing steps as edges,
// the best sequence highlighted (bold, blue; the path to the largest
// adoptable set when the full charter is out of reach), dead ends in red,
// the full charter in green — and SVG rendered by running Graphviz's `dot`.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_GRAPHVIZ_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_GRAPHVIZ_H_

#include <string>

#include "absl/status/statusor.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/explore.pb.h"

namespace concert::coordinator {

struct DotOptions {
  // Graphs with at most this many nodes label nodes with the ids of their
  // sets and edges with proposal ids; bigger graphs label nodes with set
  // sizes only, and edges not at all, to stay readable.
  int max_labelled_nodes = 40;
};

// The DOT text of `exploration.graph` over `draft` (the explored draft).
// FAILED_PRECONDITION when the exploration carries no graph (explore with
// ExploreOptions::include_graph).
absl::StatusOr<std::string> ConsensusGraphDot(
    const v1::Exploration& exploration, const v1::CharterDraft& draft,
    const DotOptions& options = {});

// Renders DOT to SVG by running `program -Tsvg` (Graphviz `dot` on PATH by
// default). FAILED_PRECONDITION saying to install Graphviz when the program
// is not found; INTERNAL with dot's message when it fails.
absl::StatusOr<std::string> RenderSvg(const std::string& dot,
                                      const std::string& program = "dot");

}  // namespace concert::coordinator

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_GRAPHVIZ_H_
