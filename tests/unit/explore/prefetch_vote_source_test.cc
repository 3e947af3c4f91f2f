// PrefetchingVoteSource over a scripted source: it asks every admissible
// question once, in one Ask, and answers later asks from what it holds;
// misses, details, HISTORY parties, drafts over the limit and parties that
// fail go to the wrapped source.
#include "services/coordinator/explore/prefetch_vote_source.h"

#include <bit>
#include <cstdint>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/draft_index.h"
#include "services/coordinator/explore/question_table.h"
#include "tests/support/fake_vote_source.h"
#include "tests/support/forums.h"

namespace concert::coordinator {
namespace {

using testing::FakeVoteSource;
using testing::MakeDraft;
using testing::Mix;

constexpr int kParties = 3;
constexpr std::uint64_t kAll = (std::uint64_t{1} << kParties) - 1;

// Votes that differ by party, set and proposal, so that an answer read from
// the wrong place shows.
v1::Vote ScriptedVote(int party, ProposalSet adopted, int proposal) {
  return static_cast<v1::Vote>(1 + Mix(party, adopted, proposal) % 3);
}

class PrefetchTest : public ::testing::Test {
 protected:
  // A 6-proposal draft in two strict stages of three: 15 admissible sets,
  // 12 questions in each stage.
  PrefetchTest()
      : inner_(kParties),
        draft_(MakeDraft(6, /*strict=*/true, {0, 0, 0, 1, 1, 1})) {
    inner_.SetVotes([](int party, ProposalSet adopted, int proposal,
                       std::span<const std::uint32_t>) {
      return ScriptedVote(party, adopted, proposal);
    });
    auto index = DraftIndex::Build(draft_);
    if (index.ok()) {
      auto table = QuestionTable::Build(*index, 1000);
      if (table.ok()) admissible_ = table->size();
    }
  }

  void TableDraft(VoteSource& source) {
    TableContext context;
    context.draft = &draft_;
    ASSERT_TRUE(source.Table(context).ok());
  }

  void ExpectScripted(const std::vector<Question>& questions,
                      const std::vector<PartyAnswers>& answers,
                      std::uint64_t parties) {
    for (int i = 0; i < kParties; ++i) {
      if (((parties >> i) & 1u) == 0) continue;
      ASSERT_TRUE(answers[i].answered)
          << "party " << i << ": " << answers[i].error;
      ASSERT_EQ(answers[i].votes.size(), questions.size());
      for (std::size_t k = 0; k < questions.size(); ++k) {
        EXPECT_EQ(answers[i].votes[k],
                  ScriptedVote(i, questions[k].adopted,
                               static_cast<int>(questions[k].proposal)))
            << "party " << i << " question " << k;
      }
    }
  }

