// The lattice order is part of the wire contract (party.proto): a party
// walks it on its own and must land on the same questions as the
// coordinator. These tests pin it down: a literal example (the one
// docs/writing-a-party.md gives), and its properties checked against a
// brute-force enumeration of every reachable (set, candidate) pair.
#include "services/common/lattice_order.h"

#include <bit>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/forums.h"

namespace concert {
namespace {

using coordinator::testing::IndexOf;
using coordinator::testing::MakeDraft;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr bool kFree = false;
constexpr bool kStrict = true;

std::vector<std::pair<ProposalSet, int>> Order(const DraftIndex& index) {
  std::vector<std::pair<ProposalSet, int>> order;
  WalkLattice(index, ~std::uint64_t{0}, [&](const LatticeQuestion& q) {
    order.emplace_back(q.set, q.proposal);
  });
  return order;
}

TEST(LatticeOrderTest, ThreeFreeProposalsInTheDocumentedOrder) {
  const DraftIndex index = IndexOf(MakeDraft(3, kFree));
  // a = bit 0, b = bit 1, c = bit 2.
  EXPECT_THAT(Order(index),
              ElementsAre(Pair(0b000, 0), Pair(0b000, 1), Pair(0b000, 2),
                          Pair(0b001, 1), Pair(0b001, 2), Pair(0b010, 0),
                          Pair(0b010, 2), Pair(0b100, 0), Pair(0b100, 1),
                          Pair(0b011, 2), Pair(0b101, 1), Pair(0b110, 0)));
}

TEST(LatticeOrderTest, StrictStagesAndPrerequisitesNarrowTheCandidates) {
  // Stage 0: p0, p1 (p1 needs p0); stage 1: p2.
  const DraftIndex index =
      IndexOf(MakeDraft(3, kStrict, {0, 0, 1}, {{}, {0}, {}}));
  EXPECT_THAT(Order(index),
              ElementsAre(Pair(0b000, 0), Pair(0b001, 1), Pair(0b011, 2)));
}

// Every (set, candidate) pair reachable from the empty set, by brute force
// over all subsets: a set is reachable when some candidate of a reachable
// set leads to it.
std::set<std::pair<ProposalSet, int>> Reachable(const DraftIndex& index) {
  const int n = index.size();
  std::vector<char> reachable(std::size_t{1} << n, 0);
  reachable[0] = 1;
  std::set<std::pair<ProposalSet, int>> questions;
  // By size, so every predecessor is settled first.
  for (int size = 0; size <= n; ++size) {
    for (ProposalSet s = 0; s < (ProposalSet{1} << n); ++s) {
      if (std::popcount(s) != size || !reachable[s]) continue;
      for (ProposalSet c = index.Candidates(s); c != 0; c &= c - 1) {
        const int p = std::countr_zero(c);
        questions.emplace(s, p);
        reachable[s | Bit(p)] = 1;
      }
    }
  }
  return questions;
}

TEST(LatticeOrderTest, EveryReachableQuestionOnceInLevelOrderWithNumbers) {
  const std::vector<v1::CharterDraft> drafts = {
      MakeDraft(6, kFree),
      MakeDraft(7, kFree, {}, {{}, {0}, {0}, {1, 2}, {}, {4}, {3}}),
      MakeDraft(8, kStrict, {0, 0, 0, 1, 1, 2, 2, 2},
                {{}, {}, {0}, {}, {3}, {}, {}, {5}}),
      MakeDraft(9, kStrict, {0, 1, 0, 1, 2, 2, 0, 1, 2}),
  };
  for (const v1::CharterDraft& draft : drafts) {
    const DraftIndex index = IndexOf(draft);
    SCOPED_TRACE(absl::StrCat(index.size(), " proposals, ",
                              index.strict() ? "strict" : "free"));
    SetNumbers numbers(index.size());
    std::vector<ProposalSet> sets;
    std::vector<LatticeQuestion> order;
    const std::uint64_t walked = WalkLattice(
        index, ~std::uint64_t{0},
        [&](const LatticeQuestion& q) { order.push_back(q); }, &numbers, &sets);
    EXPECT_EQ(walked, order.size());

    std::set<std::pair<ProposalSet, int>> seen;
    for (std::size_t k = 0; k < order.size(); ++k) {
      const LatticeQuestion& q = order[k];
      EXPECT_EQ(q.index, k);
      EXPECT_TRUE(seen.emplace(q.set, q.proposal).second) << "asked twice";
      EXPECT_EQ(sets[q.set_number], q.set);
      EXPECT_EQ(sets[q.target_number], q.set | Bit(q.proposal));
      EXPECT_EQ(numbers.Find(q.set), q.set_number);
      if (k == 0) continue;
      const LatticeQuestion& before = order[k - 1];
      // Sets in number order, by size; a set's candidates ascending.
      EXPECT_GE(q.set_number, before.set_number);
      EXPECT_GE(std::popcount(q.set), std::popcount(before.set));
      if (q.set == before.set) {
        EXPECT_GT(q.proposal, before.proposal);
      }
    }
    // Numbers are handed out in the order sets are first reached.
    for (std::size_t s = 1; s < sets.size(); ++s) {
      std::uint64_t first_reached = order.size();
      for (const LatticeQuestion& q : order) {
        if (q.target_number == s) {
          first_reached = q.index;
          break;
        }
      }
      for (const LatticeQuestion& q : order) {
        if (q.index >= first_reached) break;
        EXPECT_LT(q.target_number, s);
      }
    }
    EXPECT_EQ(seen, Reachable(index));
  }
}

TEST(LatticeOrderTest, SparseNumbersGiveTheSameOrderAsDenseOnes) {
  // Past kDenseProposals the numbers live in a hash map: the order of a
  // draft must not depend on which.
  const int n = SetNumbers::kDenseProposals + 1;
  std::vector<int> stage_of(n);
  for (int i = 0; i < n; ++i) stage_of[i] = i / 4;  // strict stages of four
  const DraftIndex big = IndexOf(MakeDraft(n, kStrict, stage_of));
  const auto order = Order(big);
  // Each stage of four free proposals: 4 + 4*3 + 6*2 + 4*1 = 32 questions;
  // the last stage holds one proposal.
  EXPECT_EQ(order.size(), (n / 4) * 32 + 1);
  SetNumbers sparse(n);
  SetNumbers dense(SetNumbers::kDenseProposals);
  EXPECT_EQ(sparse.Insert(0b1010, 3), std::make_pair(std::uint32_t{3}, true));
  EXPECT_EQ(sparse.Insert(0b1010, 5), std::make_pair(std::uint32_t{3}, false));
  EXPECT_EQ(dense.Insert(0b1010, 3), std::make_pair(std::uint32_t{3}, true));
  EXPECT_EQ(dense.Insert(0b1010, 5), std::make_pair(std::uint32_t{3}, false));
  EXPECT_EQ(sparse.Find(0b1), SetNumbers::kNone);
  EXPECT_EQ(dense.Find(0b1), SetNumbers::kNone);
}

TEST(LatticeOrderTest, WalkStopsAtTheLimit) {
  const DraftIndex index = IndexOf(MakeDraft(10, kFree));
  int visited = 0;
  EXPECT_EQ(WalkLattice(index, 100, [&](const LatticeQuestion&) { ++visited; }),
            100u);
  EXPECT_EQ(visited, 100);
}

TEST(LatticeOrderTest, ARangeIsTheSameSliceOfTheOrder) {
  const DraftIndex index = IndexOf(MakeDraft(5, kFree));
  const auto order = Order(index);  // 5 * 2^4 = 80 questions
  ASSERT_EQ(order.size(), 80u);
  std::vector<std::pair<ProposalSet, int>> range;
  const absl::Status status = WalkLatticeRange(
      index, 30, 25, [&](std::uint64_t k, ProposalSet s, ProposalSet run) {
        EXPECT_EQ(k, range.size());
        EXPECT_NE(run, 0u);
        for (; run != 0; run &= run - 1) {
          range.emplace_back(s, std::countr_zero(run));
        }
      });
  ASSERT_TRUE(status.ok()) << status;
  const std::vector<std::pair<ProposalSet, int>> slice(order.begin() + 30,
                                                       order.begin() + 55);
  EXPECT_EQ(range, slice);
}

TEST(LatticeOrderTest, RangesThatCannotBeAnsweredAreRefused) {
  const DraftIndex index = IndexOf(MakeDraft(5, kFree));
  int calls = 0;
  const auto count = [&](std::uint64_t, ProposalSet, ProposalSet) { ++calls; };

  absl::Status empty = WalkLatticeRange(index, 3, 0, count);
  EXPECT_EQ(empty.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(empty.message(), HasSubstr("is empty"));

  absl::Status too_far = WalkLatticeRange(index, kMaxLatticeWalk, 1, count);
  EXPECT_EQ(too_far.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(too_far.message(), HasSubstr("ask by set instead"));
  // A range whose end overflows 64 bits is too far, not wrapped around.
  EXPECT_EQ(WalkLatticeRange(index, 5, ~std::uint64_t{0}, count).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(calls, 0);

  absl::Status past_end = WalkLatticeRange(index, 70, 20, count);
  EXPECT_EQ(past_end.code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(past_end.message(), HasSubstr("80 lattice questions"));
}

}  // namespace
}  // namespace concert
