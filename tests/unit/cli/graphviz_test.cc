// The DOT drawing of a consensus graph and its rendering to SVG.
#include "clients/concert/render/graphviz.h"

#include <unistd.h>

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/coordinator/explore/explorer.h"
#include "tests/support/fake_vote_source.h"

namespace concert::coordinator {
namespace {

using testing::FakeVoteSource;
using ::testing::HasSubstr;
using testing::MakeDraft;
using testing::MakeScenario;
using ::testing::Not;
using History = std::span<const std::uint32_t>;

// The case with one way through (p1, p2, p0) and two dead ends.
v1::Exploration Explored(const v1::CharterDraft& draft) {
  const v1::Scenario scenario = MakeScenario(2);
  FakeVoteSource source(2);
  source.SetVotes([](int party, ProposalSet set, int p, History) {
    if (party == 0 && p == 2 && Contains(set, 0)) return v1::VOTE_OBJECT;
    if (party == 0 && p == 1 && Contains(set, 2)) return v1::VOTE_OBJECT;
    return v1::VOTE_SUPPORT;
  });
  ExploreOptions options;
  options.include_graph = true;
  auto e = Explore({&scenario, &draft, "", {}}, options, source);
  EXPECT_TRUE(e.ok()) << e.status();
  return *e;
}

int Occurrences(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

TEST(ConsensusGraphDot, HighlightsTheBestPathAndMarksDeadEnds) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  const v1::Exploration e = Explored(draft);
  auto dot = ConsensusGraphDot(e, draft);
  ASSERT_TRUE(dot.ok()) << dot.status();
  EXPECT_THAT(*dot, HasSubstr("digraph"));
  EXPECT_THAT(*dot, HasSubstr("rankdir=LR"));
  // Three highlighted steps: p1, then p2, then p0.
  EXPECT_EQ(Occurrences(*dot, "color=blue, penwidth=3"), 3);
  // Two dead ends in red, the full charter in green.
  EXPECT_EQ(Occurrences(*dot, ", color=red,"), 2);
  EXPECT_EQ(Occurrences(*dot, "color=darkgreen"), 1);
  EXPECT_EQ(Occurrences(*dot, "->"), 8);
}

TEST(ConsensusGraphDot, EveryStepNamesItsProposalAndNodesStaySmall) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  const v1::Exploration e = Explored(draft);
  auto dot = ConsensusGraphDot(e, draft);
  ASSERT_TRUE(dot.ok()) << dot.status();
  // Eight steps, each labelled with the proposal it adopts.
  EXPECT_EQ(Occurrences(*dot, "[label=\"p0\", tooltip=\"p0: "), 4);
  EXPECT_EQ(Occurrences(*dot, "[label=\"p1\", tooltip="), 2);
  EXPECT_EQ(Occurrences(*dot, "[label=\"p2\", tooltip="), 2);
  // Nodes: their size, the set in the tooltip; no box lists its set.
  EXPECT_THAT(*dot, HasSubstr("[label=\"start\""));
  EXPECT_THAT(*dot, HasSubstr("[label=\"2\", tooltip=\"adopted: p0, p2\""));
  EXPECT_THAT(*dot, Not(HasSubstr("p0\\np2")));
}

TEST(ConsensusGraphDot, HasATitleAndALegend) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  v1::Exploration e = Explored(draft);
  e.mutable_rule()->set_kind(v1::DecisionRule::UNANIMITY);
  auto dot = ConsensusGraphDot(e, draft);
  ASSERT_TRUE(dot.ok()) << dot.status();
  EXPECT_THAT(*dot, HasSubstr("A test draft"));
  EXPECT_THAT(*dot, HasSubstr("(test-draft)"));
  EXPECT_THAT(*dot, HasSubstr("variant: baseline"));
  EXPECT_THAT(*dot, HasSubstr("rule: unanimity"));
  EXPECT_THAT(*dot, HasSubstr("full charter reachable (1 of 6 orders"));
  EXPECT_THAT(*dot, HasSubstr("state lattice: 8 reachable sets"));
  EXPECT_THAT(*dot, HasSubstr("subgraph cluster_legend"));
  EXPECT_THAT(*dot, HasSubstr("label=\"Legend\""));
  EXPECT_THAT(*dot, HasSubstr("a dead end"));
  // An old record without its rule does not claim one.
  e.clear_rule();
  dot = ConsensusGraphDot(e, draft);
  ASSERT_TRUE(dot.ok());
  EXPECT_THAT(*dot, HasSubstr("rule not recorded"));
}

TEST(ConsensusGraphDot, NeedsTheGraph) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  v1::Exploration e;
  EXPECT_EQ(ConsensusGraphDot(e, draft).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(RenderSvg, RendersWithDot) {
  if (access("/usr/bin/dot", X_OK) != 0)
    GTEST_SKIP() << "Graphviz not installed";
  const v1::CharterDraft draft = MakeDraft(3, false);
  auto dot = ConsensusGraphDot(Explored(draft), draft);
  ASSERT_TRUE(dot.ok());
  auto svg = RenderSvg(*dot);
  ASSERT_TRUE(svg.ok()) << svg.status();
  EXPECT_THAT(*svg, HasSubstr("<svg"));
  EXPECT_THAT(*svg, HasSubstr("p1"));
  EXPECT_THAT(*svg, HasSubstr("Legend"));
  auto broken = RenderSvg("this is not dot");
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace concert::coordinator
