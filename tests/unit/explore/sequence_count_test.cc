// Admissible counts: closed forms, exactness beyond 2^64, and the factorized
// counter against the plain lattice walk on random drafts.
#include "services/coordinator/explore/sequence_count.h"

#include <bit>
#include <random>

#include <gtest/gtest.h>

#include "services/common/draft_index.h"
#include "tests/support/fake_vote_source.h"

namespace concert::coordinator {
namespace {

using testing::MakeDraft;

Count Admissible(const v1::CharterDraft& draft) {
  auto index = DraftIndex::Build(draft);
  EXPECT_TRUE(index.ok()) << index.status();
  auto counter = SequenceCounter::Build(*index, 4'000'000);
  EXPECT_TRUE(counter.ok()) << counter.status();
  return counter->admissible();
}

Count Binomial(int n, int k) {
  return Factorial(n) / Factorial(k) / Factorial(n - k);
}

TEST(SequenceCount, IndependentProposalsGiveNFactorial) {
  for (int n = 0; n <= 12; ++n) {
    EXPECT_EQ(Admissible(MakeDraft(n, false)), Factorial(n)) << n;
  }
}

TEST(SequenceCount, ChainGivesOne) {
  std::vector<std::vector<int>> req(10);
  for (int i = 1; i < 10; ++i) req[i] = {i - 1};
  EXPECT_EQ(Admissible(MakeDraft(10, false, {}, req)), 1);
  // Listed in reverse draft order: still one order.
  std::vector<std::vector<int>> reversed(10);
  for (int i = 0; i < 9; ++i) reversed[i] = {i + 1};
  EXPECT_EQ(Admissible(MakeDraft(10, false, {}, reversed)), 1);
}

TEST(SequenceCount, TwoChainsInterleave) {
  for (int a = 1; a <= 6; ++a) {
    for (int b = 1; b <= 6; ++b) {
      std::vector<std::vector<int>> req(a + b);
      for (int i = 1; i < a; ++i) req[i] = {i - 1};
      for (int i = a + 1; i < a + b; ++i) req[i] = {i - 1};
      EXPECT_EQ(Admissible(MakeDraft(a + b, false, {}, req)),
                Binomial(a + b, a))
          << a << "," << b;
    }
  }
}

TEST(SequenceCount, StrictStagesMultiply) {
  // Stages of 3 (free), 2 (chain) and 4 (free) proposals.
  std::vector<int> stage = {0, 0, 0, 1, 1, 2, 2, 2, 2};
  std::vector<std::vector<int>> req(9);
  req[4] = {3};
  req[5] = {0};  // an earlier stage: already met
  EXPECT_EQ(Admissible(MakeDraft(9, true, stage, req)),
            Factorial(3) * 1 * Factorial(4));
  // The same draft with FREE stage order interleaves the stages.
  EXPECT_GT(Admissible(MakeDraft(9, false, stage, req)),
            Factorial(3) * Factorial(4));
}

TEST(SequenceCount, ImpossibleDraftsCountZero) {
  // A cycle.
  EXPECT_EQ(Admissible(MakeDraft(3, false, {}, {{1}, {0}, {}})), 0);
  // A prerequisite in a later strict stage.
  EXPECT_EQ(Admissible(MakeDraft(2, true, {0, 1}, {{1}, {}})), 0);
}

TEST(SequenceCount, ExactBeyondTwoToTheSixtyFour) {
  EXPECT_EQ(ToDecimal(Admissible(MakeDraft(25, false))),
            "15511210043330985984000000");
  // 40 proposals in four strict stages of ten: (10!)^4.
  std::vector<int> stage(40);
  for (int i = 0; i < 40; ++i) stage[i] = i / 10;
  const Count count = Admissible(MakeDraft(40, true, stage));
  EXPECT_EQ(ToDecimal(count), "173401213127727513600000000");
  EXPECT_EQ(count,
            Factorial(10) * Factorial(10) * Factorial(10) * Factorial(10));
  EXPECT_EQ(ToDecimal(Admissible(MakeDraft(64, false))),
            ToDecimal(Factorial(64)));
}

TEST(SequenceCount, ToDecimalPadsInnerChunks) {
  EXPECT_EQ(ToDecimal(Count(0)), "0");
  EXPECT_EQ(ToDecimal(Count(7)), "7");
  Count big = 1;
  for (int i = 0; i < 40; ++i) big *= 10;
  EXPECT_EQ(ToDecimal(big), "1" + std::string(40, '0'));
  EXPECT_EQ(ToDecimal(big + 5), "1" + std::string(39, '0') + "5");
}

TEST(SequenceCount, BudgetStopsAHugeComponent) {
  // 30 proposals all requiring p0: one component with 2^29 + 1 ideals.
  std::vector<std::vector<int>> req(30);
  for (int i = 1; i < 30; ++i) req[i] = {0};
  auto index = DraftIndex::Build(MakeDraft(30, false, {}, req));
  ASSERT_TRUE(index.ok());
  auto counter = SequenceCounter::Build(*index, 10000);
  EXPECT_EQ(counter.status().code(), absl::StatusCode::kResourceExhausted);
}

// Random acyclic drafts: the factorized count equals the plain lattice walk,
// and completions add up along every admissible step.
TEST(SequenceCount, FactorizedCountMatchesLatticeWalk) {
  std::mt19937 random(7);
  for (int trial = 0; trial < 300; ++trial) {
    const int n = 1 + random() % 10;
    const bool strict = random() % 2;
    std::vector<int> stage(n);
    for (int i = 0; i < n; ++i) stage[i] = random() % 3;
    const std::vector<std::vector<int>> req =
        testing::RandomPrerequisites(n, 0.25, random);
    auto index = DraftIndex::Build(MakeDraft(n, strict, stage, req));
    ASSERT_TRUE(index.ok());
    auto counter = SequenceCounter::Build(*index, 1'000'000);
    ASSERT_TRUE(counter.ok());
    auto plain = CountAdmissibleByLattice(*index, 1'000'000);
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(counter->admissible(), *plain) << "trial " << trial;
    EXPECT_EQ(counter->Completions(0), *plain);
    EXPECT_EQ(counter->Completions(index->all()), 1);
    // Walk a random admissible path checking the completion identity.
    ProposalSet set = 0;
    while (set != index->all() && counter->Completions(set) > 0) {
      Count sum = 0;
      const ProposalSet candidates = index->Candidates(set);
      for (ProposalSet c = candidates; c != 0; c &= c - 1) {
        sum += counter->Completions(set | (c & -c));
      }
      EXPECT_EQ(sum, counter->Completions(set)) << "trial " << trial;
      // Step weights are proportional to the completions after each step.
      double weights = 0;
      for (ProposalSet c = candidates; c != 0; c &= c - 1) {
        weights += counter->StepWeight(set, std::countr_zero(c));
      }
      for (ProposalSet c = candidates; c != 0; c &= c - 1) {
        EXPECT_NEAR(counter->StepWeight(set, std::countr_zero(c)) / weights,
                    CountRatio(counter->Completions(set | (c & -c)), sum), 1e-9)
            << "trial " << trial;
      }
      if (candidates == 0) break;
      const int pick = random() % std::popcount(candidates);
      ProposalSet c = candidates;
      for (int k = 0; k < pick; ++k) c &= c - 1;
      set |= c & -c;
    }
  }
}

}  // namespace
}  // namespace concert::coordinator
