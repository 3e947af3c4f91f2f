// PrefetchingVoteSource over a source that answers progressively: the ask
// ahead runs on the prefetching source's own thread, an Ask returns as soon
// as the answers it needs have landed (the rest still held back by the
// test), anything that must reach the wrapped source waits for the ask
// ahead to end, and a party that fails part-way fails only the asks that
// need what it did not answer.
#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/common/draft_index.h"
#include "services/coordinator/explore/explorer.h"
#include "services/coordinator/explore/prefetch_vote_source.h"
#include "services/coordinator/explore/question_table.h"
#include "tests/support/fake_vote_source.h"
#include "tests/support/forums.h"
#include "tests/support/forwarding_vote_source.h"

namespace concert::coordinator {
namespace {

using testing::FakeVoteSource;
using testing::ForwardingVoteSource;
using testing::MakeDraft;
using testing::Mix;

constexpr int kParties = 3;
constexpr std::uint64_t kAll = (std::uint64_t{1} << kParties) - 1;
constexpr std::size_t kChunk = 4;

v1::Vote ScriptedVote(int party, ProposalSet adopted, int proposal) {
  return static_cast<v1::Vote>(1 + Mix(party, adopted, proposal) % 3);
}

// Answers a lattice ask from the wrapped source, then tells it in chunks of
// kChunk questions, each only once the test opens its gate; a party set to
// stop tells its first chunk and then fails. Counts asks in flight at once.
class GatedSource : public ForwardingVoteSource {
 public:
  using ForwardingVoteSource::ForwardingVoteSource;

  bool answers_progressively() const override { return true; }

  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override {
    Enter();
    absl::Status status = inner().Ask(questions, details, ask, out);
    Leave();
    return status;
  }

  absl::Status AskLattice(const LatticePrefix& questions, std::uint64_t ask,
                          std::vector<PartyAnswers>* out,
                          const LatticeProgress& progress) override {
    Enter();
    absl::Status status = inner().Ask(questions.list(), false, ask, out);
    for (std::size_t lo = 0; status.ok() && lo < questions.size();
         lo += kChunk) {
      const std::size_t chunk = lo / kChunk;
      {
        absl::MutexLock lock(&mu_);
        const auto open = [this, chunk]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
          return gate_ > chunk;
        };
        mu_.Await(absl::Condition(&open));
      }
      const std::size_t n = std::min(kChunk, questions.size() - lo);
      for (int i = 0; i < party_count(); ++i) {
        if (((ask >> i) & 1u) == 0 || !(*out)[i].answered) continue;
        if (i == stops_ && chunk > 0) continue;
        progress(i, lo, std::span((*out)[i].votes).subspan(lo, n));
      }
      absl::MutexLock lock(&mu_);
      told_ = chunk + 1;
    }
    if (stops_ >= 0) {
      (*out)[stops_] = PartyAnswers{};
      (*out)[stops_].error = "stream broke";
    }
    Leave();
    return status;
  }

  void Open(std::size_t chunks) {
    absl::MutexLock lock(&mu_);
    gate_ = chunks;
  }
  std::size_t told() {
    absl::MutexLock lock(&mu_);
    return told_;
  }
  void set_stops(int party) { stops_ = party; }
  bool overlapped() const { return overlapped_; }

 private:
  void Enter() {
    if (in_flight_.fetch_add(1) > 0) overlapped_ = true;
  }
  void Leave() { in_flight_.fetch_sub(1); }

  absl::Mutex mu_;
  std::size_t gate_ ABSL_GUARDED_BY(mu_) = 0;
  std::size_t told_ ABSL_GUARDED_BY(mu_) = 0;
  int stops_ = -1;
  std::atomic<int> in_flight_{0};
  std::atomic<bool> overlapped_{false};
};

class PrefetchOverlapTest : public ::testing::Test {
 protected:
  // 6 proposals in two strict stages of three: 24 questions, the empty
  // set's three first.
  PrefetchOverlapTest()
      : inner_(kParties),
        gated_(inner_),
        draft_(MakeDraft(6, /*strict=*/true, {0, 0, 0, 1, 1, 1})) {
    inner_.SetVotes([](int party, ProposalSet adopted, int proposal,
                       std::span<const std::uint32_t>) {
      return ScriptedVote(party, adopted, proposal);
    });
    auto index = DraftIndex::Build(draft_);
    EXPECT_TRUE(index.ok());
    auto table = QuestionTable::Build(*index, 1000);
    EXPECT_TRUE(table.ok());
    questions_ = table->questions();
  }

  void TableDraft(VoteSource& source) {
    TableContext context;
    context.draft = &draft_;
    ASSERT_TRUE(source.Table(context).ok());
  }

  // The questions of the table from `first` on, `count` of them.
  std::vector<Question> Slice(std::size_t first, std::size_t count) const {
    return {questions_.begin() + first, questions_.begin() + first + count};
  }

