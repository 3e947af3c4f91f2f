// GrpcVoteSource::AskLattice: a party whose Describe says answers_lattice
// is sent ranges of the lattice order, any other party every question, and
// the answers are the same either way — equal to Ask's and to the
// in-process source's, under a perturbation and over several batches.
#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "services/common/draft_index.h"
#include "services/common/valid_files.h"
#include "services/coordinator/core/in_process_vote_source.h"
#include "services/coordinator/explore/question_table.h"
#include "services/coordinator/rpc/channel_pool.h"
#include "services/coordinator/rpc/grpc_vote_source.h"
#include "tests/integration/coordinator/served_parties.h"
#include "tests/support/net/process_forum.h"
#include "tests/support/net/test_party.h"

namespace concert::testing {
namespace {

using coordinator::GrpcVoteSource;
using coordinator::PartyAnswers;
using coordinator::Question;
using coordinator::TableContext;

constexpr std::uint64_t kEveryParty = ~std::uint64_t{0};

class LatticeAskTest : public ServedPartiesTest {
 protected:
  void SetUp() override {
    ServedPartiesTest::SetUp();
    if (HasFatalFailure()) return;
    auto index = DraftIndex::Build(draft_);
    ASSERT_TRUE(index.ok()) << index.status();
    auto table = coordinator::QuestionTable::Build(*index, 1'000'000);
    ASSERT_TRUE(table.ok()) << table.status();
    questions_ = table->questions();
    ASSERT_GT(questions_.size(), 8u);
    context_.draft = &draft_;
    context_.variant = "transformation";
    context_.initial_state.assign(scenario_.initial_state().begin(),
                                  scenario_.initial_state().end());
    context_.perturbation.set_seed(11);
    context_.perturbation.set_spread(0.5);
  }

  std::unique_ptr<GrpcVoteSource> Source(int batch_questions) {
    coordinator::GrpcVoteSourceOptions options;
    options.batch_questions = batch_questions;
    return std::make_unique<GrpcVoteSource>(Endpoints(), options);
  }

  // The in-process source's answers to every question.
  std::vector<PartyAnswers> Expected() {
    coordinator::InProcessVoteSource local(scenario_);
    EXPECT_TRUE(local.Table(context_).ok());
    std::vector<PartyAnswers> want;
    EXPECT_TRUE(local.Ask(questions_, false, kEveryParty, &want).ok());
    return want;
  }

