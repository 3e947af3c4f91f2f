// The lattice strategy on small hand-built cases with known answers, its
// budget, its errors, and its promise to ask each question once.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_join.h"
#include "services/coordinator/explore/explorer.h"
#include "tests/support/fake_vote_source.h"

namespace concert::coordinator {
namespace {

using testing::FakeVoteSource;
using ::testing::HasSubstr;
using testing::MakeDraft;
using testing::MakeScenario;
using History = std::span<const std::uint32_t>;

std::string Ids(const v1::Sequence& s) {
  return absl::StrJoin(s.proposals(), ",");
}

class LatticeTest : public ::testing::Test {
 protected:
  absl::StatusOr<v1::Exploration> Run(const v1::CharterDraft& draft,
                                      FakeVoteSource& source,
                                      const std::string& variant = "") {
    // These tests count what the walk itself asks; asking ahead would ask
    // every admissible question at once (ask_ahead_test.cc).
    ExploreOptions options = options_;
    options.ask_ahead_max_questions = 0;
    return Explore({&scenario_, &draft, variant, {}}, options, source);
  }

  v1::Scenario scenario_ = MakeScenario(2);
  ExploreOptions options_;
};

TEST_F(LatticeTest, EveryoneSupportingGivesAllOrders) {
  const v1::CharterDraft draft = MakeDraft(5, false);
  FakeVoteSource source(2);
  auto e = Run(draft, source);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->strategy(), v1::EXPLORE_STRATEGY_LATTICE);
  EXPECT_EQ(e->draft_id(), "test-draft");
  EXPECT_EQ(e->scenario_id(), "test-scenario");
  EXPECT_EQ(e->admissible_sequences(), "120");
  EXPECT_EQ(e->consensus_sequences(), "120");
  EXPECT_DOUBLE_EQ(e->consensus_share(), 1.0);
  EXPECT_TRUE(e->full_charter_reachable());
  EXPECT_EQ(e->states_explored(), 32u);
  EXPECT_EQ(e->questions_asked(), 2u * 5 * 16);  // parties x N x 2^(N-1)
  // All ties: draft order.
  EXPECT_EQ(Ids(e->best_sequence()), "p0,p1,p2,p3,p4");
  EXPECT_EQ(e->best_sequence().support_votes(), 10);
  EXPECT_EQ(e->dead_end_count(), 0u);
  EXPECT_EQ(e->blockers_size(), 0);
  ASSERT_EQ(e->veto_power_size(), 2);
  EXPECT_EQ(e->veto_power(0).party(), "P0");
  EXPECT_EQ(e->veto_power(0).consensus_sequences_without(), "120");
  EXPECT_EQ(source.table_calls(), 1);
  EXPECT_EQ(source.max_repeats(), 1);
}

TEST_F(LatticeTest, EmptyDraft) {
  const v1::CharterDraft draft = MakeDraft(0, false);
  FakeVoteSource source(2);
  auto e = Run(draft, source);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->admissible_sequences(), "1");
  EXPECT_EQ(e->consensus_sequences(), "1");
  EXPECT_TRUE(e->full_charter_reachable());
  EXPECT_EQ(e->questions_asked(), 0u);
}

// Most support wins; among equal totals the lexicographically smallest
// sequence of proposal indices.
TEST_F(LatticeTest, BestSequenceBreaksTiesByDraftOrder) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  FakeVoteSource source(2);
  // P1 abstains on p0 as the opening move: orders starting with p0 lose one
  // SUPPORT; the best orders start with p1 or p2, and p1,p0,p2 is smallest.
  source.SetVotes([](int party, ProposalSet set, int p, History) {
    return party == 1 && set == 0 && p == 0 ? v1::VOTE_ABSTAIN
                                            : v1::VOTE_SUPPORT;
  });
  auto e = Run(draft, source);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->consensus_sequences(), "6");
  EXPECT_EQ(Ids(e->best_sequence()), "p1,p0,p2");
  EXPECT_EQ(e->best_sequence().support_votes(), 6);
  EXPECT_EQ(e->largest_adoptable().size(), 3);
  EXPECT_EQ(Ids(e->largest_adoptable().sequence()), "p1,p0,p2");
}

