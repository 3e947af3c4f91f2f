// The lattice walk against the reference enumeration, on many small random
// drafts, rules and vote scripts: every exact field must agree.
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/coordinator/explore/explorer.h"
#include "tests/support/fake_vote_source.h"
#include "tests/support/random_cases.h"

namespace concert::coordinator {
namespace {

using testing::FakeVoteSource;
using testing::MakeDraft;
using testing::MakeScenario;
using testing::Mix;

using Case = testing::RandomCase;

absl::StatusOr<v1::Exploration> ExploreCase(const Case& c,
                                            v1::ExploreStrategy strategy,
                                            FakeVoteSource& source) {
  source.SetVotes(testing::RandomSetVotes(c.seed));
  ExploreOptions options;
  options.strategy = strategy;
  return Explore({&c.scenario, &c.draft, c.variant, {}}, options, source);
}

void ExpectSameSequence(const v1::Sequence& a, const v1::Sequence& b,
                        const std::string& what) {
  EXPECT_EQ(absl::StrJoin(a.proposals(), ","),
            absl::StrJoin(b.proposals(), ","))
      << what;
  EXPECT_EQ(a.support_votes(), b.support_votes()) << what;
}

TEST(ExplorerCrossCheck, LatticeAgreesWithEnumeration) {
  std::mt19937 random(2024);
  int with_consensus = 0, without = 0;
  for (int trial = 0; trial < 250; ++trial) {
    SCOPED_TRACE(absl::StrCat("trial ", trial));
    const Case c = testing::MakeRandomCase(random, 1000 + trial);
    FakeVoteSource lattice_source(c.scenario.parties_size());
    FakeVoteSource enumerate_source(c.scenario.parties_size());
    auto lattice = ExploreCase(c, v1::EXPLORE_STRATEGY_LATTICE, lattice_source);
    auto reference =
        ExploreCase(c, v1::EXPLORE_STRATEGY_ENUMERATE, enumerate_source);
    ASSERT_TRUE(lattice.ok()) << lattice.status();
    ASSERT_TRUE(reference.ok()) << reference.status();
    const v1::Exploration& l = *lattice;
    const v1::Exploration& r = *reference;

    EXPECT_EQ(l.strategy(), v1::EXPLORE_STRATEGY_LATTICE);
    EXPECT_EQ(r.strategy(), v1::EXPLORE_STRATEGY_ENUMERATE);
    EXPECT_EQ(l.admissible_sequences(), r.admissible_sequences());
    EXPECT_EQ(l.consensus_sequences(), r.consensus_sequences());
    EXPECT_DOUBLE_EQ(l.consensus_share(), r.consensus_share());
    EXPECT_EQ(l.full_charter_reachable(), r.full_charter_reachable());
    ExpectSameSequence(l.best_sequence(), r.best_sequence(), "best");
    EXPECT_EQ(l.largest_adoptable().size(), r.largest_adoptable().size());
    ExpectSameSequence(l.largest_adoptable().sequence(),
                       r.largest_adoptable().sequence(), "largest");
    EXPECT_EQ(l.dead_end_count(), r.dead_end_count());
    ASSERT_EQ(l.dead_ends_size(), r.dead_ends_size());
    for (int i = 0; i < l.dead_ends_size(); ++i) {
      EXPECT_EQ(l.dead_ends(i).DebugString(), r.dead_ends(i).DebugString());
    }
    ASSERT_EQ(l.blockers_size(), r.blockers_size());
    for (int i = 0; i < l.blockers_size(); ++i) {
      const auto& a = l.blockers(i);
      const auto& b = r.blockers(i);
      EXPECT_EQ(a.proposal(), b.proposal());
      EXPECT_EQ(a.failures(), b.failures());
      EXPECT_EQ(a.tabled(), b.tabled());
      ASSERT_EQ(a.objections_size(), b.objections_size());
      for (int k = 0; k < a.objections_size(); ++k) {
        EXPECT_EQ(a.objections(k).party(), b.objections(k).party());
        EXPECT_EQ(a.objections(k).count(), b.objections(k).count());
        EXPECT_FALSE(a.objections(k).rationale().empty());
      }
    }
    ASSERT_EQ(l.veto_power_size(), r.veto_power_size());
    for (int i = 0; i < l.veto_power_size(); ++i) {
      EXPECT_EQ(l.veto_power(i).DebugString(), r.veto_power(i).DebugString());
    }
    EXPECT_EQ(l.states_explored(), r.states_explored());
    EXPECT_EQ(l.questions_asked(), r.questions_asked());
    EXPECT_LE(lattice_source.max_repeats(), 1);
    (l.full_charter_reachable() ? with_consensus : without)++;
  }
  // The random cases exercise both outcomes.
  EXPECT_GT(with_consensus, 20);
  EXPECT_GT(without, 20);
}

}  // namespace
}  // namespace concert::coordinator
