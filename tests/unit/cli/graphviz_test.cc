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
  EXPECT_EQ(Occurrences(*dot, "tooltip=\"dead end\""), 2);
  EXPECT_EQ(Occurrences(*dot, "color=darkgreen"), 1);
  // Small graphs name the proposals.
  EXPECT_THAT(*dot, HasSubstr("label=\"p0\\np2\""));
  EXPECT_THAT(*dot, HasSubstr("label=\"(none)\""));
  EXPECT_EQ(Occurrences(*dot, "->"), 8);
}

TEST(ConsensusGraphDot, BigGraphsAreLabelledBySize) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  const v1::Exploration e = Explored(draft);
  DotOptions options;
  options.max_labelled_nodes = 4;
  auto dot = ConsensusGraphDot(e, draft, options);
  ASSERT_TRUE(dot.ok());
  EXPECT_THAT(*dot, HasSubstr("label=\"2\""));
  EXPECT_THAT(*dot, Not(HasSubstr("label=\"p0")));
}

TEST(ConsensusGraphDot, NeedsTheGraph) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  v1::Exploration e;
  EXPECT_EQ(ConsensusGraphDot(e, draft).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(RenderSvg, MissingGraphvizIsAClearError) {
  auto svg = RenderSvg("digraph G {}", "concert-no-such-dot-program");
  ASSERT_EQ(svg.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(svg.status().message()),
              HasSubstr("install Graphviz"));
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
  auto broken = RenderSvg("this is not dot");
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace concert::coordinator