TEST_F(LatticeTest, DeadEndsAndTheOneWayThrough) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  FakeVoteSource source(2);
  // P0 objects to p2 once p0 is in, and to p1 once p2 is in: only
  // p1, p2, p0 passes every step.
  source.SetVotes([](int party, ProposalSet set, int p, History) {
    if (party == 0 && p == 2 && Contains(set, 0)) return v1::VOTE_OBJECT;
    if (party == 0 && p == 1 && Contains(set, 2)) return v1::VOTE_OBJECT;
    return v1::VOTE_SUPPORT;
  });
  options_.include_graph = true;
  auto e = Run(draft, source);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->admissible_sequences(), "6");
  EXPECT_EQ(e->consensus_sequences(), "1");
  EXPECT_DOUBLE_EQ(e->consensus_share(), 1.0 / 6);
  EXPECT_TRUE(e->full_charter_reachable());
  EXPECT_EQ(Ids(e->best_sequence()), "p1,p2,p0");
  EXPECT_EQ(e->states_explored(), 8u);
  EXPECT_EQ(e->dead_end_count(), 2u);
  ASSERT_EQ(e->dead_ends_size(), 2);
  EXPECT_EQ(absl::StrJoin(e->dead_ends(0).adopted(), ","), "p0,p1");
  EXPECT_EQ(absl::StrJoin(e->dead_ends(0).failing(), ","), "p2");
  EXPECT_EQ(absl::StrJoin(e->dead_ends(1).adopted(), ","), "p0,p2");
  EXPECT_EQ(absl::StrJoin(e->dead_ends(1).failing(), ","), "p1");
  ASSERT_EQ(e->veto_power_size(), 2);
  EXPECT_EQ(e->veto_power(0).consensus_sequences_without(), "6");
  EXPECT_EQ(e->veto_power(1).consensus_sequences_without(), "1");
  // The graph: every reachable set, every passing step.
  ASSERT_EQ(e->graph().nodes_size(), 8);
  EXPECT_EQ(e->graph().nodes(0), 0u);
  EXPECT_EQ(e->graph().edges_size(), 8);
  for (const auto& edge : e->graph().edges()) {
    EXPECT_EQ(e->graph().nodes(edge.target()),
              e->graph().nodes(edge.source()) | Bit(edge.proposal()));
    EXPECT_EQ(edge.support(), 2u);
  }
}

TEST_F(LatticeTest, LargestAdoptableWhenTheFullCharterIsOutOfReach) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  FakeVoteSource source(2);
  source.SetVotes([](int party, ProposalSet set, int p, History) {
    if (party == 0 && p == 2) return v1::VOTE_OBJECT;
    if (party == 1 && p == 0 && set == 0) return v1::VOTE_ABSTAIN;
    return v1::VOTE_SUPPORT;
  });
  auto e = Run(draft, source);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->consensus_sequences(), "0");
  EXPECT_FALSE(e->full_charter_reachable());
  EXPECT_EQ(e->best_sequence().proposals_size(), 0);
  EXPECT_EQ(e->largest_adoptable().size(), 2);
  // p1 then p0 (2 + 2 SUPPORT) beats p0 then p1 (1 + 2).
  EXPECT_EQ(Ids(e->largest_adoptable().sequence()), "p1,p0");
  EXPECT_EQ(e->largest_adoptable().sequence().support_votes(), 4);
  EXPECT_EQ(e->dead_end_count(), 1u);
  ASSERT_EQ(e->blockers_size(), 1);
  EXPECT_EQ(e->blockers(0).proposal(), "p2");
  EXPECT_EQ(e->blockers(0).failures(), 4u);
  EXPECT_EQ(e->blockers(0).tabled(), 4u);
  EXPECT_EQ(e->veto_power(0).consensus_sequences_without(), "6");
  EXPECT_EQ(e->veto_power(1).consensus_sequences_without(), "0");
}

// A party that cannot give its rationale leaves its counts standing, with
// a note why its rationale is missing; the others' rationales still come.
TEST_F(LatticeTest, ARationaleNotGivenIsSaidNotInvented) {
  scenario_ = MakeScenario(3);
  const v1::CharterDraft draft = MakeDraft(3, false);
  FakeVoteSource source(3);
  source.SetVotes([](int party, ProposalSet set, int p, History) {
    if (party == 0 && p == 2) return v1::VOTE_OBJECT;
    if (party == 2 && p == 2 && Contains(set, 1)) return v1::VOTE_OBJECT;
    return v1::VOTE_SUPPORT;
  });
  source.SetDetailsUnreachable(2);
  auto e = Run(draft, source);
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_EQ(e->blockers_size(), 1);
  const v1::BlockerStat& p2 = e->blockers(0);
  ASSERT_EQ(p2.objections_size(), 2);
  EXPECT_EQ(p2.objections(0).party(), "P0");
  EXPECT_EQ(p2.objections(0).rationale(), "P0 on p2 after 0");
  EXPECT_EQ(p2.objections(1).party(), "P2");
  EXPECT_EQ(p2.objections(1).count(), 2u);
  EXPECT_EQ(p2.objections(1).rationale(),
            "(rationale unavailable: party 'P2' did not answer the rationale "
            "request: connection refused)");
  EXPECT_EQ(source.detail_calls(), 1);
}

