#include "clients/concert/render/proposal_graph.h"

#include <set>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/graph_frame.h"

namespace concert::coordinator {
namespace {

// Light fills for the stages' boxes, in stage order (then round again).
constexpr const char* kStageFills[] = {"#eef3fb", "#eef8ee", "#fbf3e6",
                                       "#f3eefb", "#e9f6f6", "#fbeef2"};
constexpr const char* kStageBorders[] = {"#9db3d9", "#a3cfa3", "#dcb98a",
                                         "#bba6da", "#94cccc", "#dba3b6"};
constexpr const char* kPartyOrder = "#222222";
constexpr const char* kDraftOrder = "gray55";
constexpr const char* kLeftOut = "red3";

std::string NodeName(int i) { return absl::StrCat("p", i); }

// The draft's proposals by id, their stages and their prerequisites closed
// transitively: what tells a stage-order arrow from a prerequisite one.
struct DraftShape {
  explicit DraftShape(const v1::CharterDraft& draft) {
    const int n = draft.proposals_size();
    absl::flat_hash_map<std::string, int> stage_of_id;
    for (int s = 0; s < draft.stages_size(); ++s) {
      stage_of_id.emplace(draft.stages(s).id(), s);
    }
    for (int i = 0; i < n; ++i) index.emplace(draft.proposals(i).id(), i);
    stage.assign(n, -1);
    requires_all.assign(n, std::vector<bool>(n, false));
    for (int i = 0; i < n; ++i) {
      const v1::Proposal& p = draft.proposals(i);
      if (auto s = stage_of_id.find(p.stage()); s != stage_of_id.end()) {
        stage[i] = s->second;
      }
      for (const std::string& r : p.prerequisites()) {
        if (auto j = index.find(r); j != index.end()) {
          requires_all[i][j->second] = true;
        }
      }
    }
    for (int k = 0; k < n; ++k) {
      for (int i = 0; i < n; ++i) {
        if (!requires_all[i][k]) continue;
        for (int j = 0; j < n; ++j) {
          if (requires_all[k][j]) requires_all[i][j] = true;
        }
      }
    }
  }
  int Find(const std::string& id) const {
    auto it = index.find(id);
    return it == index.end() ? -1 : it->second;
  }

  absl::flat_hash_map<std::string, int> index;
  std::vector<int> stage;
  // requires_all[b][a]: b needs a, directly or through others.
  std::vector<std::vector<bool>> requires_all;
};

// Why a proposal left out of the sequence shown is left out, for its node.
std::string LeftOutReason(const v1::BlockerStat* blocker, int max_objectors) {
  if (blocker == nullptr) return "never tabled: its prerequisites never pass";
  std::vector<std::string> names;
  for (const v1::Objection& o : blocker->objections()) {
    if (static_cast<int>(names.size()) == max_objectors) {
      names.push_back(
          absl::StrCat("+", blocker->objections_size() - max_objectors));
      break;
    }
    names.push_back(o.party());
  }
  const std::string how = blocker->failures() == blocker->tabled()
                              ? "never passes"
                              : "left out of the largest set";
  if (names.empty()) return absl::StrCat(how, ": too little support");
  return absl::StrCat(how, "; objecting: ", absl::StrJoin(names, ", "));
}

std::string NodeStatement(const v1::Proposal& proposal, int i, int position,
                          const v1::BlockerStat* blocker,
                          const ProposalGraphOptions& options) {
  const bool left_out = position == 0;
  std::string rows =
      absl::StrCat("<TR><TD><B>",
                   left_out ? absl::StrCat("<FONT COLOR=\"", kLeftOut, "\">✗ ")
                            : absl::StrCat(position, " · "),
                   HtmlLabelEscape(proposal.id()), left_out ? "</FONT>" : "",
                   "</B></TD></TR>");
  for (const std::string& line :
       WrapWords(proposal.title(), options.title_width, options.title_lines)) {
    absl::StrAppend(&rows, "<TR><TD><FONT POINT-SIZE=\"9\">",
                    HtmlLabelEscape(line), "</FONT></TD></TR>");
  }
  if (left_out) {
    for (const std::string& line :
         WrapWords(LeftOutReason(blocker, options.max_objectors),
                   options.title_width + 10, 3)) {
      absl::StrAppend(&rows, R"(<TR><TD><FONT POINT-SIZE="9" COLOR=")",
                      kLeftOut, R"(">)", HtmlLabelEscape(line),
                      "</FONT></TD></TR>");
    }
  }
  std::string tooltip =
      proposal.title().empty() ? proposal.id() : proposal.title();
  if (left_out) {
    absl::StrAppend(&tooltip, " — ",
                    LeftOutReason(blocker, /*max_objectors=*/64));
  }
  return absl::StrCat(
      NodeName(i), " [id=", DotQuote(absl::StrCat("proposal-", proposal.id())),
      ", tooltip=", DotQuote(tooltip),
      left_out ? absl::StrCat(", color=", kLeftOut,
                              ", fillcolor=\"#fdecec\", penwidth=1.6")
               : "",
      ", label=<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" "
      "CELLPADDING=\"1\">",
      rows, "</TABLE>>];\n");
}

