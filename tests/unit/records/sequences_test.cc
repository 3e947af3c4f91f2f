// ConsensusSequences and CheckSequence over small hand-made graphs.
#include "services/coordinator/records/sequences.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/records_test.h"

namespace concert::coordinator {
namespace {

// Builds a graph from sets and (from set, proposal, support) steps; nodes
// are added in the order given so tests can shuffle them.
class GraphBuilder {
 public:
  explicit GraphBuilder(std::vector<std::uint64_t> sets) {
    for (std::uint64_t s : sets) graph_.add_nodes(s);
  }
  GraphBuilder& Step(std::uint64_t from, int proposal, int support) {
    v1::GraphEdge* e = graph_.add_edges();
    e->set_source(IndexOf(from));
    e->set_target(IndexOf(from | (std::uint64_t{1} << proposal)));
    e->set_proposal(proposal);
    e->set_support(support);
    e->set_abstain(6 - support);
    return *this;
  }
  const v1::ConsensusGraph& graph() const { return graph_; }

 private:
  std::uint32_t IndexOf(std::uint64_t set) const {
    for (int i = 0; i < graph_.nodes_size(); ++i) {
      if (graph_.nodes(i) == set) return i;
    }
    ADD_FAILURE() << "no node " << set;
    return 0;
  }
  v1::ConsensusGraph graph_;
};

// Three free proposals. Paths to {p0,p1,p2} and their support:
//   p0 p2 p1: 3+3+1 = 7    p2 p0 p1: 1+5+1 = 7
//   p0 p1 p2: 3+2+1 = 6    p1 p0 p2: 2+3+1 = 6
// p1 then p2 fails; {p1,p2} is a node no path reaches, with a rich edge
// that must not count.
v1::ConsensusGraph Triangle() {
  return GraphBuilder({0b111, 0b011, 0b000, 0b110, 0b100, 0b001, 0b101, 0b010})
      .Step(0b000, 0, 3)
      .Step(0b000, 1, 2)
      .Step(0b000, 2, 1)
      .Step(0b001, 1, 2)
      .Step(0b001, 2, 3)
      .Step(0b010, 0, 3)
      .Step(0b100, 0, 5)
      .Step(0b011, 2, 1)
      .Step(0b101, 1, 1)
      .Step(0b110, 0, 100)
      .graph();
}

std::vector<std::string> Ids(const v1::Sequence& s) {
  return std::vector<std::string>(s.proposals().begin(), s.proposals().end());
}

TEST(ConsensusSequencesTest, BestFirstWithTiesInDraftOrder) {
  auto sequences = ConsensusSequences(Triangle(), testing::MakeDraft(3), 10);
  ASSERT_TRUE(sequences.ok()) << sequences.status();
  ASSERT_EQ(sequences->size(), 4u);
  EXPECT_EQ(Ids((*sequences)[0]), (std::vector<std::string>{"p0", "p2", "p1"}));
  EXPECT_EQ((*sequences)[0].support_votes(), 7);
  EXPECT_EQ(Ids((*sequences)[1]), (std::vector<std::string>{"p2", "p0", "p1"}));
  EXPECT_EQ((*sequences)[1].support_votes(), 7);
  EXPECT_EQ(Ids((*sequences)[2]), (std::vector<std::string>{"p0", "p1", "p2"}));
  EXPECT_EQ((*sequences)[2].support_votes(), 6);
  EXPECT_EQ(Ids((*sequences)[3]), (std::vector<std::string>{"p1", "p0", "p2"}));
  EXPECT_EQ((*sequences)[3].support_votes(), 6);
}

TEST(ConsensusSequencesTest, StopsAtTheLimit) {
  auto two = ConsensusSequences(Triangle(), testing::MakeDraft(3), 2);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ(Ids((*two)[1]), (std::vector<std::string>{"p2", "p0", "p1"}));
  EXPECT_EQ(
      ConsensusSequences(Triangle(), testing::MakeDraft(3), 0).status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(ConsensusSequencesTest, NoneWhenTheFullDraftIsOutOfReach) {
  v1::ConsensusGraph partial = GraphBuilder({0b000, 0b001, 0b011})
                                   .Step(0b000, 0, 2)
                                   .Step(0b001, 1, 2)
                                   .graph();
  auto sequences = ConsensusSequences(partial, testing::MakeDraft(3), 5);
  ASSERT_TRUE(sequences.ok());
  EXPECT_TRUE(sequences->empty());
}

TEST(ConsensusSequencesTest, RejectsMalformedGraphs) {
  v1::ConsensusGraph cycle = GraphBuilder({0b0, 0b1}).graph();
  v1::GraphEdge* e = cycle.add_edges();
  e->set_source(0);
  e->set_target(1);
  e = cycle.add_edges();
  e->set_source(1);
  e->set_target(0);
  EXPECT_EQ(ConsensusSequences(cycle, testing::MakeDraft(1), 1).status().code(),
            absl::StatusCode::kInvalidArgument);
  v1::ConsensusGraph foreign =
      GraphBuilder({0b0, 0b1000}).Step(0, 3, 1).graph();
  EXPECT_EQ(
      ConsensusSequences(foreign, testing::MakeDraft(2), 1).status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(CheckSequenceTest, PassingOrderReachesConsensus) {
  auto check =
      CheckSequence(Triangle(), testing::MakeDraft(3), {"p2", "p0", "p1"}, {});
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_TRUE(check->consensus());
  EXPECT_EQ(check->step, 0);
  EXPECT_EQ(check->steps_passed, 3);
  EXPECT_EQ(check->support_votes, 7);
}

TEST(CheckSequenceTest, NamesTheStepThatFailsTheRule) {
  v1::Exploration result;
  *result.mutable_graph() = Triangle();
  v1::BlockerStat* blocker = result.add_blockers();
  blocker->set_proposal("p2");
  blocker->add_objections()->set_party("P3");
  blocker->add_objections()->set_party("P1");
  auto check = CheckSequence(result, testing::MakeDraft(3), {"p1", "p2", "p0"});
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->verdict, SequenceCheck::Verdict::kFailsRule);
  EXPECT_EQ(check->step, 2);
  EXPECT_EQ(check->proposal, "p2");
  EXPECT_EQ(check->steps_passed, 1);
  EXPECT_EQ(check->parties, (std::vector<std::string>{"P3", "P1"}));
  EXPECT_NE(
      check->reason.find("fails the decision rule at step 2 (proposal p2)"),
      std::string::npos)
      << check->reason;
  // Without blockers the step still fails, naming nobody.
  auto bare =
      CheckSequence(Triangle(), testing::MakeDraft(3), {"p1", "p2", "p0"}, {});
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->verdict, SequenceCheck::Verdict::kFailsRule);
  EXPECT_TRUE(bare->parties.empty());
}

// Strict stages s0 = {p0, p1}, s1 = {p2}; p1 requires p0.
v1::CharterDraft StagedDraft() {
  return testing::MakeDraft(3, /*strict=*/true, {0, 0, 1}, {{}, {0}});
}

v1::ConsensusGraph Chain() {
  return GraphBuilder({0b000, 0b001, 0b011, 0b111})
      .Step(0b000, 0, 2)
      .Step(0b001, 1, 2)
      .Step(0b011, 2, 3)
      .graph();
}

TEST(CheckSequenceTest, ReportsInadmissibleSteps) {
  auto prerequisite =
      CheckSequence(Chain(), StagedDraft(), {"p1", "p0", "p2"}, {});
  ASSERT_TRUE(prerequisite.ok()) << prerequisite.status();
  EXPECT_EQ(prerequisite->verdict, SequenceCheck::Verdict::kInadmissible);
  EXPECT_EQ(prerequisite->step, 1);
  EXPECT_EQ(prerequisite->waiting_on, (std::vector<std::string>{"p0"}));

  auto stage = CheckSequence(Chain(), StagedDraft(), {"p0", "p2", "p1"}, {});
  ASSERT_TRUE(stage.ok());
  EXPECT_EQ(stage->verdict, SequenceCheck::Verdict::kInadmissible);
  EXPECT_EQ(stage->step, 2);
  EXPECT_EQ(stage->waiting_on,
            (std::vector<std::string>{"stage s0 incomplete"}));
  EXPECT_NE(stage->reason.find("inadmissible"), std::string::npos)
      << stage->reason;

  auto good = CheckSequence(Chain(), StagedDraft(), {"p0", "p1", "p2"}, {});
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(good->consensus());
  EXPECT_EQ(good->support_votes, 7);
  auto best = ConsensusSequences(Chain(), StagedDraft(), 5);
  ASSERT_TRUE(best.ok());
  ASSERT_EQ(best->size(), 1u);
  EXPECT_EQ((*best)[0].support_votes(), 7);
}

TEST(CheckSequenceTest, ReportsUnknownRepeatedAndIncompleteOrders) {
  const v1::CharterDraft draft = testing::MakeDraft(3);
  auto unknown = CheckSequence(Triangle(), draft, {"p0", "ZZ"}, {});
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->verdict, SequenceCheck::Verdict::kUnknownProposal);
  EXPECT_EQ(unknown->step, 2);
  auto repeated = CheckSequence(Triangle(), draft, {"p0", "p0"}, {});
  ASSERT_TRUE(repeated.ok());
  EXPECT_EQ(repeated->verdict, SequenceCheck::Verdict::kRepeated);
  auto incomplete = CheckSequence(Triangle(), draft, {"p2", "p0"}, {});
  ASSERT_TRUE(incomplete.ok());
  EXPECT_EQ(incomplete->verdict, SequenceCheck::Verdict::kIncomplete);
  EXPECT_EQ(incomplete->steps_passed, 2);
  EXPECT_EQ(incomplete->support_votes, 6);
  EXPECT_FALSE(incomplete->consensus());
  // {p0, p2} → p1 passes: the prefix can still be completed.
  EXPECT_TRUE(incomplete->completable);
  EXPECT_EQ(incomplete->most_after, 3);
}

TEST(CheckSequenceTest, APrefixSaysHowFarItCanGoOn) {
  // {} → p0 → {p0} → p1 → {p0, p1}; p2 never passes.
  const v1::ConsensusGraph partial = GraphBuilder({0b000, 0b001, 0b011})
                                         .Step(0b000, 0, 2)
                                         .Step(0b001, 1, 2)
                                         .graph();
  const v1::CharterDraft draft = testing::MakeDraft(3);
  auto first = CheckSequence(partial, draft, {"p0"}, {});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->verdict, SequenceCheck::Verdict::kIncomplete);
  EXPECT_FALSE(first->completable);
  EXPECT_EQ(first->most_after, 2);
  EXPECT_THAT(first->reason, ::testing::HasSubstr("at most 2 of 3"));
  auto both = CheckSequence(partial, draft, {"p0", "p1"}, {});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->most_after, 2);
  EXPECT_EQ(both->steps_passed, 2);
}

}  // namespace
}  // namespace concert::coordinator
