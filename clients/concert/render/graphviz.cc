#include "clients/concert/render/graphviz.h"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/graphviz.hpp>
#include <sys/wait.h>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

extern char** environ;

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

struct GraphWriter {
  void operator()(std::ostream& out) const {
    out << "rankdir=LR;\n"
        << "node [shape=box, style=rounded, fontname=\"Helvetica\", "
           "fontsize=10];\n"
        << "edge [fontname=\"Helvetica\", fontsize=9, color=gray40];\n";
  }
};

std::string Quote(absl::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";  // DOT's line break in a label
      continue;
    }
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
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
    const v1::Exploration& exploration, const v1::CharterDraft& draft,
    const DotOptions& options) {
  const v1::ConsensusGraph& g = exploration.graph();
  if (g.nodes_size() == 0) {
    return absl::FailedPreconditionError(
        "the exploration carries no consensus graph; explore with the graph "
        "included (include_graph)");
  }
  const int n = draft.proposals_size();
  const std::uint64_t full =
      n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
  const bool labelled = g.nodes_size() <= options.max_labelled_nodes;

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
    std::string attrs = "[";
    if (labelled && static_cast<int>(e.proposal()) < n) {
      absl::StrAppend(
          &attrs, "label=", Quote(draft.proposals(e.proposal()).id()), ", ");
    }
    absl::StrAppend(&attrs, "tooltip=",
                    Quote(absl::StrCat(e.support(), " support, ", e.abstain(),
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
    std::string label;
    if (!labelled) {
      label = absl::StrCat(std::popcount(set));
    } else if (set == 0) {
      label = "(none)";
    } else {
      std::vector<std::string> ids;
      for (std::uint64_t s = set; s != 0; s &= s - 1) {
        const int p = std::countr_zero(s);
        if (p < n) ids.push_back(draft.proposals(p).id());
      }
      label = absl::StrJoin(ids, "\n");
    }
    std::string attrs = absl::StrCat("[label=", Quote(label));
    const bool dead_end = set != full && out_degree[v] == 0;
    if (dead_end) {
      absl::StrAppend(&attrs,
                      ", color=red, fontcolor=red, penwidth=2, "
                      "tooltip=\"dead end\"");
    } else if (set == full) {
      absl::StrAppend(&attrs,
                      ", color=darkgreen, penwidth=2, "
                      "tooltip=\"full charter\"");
    }
    if (on_path.contains(v))
      absl::StrAppend(&attrs, ", style=\"rounded,bold\"");
    dot[v].text = attrs + "]";
  }
  std::ostringstream text;
  boost::write_graphviz(text, dot, AttributeWriter{&dot}, AttributeWriter{&dot},
                        GraphWriter{});
  return text.str();
}

namespace {

// A temporary file removed on destruction.
class TempFile {
 public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = absl::StrCat(dir != nullptr && *dir != '\0' ? dir : "/tmp",
                         "/concert-dot-XXXXXX");
    const int fd = mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
    } else {
      close(fd);
    }
  }
  ~TempFile() {
    if (!path_.empty()) unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

absl::StatusOr<std::string> RenderSvg(const std::string& dot,
                                      const std::string& program) {
  // Files, not pipes, for dot's input and output: no risk of a deadlock on
  // full pipes with big graphs.
  TempFile input, output, errors;
  if (!input.ok() || !output.ok() || !errors.ok()) {
    return absl::InternalError("cannot create temporary files for Graphviz");
  }
  {
    std::ofstream in(input.path(), std::ios::binary);
    in << dot;
    if (!in)
      return absl::InternalError("cannot write the DOT file for Graphviz");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(
      &actions, STDOUT_FILENO, output.path().c_str(), O_WRONLY | O_TRUNC, 0);
  posix_spawn_file_actions_addopen(
      &actions, STDERR_FILENO, errors.path().c_str(), O_WRONLY | O_TRUNC, 0);
  std::string arg0 = program, arg1 = "-Tsvg", arg2 = input.path();
  char* argv[] = {arg0.data(), arg1.data(), arg2.data(), nullptr};
  pid_t pid = 0;
  const int rc =
      posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT) {
    return absl::FailedPreconditionError(absl::StrCat(
        "Graphviz '", program,
        "' was not found on PATH; install Graphviz (e.g. apt-get install "
        "graphviz) to render the consensus graph as SVG, or use the DOT "
        "output"));
  }
  if (rc != 0) {
    return absl::InternalError(
        absl::StrCat("cannot run '", program, "': ", std::strerror(rc)));
  }
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0) {
    if (errno != EINTR) {
      return absl::InternalError(
          absl::StrCat("waiting for '", program, "': ", std::strerror(errno)));
    }
  }
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 127) {
      return absl::FailedPreconditionError(absl::StrCat(
          "Graphviz '", program, "' could not be run; install Graphviz"));
    }
    return absl::InternalError(absl::StrCat(
        "'", program, " -Tsvg' failed: ", ReadFile(errors.path())));
  }
  return ReadFile(output.path());
}

}  // namespace concert::coordinator
