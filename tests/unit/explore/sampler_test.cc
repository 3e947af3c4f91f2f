// Sampling: uniform orders, estimates whose 95% interval covers the true
// share, exact admissible counts, and HISTORY parties seeing the order.
#include "services/coordinator/explore/sampler.h"

#include <algorithm>
#include <map>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "services/common/draft_index.h"
#include "services/coordinator/explore/explorer.h"
#include "services/coordinator/explore/sequence_count.h"
#include "tests/support/fake_vote_source.h"

namespace concert::coordinator {
namespace {

using testing::FakeVoteSource;
using testing::MakeDraft;
using testing::MakeScenario;
using History = std::span<const std::uint32_t>;

TEST(SampleOrder, IsUniformOverAdmissibleOrders) {
  // Stage s0: p0 -> p1 and a free p2 (3 orders); stage s1: p3, p4 free
  // (2 orders): 6 admissible orders under STRICT.
  const v1::CharterDraft draft =
      MakeDraft(5, true, {0, 0, 0, 1, 1}, {{}, {0}, {}, {}, {}});
  auto index = DraftIndex::Build(draft);
  ASSERT_TRUE(index.ok());
  auto counter = SequenceCounter::Build(*index, 1000);
  ASSERT_TRUE(counter.ok());
  ASSERT_EQ(counter->admissible(), 6);
  std::mt19937_64 random(11);
  std::map<std::vector<std::uint32_t>, int> seen;
  const int n = 60000;
  for (int i = 0; i < n; ++i) ++seen[SampleOrder(*index, *counter, random)];
  ASSERT_EQ(seen.size(), 6u);
  for (const auto& [order, count] : seen) {
    EXPECT_NEAR(count / static_cast<double>(n), 1.0 / 6, 0.01);
  }
}

// Votes that depend on the order: P1 (HISTORY) objects to proposal p right
// after p+1 was adopted; P0 (SET) objects to p3 once p0 is in without p1.
v1::Vote OrderVotes(int party, ProposalSet set, int p, History history) {
  if (party == 1 && !history.empty() &&
      history.back() == static_cast<std::uint32_t>(p + 1)) {
    return v1::VOTE_OBJECT;
  }
  if (party == 0 && p == 3 && Contains(set, 0) && !Contains(set, 1)) {
    return v1::VOTE_OBJECT;
  }
  return v1::VOTE_SUPPORT;
}

TEST(Sampling, ConfidenceIntervalCoversTheTrueShare) {
  const v1::Scenario scenario = MakeScenario(2);
  const v1::CharterDraft draft = MakeDraft(6, false);

  // The truth, by walking every order with the order in every question.
  FakeVoteSource truth_source(2);
  truth_source.SetMemory(1, v1::MEMORY_HISTORY);
  truth_source.SetVotes(OrderVotes);
  ExploreOptions enumerate;
  enumerate.strategy = v1::EXPLORE_STRATEGY_ENUMERATE;
  auto truth = Explore({&scenario, &draft, "", {}}, enumerate, truth_source);
  ASSERT_TRUE(truth.ok()) << truth.status();
  const double share = truth->consensus_share();
  ASSERT_GT(share, 0.1);
  ASSERT_LT(share, 0.9);
  EXPECT_EQ(truth_source.max_repeats(), 1);

  int covered = 0;
  const int runs = 40;
  for (int seed = 1; seed <= runs; ++seed) {
    FakeVoteSource source(2);
    source.SetMemory(1, v1::MEMORY_HISTORY);
    source.SetVotes(OrderVotes);
    ExploreOptions options;  // auto: HISTORY -> sample
    options.samples = 400;
    options.seed = seed;
    auto e = Explore({&scenario, &draft, "", {}}, options, source);
    ASSERT_TRUE(e.ok()) << e.status();
    EXPECT_EQ(e->strategy(), v1::EXPLORE_STRATEGY_SAMPLE);
    EXPECT_EQ(e->admissible_sequences(), "720");
    EXPECT_EQ(e->estimate().samples(), 400u);
    EXPECT_EQ(e->estimate().seed(), static_cast<std::uint64_t>(seed));
    EXPECT_EQ(source.max_repeats(), 1);
    EXPECT_LE(e->estimate().share_low(), e->estimate().share());
    EXPECT_GE(e->estimate().share_high(), e->estimate().share());
    if (e->estimate().share_low() <= share &&
        share <= e->estimate().share_high()) {
      ++covered;
    }
  }
  EXPECT_GE(covered, runs * 85 / 100) << "true share " << share;
}

TEST(Sampling, FillsEstimatesAndExactCounts) {
  const v1::Scenario scenario = MakeScenario(2);
  const v1::CharterDraft draft = MakeDraft(4, false);
  FakeVoteSource source(2);
  source.SetMemory(0, v1::MEMORY_HISTORY);
  // P0 objects to p0 as the first move: 6 of 24 orders fail.
  source.SetVotes([](int party, ProposalSet, int p, History history) {
    return party == 0 && p == 0 && history.empty() ? v1::VOTE_OBJECT
                                                   : v1::VOTE_SUPPORT;
  });
  ExploreOptions options;
  options.samples = 1000;
  options.seed = 5;
  auto e = Explore({&scenario, &draft, "", {}}, options, source);
  ASSERT_TRUE(e.ok()) << e.status();
  const v1::Estimate& est = e->estimate();
  EXPECT_EQ(e->admissible_sequences(), "24");
  EXPECT_NEAR(est.share(), 0.75, 0.05);
  EXPECT_EQ(est.samples(), 1000u);
  // consensus_sequences = round(24 * consensus_samples / samples).
  EXPECT_EQ(est.consensus_sequences(),
            std::to_string((24 * est.consensus_samples() * 2 + 1000) / 2000));
  EXPECT_EQ(e->consensus_sequences(), est.consensus_sequences());
  EXPECT_DOUBLE_EQ(e->consensus_share(), est.share());
  EXPECT_TRUE(e->full_charter_reachable());
  EXPECT_EQ(e->best_sequence().proposals_size(), 4);
  EXPECT_NE(e->best_sequence().proposals(0), "p0");
  EXPECT_EQ(e->largest_adoptable().size(), 4);
  ASSERT_EQ(e->blockers_size(), 1);
  EXPECT_EQ(e->blockers(0).proposal(), "p0");
  EXPECT_EQ(e->blockers(0).failures(), 1000 - est.consensus_samples());
  ASSERT_EQ(e->veto_power_size(), 2);
  EXPECT_EQ(e->veto_power(0).consensus_sequences_without(), "24");
  EXPECT_EQ(e->veto_power(1).consensus_sequences_without(),
            est.consensus_sequences());
  EXPECT_EQ(e->dead_end_count(), 0u);
  EXPECT_GT(e->questions_asked(), 0u);

  // The same seed gives the same estimate.
  FakeVoteSource again(2);
  again.SetMemory(0, v1::MEMORY_HISTORY);
  again.SetVotes([](int party, ProposalSet, int p, History history) {
    return party == 0 && p == 0 && history.empty() ? v1::VOTE_OBJECT
                                                   : v1::VOTE_SUPPORT;
  });
  auto repeat = Explore({&scenario, &draft, "", {}}, options, again);
  ASSERT_TRUE(repeat.ok());
  EXPECT_EQ(repeat->estimate().consensus_samples(), est.consensus_samples());
}

// One phase, named, its share done growing step by step to 1; and the rule
// in force is part of the result.
TEST(Sampling, ReportsItsPhaseStepByStepAndItsRule) {
  const v1::Scenario scenario = MakeScenario(2);
  const v1::CharterDraft draft = MakeDraft(4, false);
  FakeVoteSource source(2);
  ExploreOptions options;
  options.strategy = v1::EXPLORE_STRATEGY_SAMPLE;
  options.samples = 50;
  v1::DecisionRule unanimity;
  unanimity.set_kind(v1::DecisionRule::UNANIMITY);
  std::vector<v1::ExploreProgress> seen;
  auto e = Explore({&scenario, &draft, "", unanimity}, options, source,
                   [&](const v1::ExploreProgress& p) {
                     seen.push_back(p);
                     return true;
                   });
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->rule().kind(), v1::DecisionRule::UNANIMITY);
  // A step per proposal, then the report that it is done.
  ASSERT_EQ(seen.size(), 5u);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].phase(), "sampling orders");
    EXPECT_EQ(seen[i].phases(), 1);
    EXPECT_DOUBLE_EQ(seen[i].fraction_done(),
                     std::min(1.0, static_cast<double>(i + 1) / 4));
  }
  // Without an override, the scenario's rule (consensus when it names none).
  auto plain = Explore({&scenario, &draft, "", {}}, options, source);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->rule().kind(), v1::DecisionRule::CONSENSUS);
}

TEST(Sampling, WorksWhereTheLatticeWouldNot) {
  // 40 free proposals: 2^40 sets, yet sampling needs only the counts.
  const v1::Scenario scenario = MakeScenario(2);
  const v1::CharterDraft draft = MakeDraft(40, false);
  FakeVoteSource source(2);
  ExploreOptions options;
  options.strategy = v1::EXPLORE_STRATEGY_SAMPLE;
  options.samples = 200;
  auto e = Explore({&scenario, &draft, "", {}}, options, source);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->admissible_sequences(), ToDecimal(Factorial(40)));
  EXPECT_EQ(e->estimate().consensus_samples(), 200u);
  EXPECT_EQ(e->estimate().share_high(), 1.0);
  EXPECT_EQ(e->consensus_sequences(), e->admissible_sequences());
}

}  // namespace
}  // namespace concert::coordinator
