// The proposal-level graph of an exploration, the picture `concert explore
// --graph` draws by default: one node per proposal (its id, its title
// wrapped, its place in the best sequence), a box per stage, an arrow for
// each order every consensus sequence keeps (Exploration.necessary_orders:
// solid dark when the parties' votes impose it, grey dashed when the draft
// does), the proposals left out drawn red with the parties that object to
// them, a title and a legend. Its size grows with the draft, not with the
// lattice of adopted sets (2^N states), so every draft draws legibly; the
// lattice stays available (graphviz.h) for small drafts.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_PROPOSAL_GRAPH_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_PROPOSAL_GRAPH_H_

#include <string>

#include "concert/v1/charter.pb.h"
#include "concert/v1/explore.pb.h"

namespace concert::coordinator {

struct ProposalGraphOptions {
  // A proposal's title is wrapped to lines of this many characters, at most
  // this many lines (the rest cut with "…"; the whole title is the node's
  // tooltip).
  int title_width = 26;
  int title_lines = 3;
  // At most this many objecting parties are named on a red node.
  int max_objectors = 3;
};

// The DOT text of the proposal-level graph of `exploration` over `draft`
// (the explored draft). Needs no consensus graph: a sampled exploration or
// one whose lattice was left out draws too (without arrows when it has no
// necessary orders). A draft that fails at the root draws every proposal,
// red, with its objectors.
std::string ProposalGraphDot(const v1::Exploration& exploration,
                             const v1::CharterDraft& draft,
                             const ProposalGraphOptions& options = {});

}  // namespace concert::coordinator

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_PROPOSAL_GRAPH_H_
