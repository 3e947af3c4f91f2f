// The proposal-level graph: a node per proposal boxed by stage and numbered
// by the best sequence, the necessary orders as arrows (the parties' solid,
// the draft's dashed, the stage order once between boxes), the proposals
// left out in red with their objectors, a title and a legend.
#include "clients/concert/render/proposal_graph.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clients/concert/render/graph_frame.h"
#include "services/coordinator/explore/explorer.h"
#include "tests/support/fake_vote_source.h"

namespace concert::coordinator {
namespace {

using ::testing::ElementsAre;
using testing::FakeVoteSource;
using ::testing::HasSubstr;
using testing::MakeDraft;
using testing::MakeScenario;
using ::testing::Not;
using History = std::span<const std::uint32_t>;

v1::Exploration Explored(const v1::CharterDraft& draft,
                         FakeVoteSource::VoteFn votes) {
  const v1::Scenario scenario = MakeScenario(2);
  FakeVoteSource source(2);
  source.SetVotes(std::move(votes));
  auto e = Explore({&scenario, &draft, "", {}}, {}, source);
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

// The case with one way through: p1, p2, p0.
v1::Exploration OneWayThrough(const v1::CharterDraft& draft) {
  return Explored(draft, [](int party, ProposalSet set, int p, History) {
    if (party == 0 && p == 2 && Contains(set, 0)) return v1::VOTE_OBJECT;
    if (party == 0 && p == 1 && Contains(set, 2)) return v1::VOTE_OBJECT;
    return v1::VOTE_SUPPORT;
  });
}

TEST(ProposalGraphDot, NumbersTheBestSequenceAndDrawsThePartiesOrders) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  const v1::Exploration e = OneWayThrough(draft);
  ASSERT_EQ(e.necessary_orders_size(), 2);
  const std::string dot = ProposalGraphDot(e, draft);
  EXPECT_THAT(dot, HasSubstr("digraph proposals"));
  EXPECT_THAT(dot, HasSubstr("<B>1 · p1</B>"));
  EXPECT_THAT(dot, HasSubstr("<B>2 · p2</B>"));
  EXPECT_THAT(dot, HasSubstr("<B>3 · p0</B>"));
  EXPECT_THAT(dot, HasSubstr("Proposal 0"));  // the title under the id
  // The two orders the parties impose, solid and dark.
  EXPECT_THAT(dot, HasSubstr("p1 -> p2 [color=\"#222222\", penwidth=1.5"));
  EXPECT_THAT(dot, HasSubstr("p2 -> p0 [color=\"#222222\", penwidth=1.5"));
  EXPECT_EQ(Occurrences(dot, " -> "), 2);
  EXPECT_THAT(dot, Not(HasSubstr("✗ p")));
  // One box for the one stage.
  EXPECT_EQ(Occurrences(dot, "subgraph cluster_stage_"), 1);
}

TEST(ProposalGraphDot, HasATitleAndALegend) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  v1::Exploration e = OneWayThrough(draft);
  e.set_variant("transformation");
  e.mutable_rule()->set_kind(v1::DecisionRule::CONSENSUS);
  std::string dot = ProposalGraphDot(e, draft);
  EXPECT_THAT(dot, HasSubstr("A test draft"));
  EXPECT_THAT(dot, HasSubstr("(test-draft)"));
  EXPECT_THAT(dot, HasSubstr("variant: transformation"));
  EXPECT_THAT(dot, HasSubstr("rule: consensus"));
  EXPECT_THAT(dot, HasSubstr("full charter reachable (1 of 6 orders"));
  EXPECT_THAT(dot, HasSubstr("proposal-level graph"));
  EXPECT_THAT(dot, HasSubstr("subgraph cluster_legend"));
  EXPECT_THAT(dot, HasSubstr("label=\"Legend\""));
  EXPECT_THAT(dot, HasSubstr("the parties' votes impose it"));
  EXPECT_THAT(dot, HasSubstr("the draft imposes it"));
  e.clear_variant();
  e.clear_rule();
  dot = ProposalGraphDot(e, draft);
  EXPECT_THAT(dot, HasSubstr("variant: baseline"));
  EXPECT_THAT(dot, HasSubstr("rule not recorded"));
}

TEST(ProposalGraphDot, ADraftFailingAtTheRootDrawsEveryProposalRed) {
  const v1::CharterDraft draft = MakeDraft(3, false, {}, {{}, {0}, {}});
  const v1::Exploration e =
      Explored(draft, [](int party, ProposalSet, int p, History) {
        return party == 1 || p == 2 ? v1::VOTE_OBJECT : v1::VOTE_SUPPORT;
      });
  ASSERT_EQ(e.largest_adoptable().size(), 0);
  const std::string dot = ProposalGraphDot(e, draft);
  EXPECT_THAT(dot, HasSubstr("nothing adoptable"));
  for (const std::string id : {"p0", "p1", "p2"}) {
    EXPECT_THAT(dot, HasSubstr("✗ " + id)) << id;
  }
  EXPECT_EQ(Occurrences(dot, "color=red3, fillcolor="), 3);
  // The objectors are named: P1 alone on p0, both on p2; p1 waits for p0.
  EXPECT_THAT(dot, HasSubstr("never passes; objecting: P1"));
  EXPECT_THAT(dot, HasSubstr("objecting: P0, P1"));
  EXPECT_THAT(dot, HasSubstr("never tabled"));
  EXPECT_THAT(dot, Not(HasSubstr("(none)")));
}

TEST(ProposalGraphDot, TheDraftsOrdersAreDashedAndTheStageOrderDrawnOnce) {
  // Two strict stages of two; p1 requires p0.
  const v1::CharterDraft draft =
      MakeDraft(4, true, {0, 0, 1, 1}, {{}, {0}, {}, {}});
  const v1::Exploration e = Explored(
      draft, [](int, ProposalSet, int, History) { return v1::VOTE_SUPPORT; });
  const std::string dot = ProposalGraphDot(e, draft);
  EXPECT_THAT(dot, HasSubstr("p0 -> p1 [color=gray55, style=dashed"));
  // p1 before both of stage s1: one arrow between the boxes.
  EXPECT_EQ(Occurrences(dot, "ltail=cluster_stage_0, lhead=cluster_stage_1"),
            1);
  EXPECT_EQ(Occurrences(dot, " -> "), 2);
  EXPECT_EQ(Occurrences(dot, "subgraph cluster_stage_"), 2);
}

TEST(ProposalGraphDot, LeftOutOfTheLargestSetIsRedWithItsObjectors) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  // P0 objects to p2 whatever is adopted.
  const v1::Exploration e =
      Explored(draft, [](int party, ProposalSet, int p, History) {
        return party == 0 && p == 2 ? v1::VOTE_OBJECT : v1::VOTE_SUPPORT;
      });
  const std::string dot = ProposalGraphDot(e, draft);
  EXPECT_THAT(dot, HasSubstr("at most 2 of 3 proposals adoptable"));
  EXPECT_THAT(dot, HasSubstr("✗ p2"));
  EXPECT_THAT(dot, HasSubstr("objecting: P0"));
  EXPECT_THAT(dot, HasSubstr("<B>1 · p0</B>"));
  EXPECT_THAT(dot, HasSubstr("<B>2 · p1</B>"));
}

TEST(WrapWords, WrapsAtSpacesAndCutsWhatDoesNotFit) {
  EXPECT_THAT(WrapWords("Regular meetings of the six", 12, 3),
              ElementsAre("Regular", "meetings of", "the six"));
  EXPECT_THAT(WrapWords("one two three four five six", 9, 2),
              ElementsAre("one two", "three…"));
  EXPECT_THAT(WrapWords("abcdefghijkl", 5, 3),
              ElementsAre("abcde", "fghij", "kl"));
  EXPECT_TRUE(WrapWords("", 5, 3).empty());
}

TEST(HtmlLabelEscape, EscapesMarkup) {
  EXPECT_EQ(HtmlLabelEscape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
}

}  // namespace
}  // namespace concert::coordinator
