#include "clients/concert/forum/graph_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <sys/stat.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/concert/render/graphviz.h"
#include "clients/concert/render/proposal_graph.h"

namespace concert::cli {
namespace {

namespace fs = std::filesystem;

std::uint32_t Budget(const GraphOutput& graph) {
  return graph.max_nodes > 0 ? graph.max_nodes : kDefaultGraphMaxNodes;
}

// 1048576 as "1,048,576".
std::string Thousands(std::uint64_t n) {
  const std::string digits = absl::StrCat(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// Why the lattice cannot be drawn, or "" when it can.
std::string LatticeMissing(const GraphOutput& graph, const v1::Exploration& e) {
  const std::uint64_t nodes = e.graph().nodes_size();
  if (nodes > Budget(graph) ||
      (nodes == 0 && e.states_explored() > Budget(graph))) {
    return absl::StrCat("the lattice has ",
                        Thousands(nodes > 0 ? nodes : e.states_explored()),
                        " states, over the budget of ",
                        Thousands(Budget(graph)), " (--graph-max-nodes)");
  }
  if (nodes == 0) {
    return e.strategy() == v1::EXPLORE_STRATEGY_LATTICE
               ? "the coordinator sent no lattice"
               : "the exploration walked orders, not the lattice "
                 "(--strategy lattice draws it)";
  }
  return "";
}

}  // namespace

absl::Status CheckGraphPath(const std::string& path) {
  if (path.empty()) return absl::OkStatus();
  if (!absl::EndsWith(path, ".dot") && !absl::EndsWith(path, ".svg")) {
    return absl::InvalidArgumentError(
        absl::StrCat("--graph ", path, ": must name a .dot or .svg file"));
  }
  std::error_code error;
  const fs::path file(path);
  if (fs::is_directory(file, error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--graph ", path, ": is a folder, not a file"));
  }
  const fs::path folder =
      file.parent_path().empty() ? fs::path(".") : file.parent_path();
  if (!fs::is_directory(folder, error)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--graph ", path, ": folder ", folder.string(), " does not exist"));
  }
  if (access(folder.c_str(), W_OK | X_OK) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--graph ", path, ": folder ", folder.string(), " is not writable"));
  }
  if (fs::exists(file, error) && access(file.c_str(), W_OK) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--graph ", path, ": the file is not writable"));
  }
  return absl::OkStatus();
}

void AskForGraph(const GraphOutput& graph, v1::ExploreRequest* request) {
  const bool lattice = !graph.path.empty() && graph.kind == "lattice";
  request->set_include_graph(lattice);
  if (lattice) request->set_graph_max_nodes(Budget(graph));
}

absl::Status WriteExplorationGraph(const GraphOutput& graph,
                                   const v1::Exploration& exploration,
                                   const v1::CharterDraft& draft) {
  std::string dot;
  std::string what = "proposal-level graph";
  std::string subject =
      absl::StrCat("the proposal-level graph of draft '", draft.id(), "' (",
                   draft.proposals_size(), " proposals)");
  if (graph.kind == "lattice") {
    const std::string missing = LatticeMissing(graph, exploration);
    if (missing.empty()) {
      auto lattice = coordinator::ConsensusGraphDot(exploration, draft);
      if (!lattice.ok()) return lattice.status();
      dot = *std::move(lattice);
      what = "state lattice";
      subject = absl::StrCat("the lattice of ",
                             Thousands(exploration.graph().nodes_size()),
                             " states of draft '", draft.id(), "' (",
                             draft.proposals_size(), " proposals)");
    } else {
      std::fprintf(stderr, "%s; drawing the proposal-level graph instead\n",
                   missing.c_str());
    }
  }
  if (dot.empty()) dot = coordinator::ProposalGraphDot(exploration, draft);
  std::string content = dot;
  if (absl::EndsWith(graph.path, ".svg")) {
    coordinator::SvgOptions options;
    options.timeout = absl::Seconds(graph.dot_timeout_seconds);
    options.subject = subject;
    auto svg = coordinator::RenderSvg(dot, options);
    if (!svg.ok()) return svg.status();
    content = *std::move(svg);
  }
  // A new file is private (0600 whatever the umask): the graph shows how
  // each party votes. An existing file keeps its mode.
  const int fd =
      open(graph.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
           S_IRUSR | S_IWUSR);
  if (fd >= 0) {
    (void)fchmod(fd, S_IRUSR | S_IWUSR);
    close(fd);
  }
  std::ofstream out(graph.path, std::ios::binary);
  out << content;
  out.close();
  if (!out) return absl::InternalError("cannot write " + graph.path);
  std::fprintf(stderr, "%s written to %s\n", what.c_str(), graph.path.c_str());
  return absl::OkStatus();
}

}  // namespace concert::cli
