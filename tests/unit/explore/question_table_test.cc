// A draft's question table is kept per draft shape for the whole process
// (a robustness study explores one draft once per sample): the kept table
// must be the one Build makes, shared only by drafts of that shape, and a
// shape found too big to ask ahead must stay refused without a walk.
#include "services/coordinator/explore/question_table.h"

#include <cstdint>
#include <utility>

#include "gtest/gtest.h"
#include "tests/support/forums.h"

namespace concert::coordinator {
namespace {

using testing::IndexOf;
using testing::MakeDraft;

TEST(QuestionTableTest, SharedIsBuildsTableKeptForTheShape) {
  v1::CharterDraft draft = MakeDraft(7, false, {}, {{}, {0}, {}, {1, 2}});
  const DraftIndex index = IndexOf(draft);
  auto shared = QuestionTable::Shared(index, 10'000);
  ASSERT_TRUE(shared.ok()) << shared.status();
  auto built = QuestionTable::Build(index, 10'000);
  ASSERT_TRUE(built.ok()) << built.status();
  ASSERT_EQ((*shared)->size(), built->size());
  for (std::uint64_t q = 0; q < built->size(); ++q) {
    EXPECT_EQ((*shared)->questions()[q].adopted, built->questions()[q].adopted);
    EXPECT_EQ((*shared)->questions()[q].proposal,
              built->questions()[q].proposal);
  }
  for (std::uint32_t s = 0; s < built->sets().size(); ++s) {
    EXPECT_EQ((*shared)->candidates(s),
              index.Candidates(built->sets()[s]) & (*shared)->candidates(s));
    std::uint64_t questions = 0;
    for (ProposalSet c = (*shared)->candidates(s); c != 0; c &= c - 1) {
      ++questions;
    }
    EXPECT_EQ(questions,
              built->first_question(s + 1) - built->first_question(s));
  }

  // Renamed, the same shape: the same table.
  draft.mutable_proposals(5)->set_id("renamed");
  auto again = QuestionTable::Shared(IndexOf(draft), 10'000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->get(), shared->get());
  // A limit below its size refuses it, as Build does.
  auto small = QuestionTable::Shared(index, (*shared)->size() - 1);
  EXPECT_EQ(small.status().code(), absl::StatusCode::kResourceExhausted);

  // Another prerequisite is another shape.
  auto other = QuestionTable::Shared(
      IndexOf(MakeDraft(7, false, {}, {{}, {0}})), 10'000);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->get(), shared->get());
}

// Build keeps where each set's questions are, not the questions: they are
// listed on first use, and must be the lattice order itself, each with the
// set it leads to, wherever QuestionOf says it is.
TEST(QuestionTableTest, ListsTheLatticeOrderOnFirstUse) {
  const DraftIndex index =
      IndexOf(MakeDraft(8, false, {}, {{}, {0}, {}, {1, 2}, {}, {}, {4}}));
  auto table = QuestionTable::Build(index, 100'000);
  ASSERT_TRUE(table.ok()) << table.status();
  std::uint64_t visited = 0;
  WalkLattice(index, ~std::uint64_t{0}, [&](const LatticeQuestion& q) {
    ++visited;
    ASSERT_LT(q.index, table->size());
    EXPECT_EQ(table->questions()[q.index].adopted, q.set);
    EXPECT_EQ(table->questions()[q.index].proposal,
              static_cast<std::uint32_t>(q.proposal));
    EXPECT_EQ(table->target(q.index), q.target_number);
    EXPECT_EQ(table->QuestionOf(q.set_number, q.proposal), q.index);
  });
  EXPECT_EQ(visited, table->size());
  EXPECT_EQ(table->questions().size(), table->size());
  // Not a candidate of the empty set (its prerequisite is not adopted).
  EXPECT_EQ(table->QuestionOf(0, 1), QuestionTable::kNoQuestion);
  // The prefix a lattice ask takes: the same questions, the same list.
  const LatticePrefix prefix = table->prefix();
  EXPECT_EQ(prefix.size(), table->size());
  EXPECT_EQ(prefix.list().data(), table->questions().data());
}

TEST(QuestionTableTest, AShapeTooBigStaysRefusedUntilALargerLimit) {
  const DraftIndex index = IndexOf(MakeDraft(9, false));  // 9 * 2^8 = 2304
  EXPECT_EQ(QuestionTable::Shared(index, 1000).status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(QuestionTable::Shared(index, 500).status().code(),
            absl::StatusCode::kResourceExhausted);
  auto enough = QuestionTable::Shared(index, 2304);
  ASSERT_TRUE(enough.ok()) << enough.status();
  EXPECT_EQ((*enough)->size(), 2304u);
}

TEST(QuestionTableTest, IsKeptSaysWhenSharedWouldAnswerWithoutAWalk) {
  // A shape no other test here uses (proposal 7 requires 0 and 1).
  const DraftIndex index =
      IndexOf(MakeDraft(8, false, {}, {{}, {}, {}, {}, {}, {}, {}, {0, 1}}));
  auto built = QuestionTable::Build(index, 100'000);
  ASSERT_TRUE(built.ok()) << built.status();
  const std::uint64_t size = built->size();
  EXPECT_FALSE(QuestionTable::IsKept(index, size));
  EXPECT_EQ(QuestionTable::Shared(index, size / 2).status().code(),
            absl::StatusCode::kResourceExhausted);
  // A refusal is kept for limits up to the one refused, and no further.
  EXPECT_TRUE(QuestionTable::IsKept(index, size / 4));
  EXPECT_FALSE(QuestionTable::IsKept(index, size));
  ASSERT_TRUE(QuestionTable::Shared(index, size).ok());
  // A kept table answers every limit: below its size, by a refusal.
  EXPECT_TRUE(QuestionTable::IsKept(index, size));
  EXPECT_TRUE(QuestionTable::IsKept(index, 1));
}

}  // namespace
}  // namespace concert::coordinator
