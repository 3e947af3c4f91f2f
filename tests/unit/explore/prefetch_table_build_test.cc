// The first exploration of a draft's shape walks its question table while
// the wrapped source tables the draft (a round trip the asking thread only
// waits on), not after it: the table is kept before Table returns when the
// source's Table takes long enough, and never walked for a party known to
// answer by history.
#include <cstdint>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "services/common/draft_index.h"
#include "services/coordinator/explore/prefetch_vote_source.h"
#include "services/coordinator/explore/question_table.h"
#include "tests/support/fake_vote_source.h"
#include "tests/support/forums.h"

namespace concert::coordinator {
namespace {

using testing::FakeVoteSource;
using testing::IndexOf;
using testing::MakeDraft;

constexpr int kParties = 3;
constexpr std::uint64_t kLimit = 100'000;

// A source whose Table lasts until the question table of `index` is kept
// (or a generous deadline passes): as parties that compile a model while
// the coordinator waits. It records whether the table was kept by then.
class SlowTableSource : public FakeVoteSource {
 public:
  explicit SlowTableSource(const DraftIndex& index)
      : FakeVoteSource(kParties), index_(index) {
    SetVotes([](int, ProposalSet, int, std::span<const std::uint32_t>) {
      return v1::VOTE_SUPPORT;
    });
  }

  absl::Status Table(const TableContext& context) override {
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (!QuestionTable::IsKept(index_, kLimit) && absl::Now() < deadline) {
      std::this_thread::yield();
    }
    kept_during_table_ = QuestionTable::IsKept(index_, kLimit);
    return FakeVoteSource::Table(context);
  }

  bool kept_during_table() const { return kept_during_table_; }

 private:
  const DraftIndex& index_;
  bool kept_during_table_ = false;
};

// Tables `draft` through `source`, as Explore() does.
absl::Status TableDraft(VoteSource& source, const v1::CharterDraft& draft) {
  TableContext context;
  context.draft = &draft;
  return source.Table(context);
}

TEST(PrefetchTableBuildTest, WalksTheTableWhileTheSourceTables) {
  // A shape no other test in this binary uses, so nothing keeps it yet.
  const v1::CharterDraft draft =
      MakeDraft(10, /*strict=*/false, {}, {{}, {}, {0}, {}, {}, {3}});
  const DraftIndex index = IndexOf(draft);
  ASSERT_FALSE(QuestionTable::IsKept(index, kLimit));
  SlowTableSource inner(index);
  PrefetchingVoteSource source(inner, kLimit);
  ASSERT_TRUE(TableDraft(source, draft).ok());
  EXPECT_TRUE(inner.kept_during_table());

  // The walk then asks ahead from the kept table, as before.
  const std::vector<Question> level0 = {Question{0, 0}, Question{0, 1}};
  std::vector<PartyAnswers> answers;
  ASSERT_TRUE(source.Ask(level0, false, 0b111, &answers).ok());
  EXPECT_TRUE(source.asked_ahead());
  auto kept = QuestionTable::Shared(index, kLimit);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(source.questions_ahead(), (*kept)->size() * kParties);
}

TEST(PrefetchTableBuildTest, DoesNotWalkForAPartyKnownToAnswerByHistory) {
  const v1::CharterDraft draft =
      MakeDraft(10, /*strict=*/false, {}, {{}, {}, {1}, {}, {}, {4}});
  const DraftIndex index = IndexOf(draft);
  ASSERT_FALSE(QuestionTable::IsKept(index, kLimit));
  FakeVoteSource inner(kParties);
  inner.SetMemory(2, v1::MEMORY_HISTORY);
  PrefetchingVoteSource source(inner, kLimit);
  ASSERT_TRUE(TableDraft(source, draft).ok());
  // No walk was started: nothing can have kept it.
  EXPECT_FALSE(QuestionTable::IsKept(index, kLimit));
}

}  // namespace
}  // namespace concert::coordinator