  FakeVoteSource inner_;
  v1::CharterDraft draft_;
  std::uint64_t admissible_ = 0;
  const std::vector<Question> level0_ = {Question{0, 0, {}}, Question{0, 1, {}},
                                         Question{0, 2, {}}};
};

TEST_F(PrefetchTest, AsksEveryAdmissibleQuestionOnceInOneAsk) {
  PrefetchingVoteSource source(inner_, 1000);
  ASSERT_NO_FATAL_FAILURE(TableDraft(source));
  ASSERT_EQ(admissible_, 24u);

  std::vector<PartyAnswers> answers;
  ASSERT_TRUE(source.Ask(level0_, false, kAll, &answers).ok());
  ExpectScripted(level0_, answers, kAll);
  EXPECT_TRUE(source.asked_ahead());
  EXPECT_EQ(inner_.ask_calls(), 1);
  for (int i = 0; i < kParties; ++i) {
    EXPECT_EQ(inner_.asked(i), static_cast<std::int64_t>(admissible_));
  }
  EXPECT_EQ(source.questions_ahead(), admissible_ * kParties);

  // Later levels (and the same questions again) come from what is held.
  const std::vector<Question> later = {
      Question{Bit(0) | Bit(1), 2, {}}, Question{Bit(0), 1, {}},
      Question{Bit(0) | Bit(1) | Bit(2), 5, {}},
      Question{Bit(0) | Bit(1) | Bit(2) | Bit(4), 3, {}}, level0_[1]};
  ASSERT_TRUE(source.Ask(later, false, kAll, &answers).ok());
  ExpectScripted(later, answers, kAll);
  EXPECT_EQ(inner_.ask_calls(), 1);
  EXPECT_EQ(inner_.max_repeats(), 1);
  EXPECT_EQ(source.answered_ahead(),
            (level0_.size() + later.size()) * kParties);
  EXPECT_EQ(source.forwarded(), 0u);
}

TEST_F(PrefetchTest, AsksOnlyThePartiesOfTheFirstAskAhead) {
  PrefetchingVoteSource source(inner_, 1000);
  ASSERT_NO_FATAL_FAILURE(TableDraft(source));
  std::vector<PartyAnswers> answers;
  ASSERT_TRUE(source.Ask(level0_, false, 0b011, &answers).ok());
  EXPECT_FALSE(answers[2].answered);
  EXPECT_EQ(inner_.asked(2), 0);

  // Party 2 was not asked ahead: its questions go to the wrapped source,
  // the others' do not.
  ASSERT_TRUE(source.Ask(level0_, false, kAll, &answers).ok());
  ExpectScripted(level0_, answers, kAll);
  EXPECT_EQ(inner_.asked(0), static_cast<std::int64_t>(admissible_));
  EXPECT_EQ(inner_.asked(2), static_cast<std::int64_t>(level0_.size()));
  EXPECT_EQ(source.forwarded(), level0_.size());
}

TEST_F(PrefetchTest, ForwardsQuestionsOutsideTheTable) {
  PrefetchingVoteSource source(inner_, 1000);
  ASSERT_NO_FATAL_FAILURE(TableDraft(source));
  std::vector<PartyAnswers> answers;
  ASSERT_TRUE(source.Ask(level0_, false, kAll, &answers).ok());

  // Proposal 3 is in the second stage: no admissible order asks about it
  // after {p0} alone, and {p3} is no admissible set at all.
  const std::vector<Question> mixed = {
      Question{Bit(0), 1, {}}, Question{Bit(0), 3, {}}, Question{Bit(3), 4, {}},
      Question{Bit(0), 2, {}}};
  ASSERT_TRUE(source.Ask(mixed, false, kAll, &answers).ok());
  ExpectScripted(mixed, answers, kAll);
  EXPECT_EQ(inner_.ask_calls(), 2);
  for (int i = 0; i < kParties; ++i) {
    EXPECT_EQ(inner_.asked(i), static_cast<std::int64_t>(admissible_ + 2));
  }
  EXPECT_EQ(source.forwarded(), 2u * kParties);
}

TEST_F(PrefetchTest, ForwardsAsksWithDetails) {
  PrefetchingVoteSource source(inner_, 1000);
  ASSERT_NO_FATAL_FAILURE(TableDraft(source));
  std::vector<PartyAnswers> answers;
  ASSERT_TRUE(source.Ask(level0_, false, kAll, &answers).ok());
  ASSERT_TRUE(source.Ask(level0_, /*details=*/true, 0b010, &answers).ok());
  EXPECT_EQ(inner_.detail_calls(), 1);
  EXPECT_EQ(inner_.detail_questions(),
            static_cast<std::int64_t>(level0_.size()));
  ASSERT_TRUE(answers[1].answered);
  ASSERT_EQ(answers[1].details.size(), level0_.size());
  EXPECT_EQ(answers[1].details[2].rationale, "P1 on p2 after 0");
}

TEST_F(PrefetchTest, DoesNotAskHistoryPartiesAhead) {
  inner_.SetMemory(1, v1::MEMORY_HISTORY);
  PrefetchingVoteSource source(inner_, 1000);
  ASSERT_NO_FATAL_FAILURE(TableDraft(source));
  std::vector<PartyAnswers> answers;
  ASSERT_TRUE(source.Ask(level0_, false, kAll, &answers).ok());
  ExpectScripted(level0_, answers, kAll);
  EXPECT_FALSE(source.asked_ahead());
  for (int i = 0; i < kParties; ++i) {
    EXPECT_EQ(inner_.asked(i), static_cast<std::int64_t>(level0_.size()));
  }
  // A party of SET memory asked alone later is not asked ahead either: the
  // draft is passed through until the next Table.
  ASSERT_TRUE(source.Ask(level0_, false, 0b001, &answers).ok());
  EXPECT_EQ(inner_.asked(0), static_cast<std::int64_t>(2 * level0_.size()));
}

TEST_F(PrefetchTest, PassesThroughADraftOverTheLimit) {
  PrefetchingVoteSource source(inner_, admissible_ - 1);
  ASSERT_NO_FATAL_FAILURE(TableDraft(source));
  std::vector<PartyAnswers> answers;
  ASSERT_TRUE(source.Ask(level0_, false, kAll, &answers).ok());
  ExpectScripted(level0_, answers, kAll);
  EXPECT_FALSE(source.asked_ahead());
  EXPECT_EQ(inner_.asked(0), static_cast<std::int64_t>(level0_.size()));
}

TEST_F(PrefetchTest, ZeroMeansNever) {
  PrefetchingVoteSource source(inner_, 0);
  ASSERT_NO_FATAL_FAILURE(TableDraft(source));
  std::vector<PartyAnswers> answers;
  ASSERT_TRUE(source.Ask(level0_, false, kAll, &answers).ok());
  EXPECT_FALSE(source.asked_ahead());
  EXPECT_EQ(inner_.asked(0), static_cast<std::int64_t>(level0_.size()));
}

TEST_F(PrefetchTest, APartyThatFailsTheAskAheadFailsThatAskThenIsAskedLive) {
  inner_.SetUnreachable(2);
  PrefetchingVoteSource source(inner_, 1000);
  ASSERT_NO_FATAL_FAILURE(TableDraft(source));
  std::vector<PartyAnswers> answers;
  ASSERT_TRUE(source.Ask(level0_, false, kAll, &answers).ok());
  EXPECT_TRUE(source.asked_ahead());
  ExpectScripted(level0_, answers, 0b011);
  EXPECT_FALSE(answers[2].answered);
  EXPECT_EQ(answers[2].error, "connection refused");

  // Next time it is asked live (and here fails again, as itself).
  ASSERT_TRUE(source.Ask(level0_, false, kAll, &answers).ok());
  EXPECT_FALSE(answers[2].answered);
  EXPECT_EQ(source.forwarded(), level0_.size());
  EXPECT_EQ(inner_.ask_calls(), 2);
}

TEST_F(PrefetchTest, ANewTableForgetsWhatWasHeld) {
  PrefetchingVoteSource source(inner_, 1000);
  ASSERT_NO_FATAL_FAILURE(TableDraft(source));
  std::vector<PartyAnswers> answers;
  ASSERT_TRUE(source.Ask(level0_, false, kAll, &answers).ok());
  ASSERT_NO_FATAL_FAILURE(TableDraft(source));
  EXPECT_FALSE(source.asked_ahead());
  EXPECT_EQ(inner_.table_calls(), 2);
  ASSERT_TRUE(source.Ask(level0_, false, kAll, &answers).ok());
  EXPECT_TRUE(source.asked_ahead());
  EXPECT_EQ(inner_.ask_calls(), 2);
  EXPECT_EQ(inner_.asked(0), static_cast<std::int64_t>(2 * admissible_));
}

}  // namespace
}  // namespace concert::coordinator