std::vector<LegendEntry> Legend(const v1::Exploration& e) {
  const bool full = e.full_charter_reachable();
  std::vector<LegendEntry> entries = {
      {"<B>3 · id</B>",
       full ? "adopted third in the best consensus sequence"
            : "adopted third on the way to a largest adoptable set"},
      {absl::StrCat("<FONT COLOR=\"", kLeftOut, "\"><B>✗ id</B></FONT>"),
       full ? "never passes (no consensus sequence adopts it)"
            : "not adopted there; the parties objecting are named"},
      {absl::StrCat("<FONT COLOR=\"", kPartyOrder, "\">━━━▶</FONT>"),
       "before, in every consensus sequence: the parties' votes impose it"},
      {absl::StrCat("<FONT COLOR=\"", kDraftOrder, "\">╌╌╌▶</FONT>"),
       "before: the draft imposes it (a prerequisite, or the stage order "
       "between boxes)"},
      {absl::StrCat("<FONT COLOR=\"", kStageBorders[0], "\">▢</FONT> stage"),
       "a stage of the draft"}};
  if (e.strategy() == v1::EXPLORE_STRATEGY_SAMPLE) {
    entries.push_back({"(no arrows)",
                       "orders are worked out by exact explorations only, "
                       "not from sampled orders"});
  }
  return entries;
}

}  // namespace

