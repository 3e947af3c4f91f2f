// `concert explore --graph FILE`: which picture to draw (the proposal-level
// graph by default, the state lattice on request and within a node budget),
// checking FILE before any work is done, asking the coordinator for what the
// picture needs, and writing DOT or SVG (through Graphviz, with a time
// limit).
#ifndef CONCERT_CLIENTS_CONCERT_FORUM_GRAPH_OUTPUT_H_
#define CONCERT_CLIENTS_CONCERT_FORUM_GRAPH_OUTPUT_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/coordinator.pb.h"
#include "concert/v1/explore.pb.h"

namespace concert::cli {

// The lattice budget when the command line leaves it at 0 (the
// coordinator's default for ExploreRequest.graph_max_nodes too).
inline constexpr std::uint32_t kDefaultGraphMaxNodes = 2000;

struct GraphOutput {
  // Where to draw (.dot or .svg); empty: nowhere.
  std::string path;
  // "proposals" (the proposal-level graph) or "lattice" (the state lattice).
  std::string kind = "proposals";
  // The lattice is drawn only up to this many states (0: the default).
  std::uint32_t max_nodes = 0;
  // How long Graphviz may take to draw the SVG.
  int dot_timeout_seconds = 60;
};

// INVALID_ARGUMENT (exit 2) unless `path` is empty or names a .dot or .svg
// file that can be written: its folder exists and is writable, and the path
// is not a folder (nor an unwritable file). Called before the exploration,
// so a typo costs no exploration.
absl::Status CheckGraphPath(const std::string& path);

// Sets what the coordinator must send for `graph`: the lattice (with the
// budget) only when it is to be drawn.
void AskForGraph(const GraphOutput& graph, v1::ExploreRequest* request);

// Draws `exploration` over `draft` to graph.path, says so on stderr and,
// when the lattice was asked for but is not there (over the budget, or the
// exploration sampled), says why on one stderr line and draws the
// proposal-level graph instead.
absl::Status WriteExplorationGraph(const GraphOutput& graph,
                                   const v1::Exploration& exploration,
                                   const v1::CharterDraft& draft);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_FORUM_GRAPH_OUTPUT_H_
