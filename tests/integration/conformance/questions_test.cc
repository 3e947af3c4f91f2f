// The questions the conformance checks choose from a draft (pure): every
// proposal on the empty adoption, admissible prefixes, and sets reached in
// really different admissible orders — so the checks never ask a sound party
// something it may refuse, and set-memory really compares orders.
#include "clients/concert/conformance/questions.h"

#include <algorithm>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clients/concert/conformance/default_draft.h"
#include "services/common/valid_files.h"

namespace concert::conformance {
namespace {

using ::testing::IsEmpty;
using ::testing::Not;

class QuestionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto scenario =
        LoadValidScenario(CONCERT_SOURCE_DIR "/scenarios/six-party.textproto");
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    scenario_ = *scenario;
    auto draft = LoadDraftOrDefault("", scenario_);
    ASSERT_TRUE(draft.ok()) << draft.status();
    draft_ = *draft;
    auto index = DraftIndex::Build(draft_);
    ASSERT_TRUE(index.ok()) << index.status();
    index_ = std::make_unique<DraftIndex>(*std::move(index));
  }

  // Whether `order` adopts each proposal when it is open.
  bool Admissible(const std::vector<int>& order) const {
    ProposalSet adopted = 0;
    for (int p : order) {
      if (!Contains(index_->Candidates(adopted), p)) return false;
      adopted |= Bit(p);
    }
    return true;
  }

  v1::Scenario scenario_;
  v1::CharterDraft draft_;
  std::unique_ptr<DraftIndex> index_;
};

TEST_F(QuestionsTest, TheEmbeddedDraftIsTheShippedPaperSequence) {
  EXPECT_EQ(draft_.id(), "paper-sequence");
  EXPECT_EQ(index_->size(), 20);
  auto from_file = LoadDraftOrDefault(
      CONCERT_SOURCE_DIR "/scenarios/drafts/paper-sequence.textproto",
      scenario_);
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  EXPECT_EQ(from_file->SerializeAsString(), draft_.SerializeAsString());
}

TEST_F(QuestionsTest, EveryProposalOnNothingThenAdmissiblePrefixes) {
  const std::vector<Question> questions = ConformanceQuestions(*index_);
  ASSERT_GT(questions.size(), 20u);
  for (int p = 0; p < 20; ++p) {
    EXPECT_THAT(questions[p].adopted, IsEmpty());
    EXPECT_EQ(questions[p].proposal, p);
  }
  std::set<std::size_t> prefix_lengths;
  for (std::size_t q = 20; q < questions.size(); ++q) {
    const Question& question = questions[q];
    EXPECT_TRUE(Admissible(question.adopted))
        << QuestionText(question, *index_);
    EXPECT_TRUE(
        Contains(index_->Candidates(AdoptedSet(question)), question.proposal))
        << QuestionText(question, *index_);
    prefix_lengths.insert(question.adopted.size());
  }
  EXPECT_EQ(prefix_lengths, (std::set<std::size_t>{1, 2, 5, 10, 15, 19}));
}

TEST_F(QuestionsTest, SetProbesReachOneSetInDifferentAdmissibleOrders) {
  const std::vector<SetProbe> probes = SetMemoryProbes(*index_, 4);
  ASSERT_EQ(probes.size(), 4u);
  for (const SetProbe& probe : probes) {
    ASSERT_GE(probe.orders.size(), 2u);
    EXPECT_THAT(probe.proposals, Not(IsEmpty()));
    for (std::size_t i = 0; i < probe.orders.size(); ++i) {
      const auto& order = probe.orders[i];
      EXPECT_TRUE(Admissible(order));
      EXPECT_EQ(AdoptedSet(Question{order, 0}), probe.set);
      for (std::size_t j = 0; j < i; ++j) EXPECT_NE(order, probe.orders[j]);
    }
    for (int p : probe.proposals) {
      EXPECT_TRUE(Contains(index_->Candidates(probe.set), p));
    }
  }
}

TEST_F(QuestionsTest, OrderWithinFailsWhenTheSetCannotBeReached) {
  // The last proposal alone: its prerequisites are not in the set.
  const ProposalSet last = Bit(index_->size() - 1);
  EXPECT_FALSE(OrderWithin(*index_, last, Pick::kLowest).has_value());
  EXPECT_EQ(OrderWithin(*index_, 0, Pick::kHighest), std::vector<int>{});
}

TEST_F(QuestionsTest, RequestsAndBatchesCarryTheQuestion) {
  const Question question{{0, 1}, 2};
  EXPECT_EQ(
      QuestionText(question, *index_),
      index_->id(2) + " after {" + index_->id(0) + "," + index_->id(1) + "}");
  const v1::EvaluateRequest request =
      EvaluateRequestFor(question, *index_, "d1");
  EXPECT_EQ(request.draft_digest(), "d1");
  EXPECT_THAT(request.adopted(),
              ::testing::ElementsAre(index_->id(0), index_->id(1)));
  EXPECT_EQ(request.proposal(), index_->id(2));
  EXPECT_FALSE(request.has_table());

  const v1::EvaluateBatch batch =
      BatchFor({question, Question{{}, 0}}, 42, "d1", true, true);
  EXPECT_EQ(batch.request_id(), 42u);
  EXPECT_EQ(batch.set_words(), 1u);
  EXPECT_TRUE(batch.details());
  EXPECT_THAT(batch.sets(), ::testing::ElementsAre(Bit(0) | Bit(1), 0u));
  EXPECT_THAT(batch.proposals(), ::testing::ElementsAre(2u, 0u));
  EXPECT_THAT(batch.history(), ::testing::ElementsAre(0u, 1u));
  EXPECT_THAT(batch.history_lengths(), ::testing::ElementsAre(2u, 0u));
}

TEST_F(QuestionsTest, TheTableRequestIsTheBaselineInTheInitialState) {
  const v1::TableRequest request = BaselineTableRequest(scenario_, draft_);
  EXPECT_EQ(request.variant(), "");
  EXPECT_EQ(request.draft().id(), "paper-sequence");
  EXPECT_EQ(request.initial_state_size(), scenario_.initial_state_size());
}

TEST_F(QuestionsTest, TheUnservedVariantIsNoneTheScenarioOrThePartyNames) {
  v1::DescribeResponse described;
  EXPECT_EQ(UnservedVariant(scenario_, described),
            "conformance-no-such-variant");
  described.add_variants("conformance-no-such-variant");
  scenario_.add_variants()->set_name("conformance-no-such-variant-2");
  EXPECT_EQ(UnservedVariant(scenario_, described),
            "conformance-no-such-variant-3");
}

}  // namespace
}  // namespace concert::conformance