TEST_F(LatticeTest, BlockersRankedWithObjectorsAndRationales) {
  scenario_ = MakeScenario(3);
  const v1::CharterDraft draft = MakeDraft(3, false);
  FakeVoteSource source(3);
  // P0 objects to p2 always; P1 to p1 until p0 is in; P2 to p2 once p1 is.
  source.SetVotes([](int party, ProposalSet set, int p, History) {
    if (party == 0 && p == 2) return v1::VOTE_OBJECT;
    if (party == 1 && p == 1 && !Contains(set, 0)) return v1::VOTE_OBJECT;
    if (party == 2 && p == 2 && Contains(set, 1)) return v1::VOTE_OBJECT;
    return v1::VOTE_SUPPORT;
  });
  auto e = Run(draft, source);
  ASSERT_TRUE(e.ok()) << e.status();
  // Reachable: {}, {p0}, {p0,p1}.
  EXPECT_EQ(e->states_explored(), 3u);
  ASSERT_EQ(e->blockers_size(), 2);
  const v1::BlockerStat& first = e->blockers(0);
  EXPECT_EQ(first.proposal(), "p2");
  EXPECT_EQ(first.failures(), 3u);
  EXPECT_EQ(first.tabled(), 3u);
  ASSERT_EQ(first.objections_size(), 2);
  EXPECT_EQ(first.objections(0).party(), "P0");
  EXPECT_EQ(first.objections(0).count(), 3u);
  EXPECT_EQ(first.objections(0).rationale(), "P0 on p2 after 0");
  EXPECT_EQ(first.objections(1).party(), "P2");
  EXPECT_EQ(first.objections(1).count(), 1u);
  EXPECT_EQ(first.objections(1).rationale(), "P2 on p2 after 3");
  const v1::BlockerStat& second = e->blockers(1);
  EXPECT_EQ(second.proposal(), "p1");
  EXPECT_EQ(second.failures(), 1u);
  EXPECT_EQ(second.tabled(), 2u);
  ASSERT_EQ(second.objections_size(), 1);
  EXPECT_EQ(second.objections(0).party(), "P1");
  EXPECT_EQ(second.objections(0).rationale(), "P1 on p1 after 0");
  // One small detailed request, of every objecting party at once: one
  // question per (proposal, objector).
  EXPECT_EQ(source.detail_calls(), 1);
  EXPECT_EQ(source.detail_questions(), 3);

  // Without P0's objections p0,p2,p1 and p2,p0,p1 pass; P2's objection
  // never decides alone, and P0 still blocks p2 without P1's.
  ASSERT_EQ(e->veto_power_size(), 3);
  EXPECT_EQ(e->veto_power(0).consensus_sequences_without(), "2");
  EXPECT_EQ(e->veto_power(1).consensus_sequences_without(), "0");
  EXPECT_EQ(e->veto_power(2).consensus_sequences_without(), "0");

  // Each question once per party: 6 on the walk, 3 more for the sets
  // reachable without P0's objections ({p2}, {p0,p2}), 2 more without P1's
  // ({p1}).
  EXPECT_EQ(source.max_repeats(), 1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(source.asked(i), 11) << i;
  EXPECT_EQ(e->questions_asked(), 33u);
}

TEST_F(LatticeTest, AbsentPartiesAreNotAskedAndTheRuleDecides) {
  scenario_ = MakeScenario(3);
  v1::Variant* v = scenario_.add_variants();
  v->set_name("no-P2");
  v->add_absent_parties("P2");
  const v1::CharterDraft draft = MakeDraft(3, false);

  scenario_.mutable_rule()->set_absent_party(v1::DecisionRule::ABSTAINS);
  FakeVoteSource abstains(3);
  auto e = Run(draft, abstains, "no-P2");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->variant(), "no-P2");
  EXPECT_EQ(e->consensus_sequences(), "6");
  EXPECT_EQ(abstains.asked(2), 0);
  EXPECT_GT(abstains.asked(0), 0);

  scenario_.mutable_rule()->set_absent_party(v1::DecisionRule::BLOCKS);
  FakeVoteSource blocks(3);
  e = Run(draft, blocks, "no-P2");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->consensus_sequences(), "0");
  EXPECT_EQ(e->dead_end_count(), 1u);
  EXPECT_EQ(e->dead_ends(0).adopted_size(), 0);
  EXPECT_EQ(e->dead_ends(0).failing_size(), 3);
  EXPECT_EQ(blocks.asked(2), 0);

  FakeVoteSource any(3);
  EXPECT_EQ(Run(draft, any, "no-such-variant").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(LatticeTest, UnreachablePartyFailsNamingItAndWhere) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  FakeVoteSource source(2);
  source.SetUnreachable(1);
  auto e = Run(draft, source);
  ASSERT_EQ(e.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(e.status().message()), HasSubstr("'P1'"));
  EXPECT_THAT(std::string(e.status().message()), HasSubstr("level 0 of 3"));
  EXPECT_THAT(std::string(e.status().message()),
              HasSubstr("connection refused"));
}