  void ExpectScripted(const std::vector<Question>& questions,
                      const PartyAnswers& answers, int party) {
    ASSERT_TRUE(answers.answered) << "party " << party << ": " << answers.error;
    ASSERT_EQ(answers.votes.size(), questions.size());
    for (std::size_t k = 0; k < questions.size(); ++k) {
      EXPECT_EQ(answers.votes[k],
                ScriptedVote(party, questions[k].adopted,
                             static_cast<int>(questions[k].proposal)));
    }
  }

  FakeVoteSource inner_;
  GatedSource gated_;
  v1::CharterDraft draft_;
  std::vector<Question> questions_;
};

TEST_F(PrefetchOverlapTest, AnAskReturnsOnceTheAnswersItNeedsHaveLanded) {
  PrefetchingVoteSource source(gated_, 1000, /*overlap_min_questions=*/0);
  ASSERT_NO_FATAL_FAILURE(TableDraft(source));
  gated_.Open(1);  // the first chunk only: the empty set's questions
  const std::vector<Question> level0 = Slice(0, 3);
  std::vector<PartyAnswers> answers;
  ASSERT_TRUE(source.Ask(level0, false, kAll, &answers).ok());
  for (int i = 0; i < kParties; ++i) ExpectScripted(level0, answers[i], i);
  // It returned while the gate held the rest of the ask ahead back (had it
  // waited for the whole ask, it would not have returned at all).
  EXPECT_LE(gated_.told(), 1u);

  gated_.Open(~std::size_t{0});
  ASSERT_TRUE(source.Ask(questions_, false, kAll, &answers).ok());
  for (int i = 0; i < kParties; ++i) ExpectScripted(questions_, answers[i], i);
  EXPECT_EQ(inner_.ask_calls(), 1);  // everything came from the ask ahead
  EXPECT_FALSE(gated_.overlapped());
}

TEST_F(PrefetchOverlapTest, DetailsWaitForTheAskAheadToEnd) {
  PrefetchingVoteSource source(gated_, 1000, /*overlap_min_questions=*/0);
  ASSERT_NO_FATAL_FAILURE(TableDraft(source));
  gated_.Open(1);
  std::vector<PartyAnswers> answers;
  ASSERT_TRUE(source.Ask(Slice(0, 3), false, kAll, &answers).ok());
  // Open the rest from another thread while the details ask waits: it may
  // reach the wrapped source only once the ask ahead has ended.
  std::thread opener([this] { gated_.Open(~std::size_t{0}); });
  ASSERT_TRUE(source.Ask(Slice(3, 1), /*details=*/true, kAll, &answers).ok());
  opener.join();
  EXPECT_EQ(gated_.told(), (questions_.size() + kChunk - 1) / kChunk);
  EXPECT_FALSE(gated_.overlapped());
}

TEST_F(PrefetchOverlapTest, APartyThatFailsPartWayFailsOnlyWhatItDidNotAnswer) {
  gated_.set_stops(1);
  PrefetchingVoteSource source(gated_, 1000, /*overlap_min_questions=*/0);
  ASSERT_NO_FATAL_FAILURE(TableDraft(source));
  gated_.Open(~std::size_t{0});
  std::vector<PartyAnswers> answers;
  // Its first chunk landed: the empty set's questions are answered.
  ASSERT_TRUE(source.Ask(Slice(0, 3), false, kAll, &answers).ok());
  for (int i = 0; i < kParties; ++i) ExpectScripted(Slice(0, 3), answers[i], i);
  // Past it, the party fails that ask, once, saying why...
  ASSERT_TRUE(source.Ask(Slice(12, 4), false, kAll, &answers).ok());
  EXPECT_FALSE(answers[1].answered);
  EXPECT_EQ(answers[1].error, "stream broke");
  ExpectScripted(Slice(12, 4), answers[0], 0);
  ExpectScripted(Slice(12, 4), answers[2], 2);
  // ...then is asked live.
  ASSERT_TRUE(source.Ask(Slice(12, 4), false, kAll, &answers).ok());
  ExpectScripted(Slice(12, 4), answers[1], 1);
  EXPECT_EQ(source.forwarded(), 4u);
  EXPECT_FALSE(gated_.overlapped());
}

TEST_F(PrefetchOverlapTest, AnExplorationIsTheSameAsWithoutOverlap) {
  const v1::Scenario scenario = testing::MakeScenario(kParties);
  ExploreInput input;
  input.scenario = &scenario;
  input.draft = &draft_;
  ExploreOptions options;
  options.ask_ahead_overlap_min_questions = 0;  // overlap even this small
  gated_.Open(~std::size_t{0});
  auto overlapped = Explore(input, options, gated_);
  options.ask_ahead_max_questions = 0;
  auto live = Explore(input, options, inner_);
  ASSERT_TRUE(overlapped.ok()) << overlapped.status();
  ASSERT_TRUE(live.ok()) << live.status();
  overlapped->clear_elapsed_ms();
  live->clear_elapsed_ms();
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(*overlapped, *live)) << diff;
  EXPECT_FALSE(gated_.overlapped());
}

}  // namespace
}  // namespace concert::coordinator
