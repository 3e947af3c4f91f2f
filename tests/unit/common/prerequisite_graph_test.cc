#include "services/common/prerequisite_graph.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace concert {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// A draft from (id, prerequisites) pairs, all in one stage.
v1::CharterDraft Draft(
    const std::vector<std::pair<std::string, std::vector<std::string>>>&
        proposals) {
  v1::CharterDraft draft;
  draft.add_stages()->set_id("S");
  for (const auto& [id, prerequisites] : proposals) {
    v1::Proposal* p = draft.add_proposals();
    p->set_id(id);
    p->set_stage("S");
    for (const std::string& r : prerequisites) p->add_prerequisites(r);
  }
  return draft;
}

TEST(PrerequisiteGraphTest, EdgesRunFromPrerequisiteToProposal) {
  PrerequisiteGraph g(
      Draft({{"a", {}}, {"b", {"a"}}, {"c", {"a", "unknown"}}}));
  EXPECT_EQ(g.size(), 3);
  EXPECT_EQ(g.Find("c"), 2);
  EXPECT_EQ(g.Find("unknown"), -1);
  EXPECT_EQ(boost::num_edges(g.graph()), 2u);  // the unknown id is left out
  EXPECT_TRUE(boost::edge(0, 1, g.graph()).second);
  EXPECT_TRUE(boost::edge(0, 2, g.graph()).second);
  EXPECT_EQ(boost::in_degree(2, g.graph()), 1u);
}

TEST(PrerequisiteGraphTest, AcyclicHasNoCycle) {
  PrerequisiteGraph g(Draft({{"a", {}}, {"b", {"a"}}, {"c", {"a", "b"}}}));
  EXPECT_THAT(g.FindCycle(), IsEmpty());
  EXPECT_THAT(g.FindCycles(), IsEmpty());
}

TEST(PrerequisiteGraphTest, CycleStartsAtEarliestProposal) {
  // The search enters the cycle at b (through x); it still prints from a.
  PrerequisiteGraph g(
      Draft({{"x", {}}, {"a", {"c"}}, {"b", {"a", "x"}}, {"c", {"b"}}}));
  EXPECT_THAT(g.FindCycle(), ElementsAre("a", "b", "c", "a"));
  EXPECT_EQ(FormatCycle(g.FindCycle()), "a -> b -> c -> a");
}

TEST(PrerequisiteGraphTest, SelfRequirementIsACycle) {
  PrerequisiteGraph g(Draft({{"a", {"a"}}}));
  EXPECT_EQ(FormatCycle(g.FindCycle()), "a -> a");
}

TEST(PrerequisiteGraphTest, FindsEachSeparateCycle) {
  PrerequisiteGraph g(
      Draft({{"a", {"b", "b"}},  // listed twice: still one cycle
             {"b", {"a"}},
             {"c", {}},
             {"d", {"e"}},
             {"e", {"d", "c"}}}));
  std::vector<std::vector<std::string>> cycles = g.FindCycles();
  ASSERT_THAT(cycles, SizeIs(2));
  EXPECT_EQ(FormatCycle(cycles[0]), "a -> b -> a");
  EXPECT_EQ(FormatCycle(cycles[1]), "d -> e -> d");
}

TEST(PrerequisiteGraphTest, TopologicalOrderRespectsPrerequisites) {
  // A lattice-like draft with prerequisites pointing both ways in draft order.
  std::vector<std::pair<std::string, std::vector<std::string>>> proposals = {
      {"p0", {"p5"}}, {"p1", {"p0", "p4"}},
      {"p2", {}},     {"p3", {"p2", "p1"}},
      {"p4", {}},     {"p5", {"p4"}},
      {"p6", {"p3"}}, {"p7", {}}};
  const v1::CharterDraft draft = Draft(proposals);
  PrerequisiteGraph g(draft);
  absl::StatusOr<std::vector<int>> order = g.TopologicalOrder();
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_THAT(*order, SizeIs(proposals.size()));
  std::vector<int> position(proposals.size(), -1);
  for (int k = 0; k < static_cast<int>(order->size()); ++k)
    position[(*order)[k]] = k;
  for (int i = 0; i < draft.proposals_size(); ++i) {
    ASSERT_GE(position[i], 0) << "missing " << g.id(i);
    for (const std::string& r : draft.proposals(i).prerequisites()) {
      EXPECT_LT(position[g.Find(r)], position[i])
          << r << " must precede " << g.id(i);
    }
  }
}

TEST(PrerequisiteGraphTest, TopologicalOrderOfCyclicDraftFailsNamingTheCycle) {
  PrerequisiteGraph g(Draft({{"a", {"b"}}, {"b", {"a"}}}));
  absl::StatusOr<std::vector<int>> order = g.TopologicalOrder();
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(order.status().message()), HasSubstr("a -> b -> a"));
}

}  // namespace
}  // namespace concert