TEST_F(LatticeTest, PrerequisiteCycleIsReported) {
  const v1::CharterDraft draft = MakeDraft(3, false, {}, {{2}, {0}, {1}});
  FakeVoteSource source(2);
  auto e = Run(draft, source);
  ASSERT_EQ(e.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(e.status().message()), HasSubstr("cycle"));
  EXPECT_THAT(std::string(e.status().message()), HasSubstr("p0"));
}

TEST_F(LatticeTest, PartiesMustMatchTheScenario) {
  // As for a session (core/forum_context.h): the forum was set up wrongly.
  const v1::CharterDraft draft = MakeDraft(3, false);
  FakeVoteSource source(3);
  EXPECT_EQ(Run(draft, source).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(LatticeTest, FortyProposalsInFourStrictStagesAreExactAndSmall) {
  std::vector<int> stage(40);
  for (int i = 0; i < 40; ++i) stage[i] = i / 10;
  const v1::CharterDraft draft = MakeDraft(40, true, stage);
  FakeVoteSource source(2);
  auto e = Run(draft, source);  // default budget
  ASSERT_TRUE(e.ok()) << e.status();
  // (10!)^4, beyond 2^64, with every step put to the parties.
  EXPECT_EQ(e->admissible_sequences(), "173401213127727513600000000");
  EXPECT_EQ(e->consensus_sequences(), "173401213127727513600000000");
  EXPECT_EQ(e->states_explored(), 1u + 4 * 1023);
  EXPECT_EQ(e->questions_asked(), 2u * 4 * 10 * 512);
  EXPECT_EQ(source.max_repeats(), 1);
}

TEST_F(LatticeTest, BudgetStopsWithAHintToSample) {
  const v1::CharterDraft draft = MakeDraft(30, false);
  FakeVoteSource source(2);
  options_.max_states = 100'000;
  auto e = Run(draft, source);
  ASSERT_EQ(e.status().code(), absl::StatusCode::kResourceExhausted);
  const std::string message(e.status().message());
  EXPECT_THAT(message, HasSubstr("sample orders instead"));
  EXPECT_THAT(message, HasSubstr("--samples"));
  EXPECT_THAT(message, HasSubstr("level 5 of the lattice"));
  EXPECT_THAT(message, HasSubstr("max_states 100000"));

  options_ = {};
  options_.max_memory_bytes = 4 << 20;
  FakeVoteSource again(2);
  e = Run(draft, again);
  ASSERT_EQ(e.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(e.status().message()), HasSubstr("MiB"));
}

TEST_F(LatticeTest, ProgressAfterEachLevelAndCancellation) {
  const v1::CharterDraft draft = MakeDraft(4, false);
  FakeVoteSource source(2);
  options_.veto_power = false;
  std::vector<v1::ExploreProgress> seen;
  auto e = Explore({&scenario_, &draft, "", {}}, options_, source,
                   [&](const v1::ExploreProgress& p) {
                     seen.push_back(p);
                     return true;
                   });
  ASSERT_TRUE(e.ok()) << e.status();
  // One report per level, and one when the exploration is done.
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen.back().levels(), 4);
  EXPECT_EQ(seen.back().states(), 16u);
  EXPECT_EQ(seen.back().questions(), e->questions_asked());
  // One phase, named; the share done grows level by level (weighted by the
  // sets a level can hold: 1, 4, 6, 4 of 16 after levels 0 to 3) to 1.
  for (const v1::ExploreProgress& p : seen) {
    EXPECT_EQ(p.phase(), "consensus sequences");
    EXPECT_EQ(p.phase_number(), 1);
    EXPECT_EQ(p.phases(), 1);
    EXPECT_GE(p.elapsed_ms(), 0);
  }
  EXPECT_DOUBLE_EQ(seen[0].fraction_done(), 1.0 / 16);
  EXPECT_DOUBLE_EQ(seen[1].fraction_done(), 5.0 / 16);
  EXPECT_DOUBLE_EQ(seen[2].fraction_done(), 11.0 / 16);
  EXPECT_DOUBLE_EQ(seen[3].fraction_done(), 15.0 / 16);
  EXPECT_DOUBLE_EQ(seen[4].fraction_done(), 1.0);

  FakeVoteSource other(2);
  e = Explore({&scenario_, &draft, "", {}}, options_, other,
              [](const v1::ExploreProgress&) { return false; });
  EXPECT_EQ(e.status().code(), absl::StatusCode::kCancelled);
}

// Enumeration walks each party's world after the consensus walk, each from
// the empty set again: the phases say which walk is under way, in order,
// and the share done never goes back.
TEST_F(LatticeTest, EnumerationNamesItsPhasesInOrder) {
  const v1::CharterDraft draft = MakeDraft(4, false);
  FakeVoteSource source(2);
  // P1 objects to p2 until p0 is adopted: objections to set aside.
  source.SetVotes([](int party, ProposalSet set, int p, History) {
    return party == 1 && p == 2 && (set & 1u) == 0 ? v1::VOTE_OBJECT
                                                   : v1::VOTE_SUPPORT;
  });
  options_.strategy = v1::EXPLORE_STRATEGY_ENUMERATE;
  std::vector<v1::ExploreProgress> seen;
  auto e = Explore({&scenario_, &draft, "", {}}, options_, source,
                   [&](const v1::ExploreProgress& p) {
                     seen.push_back(p);
                     return true;
                   });
  ASSERT_TRUE(e.ok()) << e.status();
  std::vector<std::string> phases;
  double fraction = 0;
  for (const v1::ExploreProgress& p : seen) {
    if (phases.empty() || phases.back() != p.phase()) {
      phases.push_back(p.phase());
    }
    EXPECT_EQ(p.phases(), 3);
    EXPECT_GE(p.fraction_done(), fraction) << p.phase();
    fraction = p.fraction_done();
  }
  EXPECT_THAT(phases,
              ::testing::ElementsAre("consensus sequences", "veto power of P0",
                                     "veto power of P1"));
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().phase_number(), 3);
  EXPECT_DOUBLE_EQ(seen.back().fraction_done(), 1.0);
  // The first phase done is a third of the whole.
  EXPECT_DOUBLE_EQ(seen.front().fraction_done(), 1.0 / 3);
}