  std::vector<Question> questions_;
  TableContext context_;
};

TEST_F(LatticeAskTest, RangesToPartiesThatWalkTheOrderQuestionsToOthers) {
  // USA and DPRK do not declare answers_lattice.
  party(0).set_answers_lattice(false);
  party(5).set_answers_lattice(false);
  // Batches smaller than the table: the ranges start past 0.
  const int per_batch = static_cast<int>(questions_.size() / 3 + 1);
  auto source = Source(per_batch);
  ASSERT_TRUE(source->Table(context_).ok());
  std::vector<PartyAnswers> got;
  ASSERT_TRUE(source->AskLattice(questions_, kEveryParty, &got, nullptr).ok());

  const std::vector<PartyAnswers> want = Expected();
  for (int i = 0; i < scenario_.parties_size(); ++i) {
    SCOPED_TRACE(scenario_.parties(i).id());
    ASSERT_TRUE(got[i].answered) << got[i].error;
    EXPECT_EQ(got[i].votes, want[i].votes);
    const long asked = static_cast<long>(questions_.size());
    EXPECT_EQ(party(i).stream_questions(), asked);
    EXPECT_EQ(party(i).lattice_questions(), i == 0 || i == 5 ? 0 : asked);
    EXPECT_EQ(party(i).stream_batches(), 3);
  }
}

// The questions of a lattice ask are listed only for a party that is sent
// each one: when every party walks the order, never (a small draft's table
// lists tens of thousands for nothing); when one does not, for it.
TEST_F(LatticeAskTest, QuestionsAreListedOnlyForAPartySentEachOne) {
  std::atomic<int> listed = 0;
  const coordinator::LatticePrefix prefix(questions_.size(), [&] {
    ++listed;
    return std::span<const Question>(questions_);
  });
  auto source = Source(static_cast<int>(questions_.size() / 2 + 1));
  ASSERT_TRUE(source->Table(context_).ok());
  std::vector<PartyAnswers> got;
  ASSERT_TRUE(source->AskLattice(prefix, kEveryParty, &got, nullptr).ok());
  EXPECT_EQ(listed.load(), 0);
  const std::vector<PartyAnswers> want = Expected();
  for (int i = 0; i < scenario_.parties_size(); ++i) {
    ASSERT_TRUE(got[i].answered) << got[i].error;
    EXPECT_EQ(got[i].votes, want[i].votes);
  }

  party(2).set_answers_lattice(false);
  const long walked = party(2).lattice_questions();
  auto other = Source(static_cast<int>(questions_.size() / 2 + 1));
  ASSERT_TRUE(other->Table(context_).ok());
  ASSERT_TRUE(other->AskLattice(prefix, kEveryParty, &got, nullptr).ok());
  EXPECT_GT(listed.load(), 0);
  for (int i = 0; i < scenario_.parties_size(); ++i) {
    ASSERT_TRUE(got[i].answered) << got[i].error;
    EXPECT_EQ(got[i].votes, want[i].votes);
  }
  EXPECT_EQ(party(2).lattice_questions(), walked);
}

// A lattice ask tells each batch's votes as it lands: every question once,
// in batches that start small and double, with the final votes.
TEST_F(LatticeAskTest, ProgressTellsEveryQuestionOnceInARamp) {
  const int per_batch = 64;
  auto source = Source(per_batch);
  ASSERT_TRUE(source->Table(context_).ok());
  absl::Mutex mu;
  std::vector<std::vector<int>> told(scenario_.parties_size(),
                                     std::vector<int>(questions_.size(), 0));
  std::vector<std::vector<std::uint8_t>> votes(
      scenario_.parties_size(),
      std::vector<std::uint8_t>(questions_.size(), 0));
  std::vector<int> parts(scenario_.parties_size(), 0);
  std::vector<PartyAnswers> got;
  ASSERT_TRUE(source
                  ->AskLattice(questions_, kEveryParty, &got,
                               [&](int party, std::uint64_t first,
                                   std::span<const std::uint8_t> landed) {
                                 absl::MutexLock lock(&mu);
                                 ++parts[party];
                                 for (std::size_t k = 0; k < landed.size();
                                      ++k) {
                                   ++told[party][first + k];
                                   votes[party][first + k] = landed[k];
                                 }
                               })
                  .ok());
  const std::vector<std::size_t> bounds =
      coordinator::BatchBounds(questions_.size(), per_batch, /*ramp=*/true);
  for (int i = 0; i < scenario_.parties_size(); ++i) {
    SCOPED_TRACE(scenario_.parties(i).id());
    ASSERT_TRUE(got[i].answered) << got[i].error;
    EXPECT_EQ(votes[i], got[i].votes);
    EXPECT_EQ(told[i], std::vector<int>(questions_.size(), 1));
    EXPECT_EQ(parts[i], static_cast<int>(bounds.size()) - 1);
  }
}

TEST(BatchBoundsTest, EvenBatchesOrARampThatDoubles) {
  using coordinator::BatchBounds;
  using V = std::vector<std::size_t>;
  EXPECT_EQ(BatchBounds(10, 4, false), (V{0, 4, 8, 10}));
  EXPECT_EQ(BatchBounds(0, 4, false), (V{0, 0}));
  EXPECT_EQ(BatchBounds(24576, 16384, true),
            (V{0, 1024, 3072, 7168, 15360, 24576}));
  // A ramp never starts above the batch size.
  EXPECT_EQ(BatchBounds(10, 4, true), (V{0, 4, 8, 10}));
}

TEST_F(LatticeAskTest, AskWithTheSameQuestionsSendsEveryQuestion) {
  auto source = Source(1 << 14);
  ASSERT_TRUE(source->Table(context_).ok());
  std::vector<PartyAnswers> by_ask, by_lattice;
  ASSERT_TRUE(source->Ask(questions_, false, kEveryParty, &by_ask).ok());
  for (int i = 0; i < scenario_.parties_size(); ++i) {
    EXPECT_EQ(party(i).lattice_questions(), 0);
  }
  ASSERT_TRUE(
      source->AskLattice(questions_, kEveryParty, &by_lattice, nullptr).ok());
  for (int i = 0; i < scenario_.parties_size(); ++i) {
    SCOPED_TRACE(scenario_.parties(i).id());
    EXPECT_EQ(by_lattice[i].votes, by_ask[i].votes);
    EXPECT_EQ(party(i).lattice_questions(),
              static_cast<long>(questions_.size()));
  }
}

// A party that declares answers_lattice but answers a range with the wrong
// number of votes talked nonsense: it fails that ask, as it would for any
// short batch, and the others are unaffected.
TEST_F(LatticeAskTest, AShortAnswerToARangeFailsThatParty) {
  party(3).set_fault(PartyFault::kShortBatch);
  auto source = Source(1 << 14);
  ASSERT_TRUE(source->Table(context_).ok());
  std::vector<PartyAnswers> got;
  ASSERT_TRUE(source->AskLattice(questions_, kEveryParty, &got, nullptr).ok());
  EXPECT_FALSE(got[3].answered);
  EXPECT_NE(got[3].error.find("votes for its"), std::string::npos)
      << got[3].error;
  const std::vector<PartyAnswers> want = Expected();
  for (int i : {0, 1, 2, 4, 5}) EXPECT_EQ(got[i].votes, want[i].votes);
}

}  // namespace
}  // namespace concert::testing
