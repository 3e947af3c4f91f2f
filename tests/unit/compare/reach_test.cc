// The comparison's shortcut against the explorer: deciding a forum from
// vote columns (vote_columns.h) and exploring through ColumnVoteSource must
// give exactly what the explorer gives when it asks the parties itself —
// on hundreds of random small forums, under every decision rule.
#include <random>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/coordinator/compare/column_vote_source.h"
#include "services/coordinator/compare/vote_columns.h"
#include "services/coordinator/core/forum_context.h"
#include "services/coordinator/explore/explorer.h"
#include "services/coordinator/explore/question_table.h"
#include "tests/support/fake_vote_source.h"
#include "tests/support/random_cases.h"

namespace concert::coordinator {
namespace {

using testing::FakeVoteSource;

TEST(QuestionTable, HoldsEveryAdmissibleQuestionOnce) {
  const v1::CharterDraft draft =
      testing::MakeDraft(4, /*strict=*/false, {0, 0, 0, 0}, {{}, {0}, {}, {}});
  absl::StatusOr<DraftIndex> index = DraftIndex::Build(draft);
  ASSERT_TRUE(index.ok());
  absl::StatusOr<QuestionTable> table = QuestionTable::Build(*index, 1000);
  ASSERT_TRUE(table.ok()) << table.status();
  // p1 needs p0: the admissible sets are the 12 of {p0,p1,p2,p3} closed
  // under that prerequisite.
  EXPECT_EQ(table->sets().size(), 12u);
  EXPECT_TRUE(table->full_admissible());
  EXPECT_EQ(table->sets().back(), index->all());
  for (std::uint32_t s = 0; s < table->sets().size(); ++s) {
    const ProposalSet set = table->sets()[s];
    EXPECT_EQ(
        table->first_question(s + 1) - table->first_question(s),
        static_cast<std::uint64_t>(std::popcount(index->Candidates(set))));
    for (std::uint64_t q = table->first_question(s);
         q < table->first_question(s + 1); ++q) {
      const Question& question = table->questions()[q];
      EXPECT_EQ(question.adopted, set);
      EXPECT_EQ(table->QuestionOf(s, question.proposal), q);
      EXPECT_EQ(table->sets()[table->target(q)], set | Bit(question.proposal));
    }
  }
  EXPECT_EQ(QuestionTable::Build(*index, 5).status().code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(ReachOf, AgreesWithTheExplorerOnRandomForums) {
  std::mt19937 random(99);
  int reachable = 0;
  for (int trial = 0; trial < 300; ++trial) {
    SCOPED_TRACE(absl::StrCat("trial ", trial));
    const testing::RandomCase c = testing::MakeRandomCase(random, 5000 + trial);
    FakeVoteSource live(c.scenario.parties_size());
    live.SetVotes(testing::RandomSetVotes(c.seed));
    absl::StatusOr<v1::Exploration> expected =
        Explore({&c.scenario, &c.draft, c.variant, {}}, {}, live);
    ASSERT_TRUE(expected.ok()) << expected.status();

    absl::StatusOr<DraftIndex> index = DraftIndex::Build(c.draft);
    ASSERT_TRUE(index.ok());
    absl::StatusOr<QuestionTable> table = QuestionTable::Build(*index, 1 << 16);
    ASSERT_TRUE(table.ok());
    absl::StatusOr<ForumContext> forum =
        ResolveForum(c.scenario, c.draft, c.variant, {});
    ASSERT_TRUE(forum.ok());
    TableContext context;
    context.draft = &c.draft;
    context.variant = c.variant;
    std::vector<VoteColumn> columns;
    ASSERT_TRUE(
        FetchColumns(live, context, *table, forum->present, &columns).ok());

    const Reach reach =
        ReachOf(*table, *forum, ColumnPointers(columns, forum->absent));
    EXPECT_EQ(reach.full, expected->full_charter_reachable());
    EXPECT_EQ(reach.largest, expected->full_charter_reachable()
                                 ? c.draft.proposals_size()
                                 : expected->largest_adoptable().size());
    reachable += reach.full;

    // Exploring from the columns: the same result, and the live parties
    // asked only for rationales.
    FakeVoteSource fresh(c.scenario.parties_size());
    fresh.SetVotes(testing::RandomSetVotes(c.seed));
    ColumnVoteSource from_columns(fresh, &*table, columns);
    absl::StatusOr<v1::Exploration> got =
        Explore({&c.scenario, &c.draft, c.variant, {}}, {}, from_columns);
    ASSERT_TRUE(got.ok()) << got.status();
    v1::Exploration a = *expected;
    v1::Exploration b = *got;
    for (v1::Exploration* e : {&a, &b}) {
      e->clear_elapsed_ms();
      e->clear_questions_asked();
    }
    EXPECT_EQ(a.DebugString(), b.DebugString());
    EXPECT_EQ(fresh.asked(0), 0) << "only details go to the live parties";
  }
  EXPECT_GT(reachable, 20);
  EXPECT_LT(reachable, 280);
}

}  // namespace
}  // namespace concert::coordinator