TEST_F(LatticeTest, SmallChunksGiveTheSameAnswer) {
  const v1::CharterDraft draft = MakeDraft(8, false);
  FakeVoteSource whole(2), chunked(2);
  auto votes = [](int party, ProposalSet set, int p, History) {
    return testing::Mix(party, set, p) % 5 == 0 ? v1::VOTE_OBJECT
                                                : v1::VOTE_SUPPORT;
  };
  whole.SetVotes(votes);
  chunked.SetVotes(votes);
  auto a = Run(draft, whole);
  options_.max_questions_per_ask = 10;
  auto b = Run(draft, chunked);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->consensus_sequences(), b->consensus_sequences());
  EXPECT_EQ(a->questions_asked(), b->questions_asked());
  EXPECT_GT(chunked.ask_calls(), whole.ask_calls());
}

TEST_F(LatticeTest, HistoryPartiesCannotUseTheLattice) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  FakeVoteSource source(2);
  source.SetMemory(1, v1::MEMORY_HISTORY);
  options_.strategy = v1::EXPLORE_STRATEGY_LATTICE;
  EXPECT_EQ(Run(draft, source).status().code(),
            absl::StatusCode::kFailedPrecondition);
  options_.strategy = v1::EXPLORE_STRATEGY_UNSPECIFIED;
  auto e = Run(draft, source);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->strategy(), v1::EXPLORE_STRATEGY_SAMPLE);
}

}  // namespace
}  // namespace concert::coordinator
