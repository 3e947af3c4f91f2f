// The lattice order's runs are kept per draft shape for the whole process,
// so that a party answers the ranges of one draft — several per ask, one
// ask per sample of a study — without walking the order from the start
// each time. Kept runs must answer every range exactly as a fresh walk of
// the order does, in whatever order ranges come, and never be shared by
// drafts of another shape.
#include <bit>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "services/common/lattice_order.h"
#include "tests/support/forums.h"

namespace concert {
namespace {

using coordinator::testing::IndexOf;
using coordinator::testing::MakeDraft;
using Pairs = std::vector<std::pair<ProposalSet, int>>;

// Questions [first, first + count) of the order, by a fresh walk.
Pairs Slice(const DraftIndex& index, std::uint64_t first, std::uint64_t count) {
  Pairs slice;
  std::uint64_t k = 0;
  WalkLattice(index, first + count, [&](const LatticeQuestion& q) {
    if (k++ >= first) slice.emplace_back(q.set, q.proposal);
  });
  return slice;
}

// The same questions, by a range.
Pairs Range(const DraftIndex& index, std::uint64_t first, std::uint64_t count,
            absl::Status* status) {
  Pairs range;
  *status = WalkLatticeRange(
      index, first, count, [&](std::uint64_t k, ProposalSet s, ProposalSet p) {
        EXPECT_EQ(k, range.size());
        for (; p != 0; p &= p - 1) range.emplace_back(s, std::countr_zero(p));
      });
  return range;
}

TEST(LatticeRunsTest, RangesInAnyOrderAreTheOrdersSlices) {
  // 14 free proposals: 14 * 2^13 = 114,688 questions, all kept.
  const DraftIndex index = IndexOf(MakeDraft(14, false));
  const std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges = {
      {100'000, 100},  // late first: the kept runs are walked that far
      {0, 50},         // then early
      {4'090, 20},     // across the first walk's end (4,096)
      {114'600, 88},   // to the order's last question
      {7, 1},          // one question inside a run
  };
  for (const auto& [first, count] : ranges) {
    absl::Status status;
    const Pairs range = Range(index, first, count, &status);
    ASSERT_TRUE(status.ok()) << first << ": " << status;
    EXPECT_EQ(range, Slice(index, first, count)) << "range from " << first;
  }
  absl::Status past;
  const Pairs tail = Range(index, 114'680, 20, &past);
  EXPECT_EQ(past.code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(tail, Slice(index, 114'680, 8));  // the questions that exist
}

TEST(LatticeRunsTest, DraftsOfOneShapeShareRunsAndOthersDoNot) {
  v1::CharterDraft draft = MakeDraft(6, true, {0, 0, 1, 1, 2, 2});
  const DraftIndex a = IndexOf(draft);
  draft.set_id("renamed");
  draft.mutable_proposals(0)->set_id("another-name");
  const DraftIndex same_shape = IndexOf(draft);
  EXPECT_EQ(LatticeRuns::Of(a, 10).get(),
            LatticeRuns::Of(same_shape, 10).get());

  // A prerequisite, or free order, is another shape: other runs, each
  // answering its own order.
  const DraftIndex with_prerequisite =
      IndexOf(MakeDraft(6, true, {0, 0, 1, 1, 2, 2}, {{}, {0}}));
  const DraftIndex free = IndexOf(MakeDraft(6, false));
  for (const DraftIndex* other : {&with_prerequisite, &free}) {
    EXPECT_NE(LatticeRuns::Of(*other, 10).get(), LatticeRuns::Of(a, 10).get());
    const std::uint64_t total = Slice(*other, 0, ~std::uint64_t{0} / 2).size();
    absl::Status status;
    EXPECT_EQ(Range(*other, 0, total, &status), Slice(*other, 0, total));
    EXPECT_TRUE(status.ok()) << status;
  }
}

TEST(LatticeRunsTest, RangesPastWhatIsKeptAreWalkedForEachRange) {
  // 18 free proposals: past kMaxKeptQuestions, a range is walked, not kept.
  const DraftIndex index = IndexOf(MakeDraft(18, false));
  const std::uint64_t first = LatticeRuns::kMaxKeptQuestions + 5;
  absl::Status status;
  EXPECT_EQ(Range(index, first, 30, &status), Slice(index, first, 30));
  EXPECT_TRUE(status.ok()) << status;
  const auto runs = LatticeRuns::Of(index, first + 30);
  EXPECT_GE(runs->questions(), first + 30);
  EXPECT_NE(runs.get(), LatticeRuns::Of(index, first + 30).get());
}

}  // namespace
}  // namespace concert
