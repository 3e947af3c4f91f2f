// Drawing an exploration's state lattice (its consensus graph): Graphviz DOT
// written with boost::write_graphviz — reachable sets as nodes labelled by
// their size (the set itself is the tooltip), passing steps as edges
// labelled by the proposal adopted, the best sequence highlighted (bold,
// blue; the path to the largest adoptable set when the full charter is out
// of reach), dead ends in red, the full charter in green, with the title and
// legend of graph_frame.h — and SVG rendered by running Graphviz's `dot`
// with a time limit. The default picture is the proposal-level graph
// (proposal_graph.h); the lattice is for small drafts, on request.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_GRAPHVIZ_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_GRAPHVIZ_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/explore.pb.h"

namespace concert::coordinator {

// The DOT text of `exploration.graph` over `draft` (the explored draft).
// FAILED_PRECONDITION when the exploration carries no graph (explore with
// ExploreOptions::include_graph).
absl::StatusOr<std::string> ConsensusGraphDot(
    const v1::Exploration& exploration, const v1::CharterDraft& draft);

struct SvgOptions {
  // Graphviz's `dot`, looked up on PATH unless a path.
  std::string program = "dot";
  // dot is killed past this (a big graph can take it minutes).
  absl::Duration timeout = absl::Seconds(60);
  // What is drawn, for the message when dot runs out of time, e.g. "the
  // lattice of 1,024 states of draft 'arf'".
  std::string subject = "the graph";
};

// Renders DOT to SVG by running `program -Tsvg`, DOT on its standard input
// and SVG from its standard output through files already unlinked, so
// nothing is left behind however this process ends. FAILED_PRECONDITION
// saying to install Graphviz when the program is not found; INTERNAL with
// dot's message when it fails; DEADLINE_EXCEEDED (dot killed) past the
// timeout, naming `subject` and suggesting the .dot output.
absl::StatusOr<std::string> RenderSvg(const std::string& dot,
                                      const SvgOptions& options);
absl::StatusOr<std::string> RenderSvg(const std::string& dot,
                                      const std::string& program = "dot");

}  // namespace concert::coordinator

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_GRAPHVIZ_H_