std::string ProposalGraphDot(const v1::Exploration& e,
                             const v1::CharterDraft& draft,
                             const ProposalGraphOptions& options) {
  const DraftShape shape(draft);
  const int n = draft.proposals_size();
  // The sequence shown: the best one, or the way to a largest set.
  const v1::Sequence& sequence = e.full_charter_reachable()
                                     ? e.best_sequence()
                                     : e.largest_adoptable().sequence();
  std::vector<int> position(n, 0);
  for (int k = 0; k < sequence.proposals_size(); ++k) {
    const int i = shape.Find(sequence.proposals(k));
    if (i >= 0) position[i] = k + 1;
  }
  absl::flat_hash_map<std::string, const v1::BlockerStat*> blocker_of;
  for (const v1::BlockerStat& b : e.blockers()) {
    blocker_of.emplace(b.proposal(), &b);
  }

  std::string dot = "digraph proposals {\n";
  absl::StrAppend(&dot, TitleAttributes(e, draft, "proposal-level graph"),
                  "id=\"proposal-graph\";\nrankdir=LR;\ncompound=true;\n"
                  "newrank=true;\nnodesep=0.25;\nranksep=0.6;\n",
                  "node [shape=box, style=\"rounded,filled\", "
                  "fillcolor=white, fontname=\"Helvetica\", fontsize=10, "
                  "margin=\"0.08,0.04\"];\n",
                  "edge [fontname=\"Helvetica\", fontsize=9, "
                  "arrowsize=0.8];\n");
  // A box per stage; proposals of no known stage stand outside any box.
  std::vector<std::vector<int>> members(draft.stages_size());
  std::vector<int> loose;
  for (int i = 0; i < n; ++i) {
    (shape.stage[i] >= 0 ? members[shape.stage[i]] : loose).push_back(i);
  }
  const auto node = [&](int i) {
    const auto b = blocker_of.find(draft.proposals(i).id());
    return NodeStatement(draft.proposals(i), i, position[i],
                         b == blocker_of.end() ? nullptr : b->second, options);
  };
  for (int s = 0; s < draft.stages_size(); ++s) {
    if (members[s].empty()) continue;
    const v1::Stage& stage = draft.stages(s);
    const std::string title = absl::StrJoin(
        WrapWords(stage.title().empty()
                      ? stage.id()
                      : absl::StrCat(stage.id(), " · ", stage.title()),
                  36, 2),
        "\n");
    absl::StrAppend(
        &dot, "subgraph cluster_stage_", s, " {\nlabel=", DotQuote(title),
        ";\nid=", DotQuote(absl::StrCat("stage-", stage.id())),
        ";\nstyle=\"rounded,filled\";\nfillcolor=\"", kStageFills[s % 6],
        "\";\ncolor=\"", kStageBorders[s % 6], "\";\nfontsize=11;\n");
    for (int i : members[s]) absl::StrAppend(&dot, node(i));
    absl::StrAppend(&dot, "}\n");
  }
  for (int i : loose) absl::StrAppend(&dot, node(i));

  // Orders: one arrow each, but the stage order once per pair of stages
  // (every proposal of a stage before every one of the next would be a
  // thicket of arrows saying one thing).
  std::set<std::pair<int, int>> stage_orders;
  for (const v1::NecessaryOrder& o : e.necessary_orders()) {
    const int a = shape.Find(o.before());
    const int b = shape.Find(o.after());
    if (a < 0 || b < 0) continue;
    const bool by_stage = o.by_draft() && !shape.requires_all[b][a] &&
                          shape.stage[a] >= 0 && shape.stage[b] >= 0 &&
                          shape.stage[a] != shape.stage[b];
    if (by_stage) {
      stage_orders.emplace(shape.stage[a], shape.stage[b]);
      continue;
    }
    absl::StrAppend(
        &dot, NodeName(a), " -> ", NodeName(b), " [",
        o.by_draft()
            ? absl::StrCat("color=", kDraftOrder, ", style=dashed")
            : absl::StrCat("color=\"", kPartyOrder, "\", penwidth=1.5"),
        ", tooltip=",
        DotQuote(absl::StrCat(o.before(), " before ", o.after(), ": ",
                              o.by_draft() ? "the draft requires it"
                                           : "every consensus sequence "
                                             "keeps this order")),
        "];\n");
  }
  for (const auto& [s, t] : stage_orders) {
    absl::StrAppend(
        &dot, NodeName(members[s].front()), " -> ",
        NodeName(members[t].front()), " [ltail=cluster_stage_", s,
        ", lhead=cluster_stage_", t, ", color=", kDraftOrder,
        ", style=dashed, penwidth=1.5, tooltip=",
        DotQuote(absl::StrCat("stage ", draft.stages(s).id(), " before stage ",
                              draft.stages(t).id())),
        "];\n");
  }
  // Stages left to right in draft order even when no arrow orders them.
  int previous = -1;
  for (int s = 0; s < draft.stages_size(); ++s) {
    if (members[s].empty()) continue;
    if (previous >= 0 && !stage_orders.contains({previous, s})) {
      absl::StrAppend(&dot, NodeName(members[previous].front()), " -> ",
                      NodeName(members[s].front()), " [style=invis];\n");
    }
    previous = s;
  }
  absl::StrAppend(&dot, LegendCluster(Legend(e)), "}\n");
  return dot;
}

}  // namespace concert::coordinator
