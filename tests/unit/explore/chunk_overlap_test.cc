// Asking the next chunk while evaluating this one: a level of the lattice
// walk too big for one Ask is asked in chunks, and the parties answer chunk
// c+1 on another thread while the explorer evaluates chunk c. That changes when
// the parties are asked, never what an exploration finds, how it fails, or how
// many asks run at once (one: a VoteSource takes one Ask at a time).
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "services/common/valid_files.h"
#include "services/coordinator/core/in_process_vote_source.h"
#include "services/coordinator/explore/explorer.h"
#include "tests/support/fake_vote_source.h"
#include "tests/support/forwarding_vote_source.h"

namespace concert::coordinator {
namespace {

using testing::FakeVoteSource;
using ::testing::HasSubstr;
using testing::MakeDraft;
using testing::MakeScenario;
using testing::Mix;
using History = std::span<const std::uint32_t>;

// Small enough that every set is a chunk of its own (a chunk takes another
// set only while kMaxProposals more questions fit).
constexpr std::size_t kSetPerChunk = 50;

// How long a test waits for what must happen before it fails instead of
// hanging (a bound, never a way to let time order things).
constexpr auto kPatience = std::chrono::seconds(30);

// Forwards to another source and records, per Ask, the thread it came from
// and how many Asks were running at once. When `hold` is set, an Ask made
// off the test's thread does not return until the test releases it, and the
// test can wait until a given Ask has begun.
class ProbeSource : public testing::ForwardingVoteSource {
 public:
  explicit ProbeSource(VoteSource& inner, bool hold = false)
      : ForwardingVoteSource(inner),
        hold_(hold),
        caller_(std::this_thread::get_id()) {}

  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override {
    {
      std::unique_lock lock(mu_);
      const int k = begun_++;
      ++running_;
      max_running_ = std::max(max_running_, running_);
      const bool off_caller = std::this_thread::get_id() != caller_;
      if (off_caller) ++off_caller_;
      changed_.notify_all();
      if (hold_ && off_caller && !changed_.wait_for(lock, kPatience, [&] {
            return released_ > k || gave_up_;
          })) {
        gave_up_ = true;  // never released: the test fails, without hanging
      }
    }
    absl::Status status = inner().Ask(questions, details, ask, out);
    std::lock_guard lock(mu_);
    --running_;
    return status;
  }

  // Waits until Ask number k (from 0) has begun; false if it never did.
  bool AwaitBegun(int k) {
    std::unique_lock lock(mu_);
    if (!changed_.wait_for(lock, kPatience,
                           [&] { return begun_ > k || gave_up_; })) {
      gave_up_ = true;
    }
    return begun_ > k;
  }
  // Lets Asks up to number k return.
  void Release(int k) {
    std::lock_guard lock(mu_);
    released_ = std::max(released_, k + 1);
    changed_.notify_all();
  }

  int begun() const {
    std::lock_guard lock(mu_);
    return begun_;
  }
  int running() const {
    std::lock_guard lock(mu_);
    return running_;
  }
  int max_running() const {
    std::lock_guard lock(mu_);
    return max_running_;
  }
  int off_caller() const {
    std::lock_guard lock(mu_);
    return off_caller_;
  }

 private:
  const bool hold_;
  const std::thread::id caller_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  int begun_ = 0;
  int running_ = 0;
  int max_running_ = 0;
  int off_caller_ = 0;
  int released_ = 0;
  bool gave_up_ = false;
};

// Fails party `party` in the Ask whose questions are about `set`.
class FailingSource : public testing::ForwardingVoteSource {
 public:
  FailingSource(VoteSource& inner, int party, ProposalSet set)
      : ForwardingVoteSource(inner), party_(party), set_(set) {}
  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override {
    absl::Status status = inner().Ask(questions, details, ask, out);
    if (status.ok() && !questions.empty() && questions[0].adopted == set_) {
      (*out)[party_] = PartyAnswers{};
      (*out)[party_].error = "connection refused";
    }
    return status;
  }

 private:
  int party_;
  ProposalSet set_;
};

void ExpectSame(const absl::StatusOr<v1::Exploration>& a,
                const absl::StatusOr<v1::Exploration>& b) {
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  v1::Exploration x = *a;
  v1::Exploration y = *b;
  x.clear_elapsed_ms();
  y.clear_elapsed_ms();
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(x, y)) << diff;
}

// Options that show everything an exploration finds, and ask the walk's
// own questions (asking ahead would answer the walk from one Ask).
ExploreOptions Everything() {
  ExploreOptions options;
  options.strategy = v1::EXPLORE_STRATEGY_LATTICE;
  options.include_graph = true;
  options.max_dead_ends = 1000;
  options.ask_ahead_max_questions = 0;
  return options;
}

// Random forums (prerequisites, rules, votes with objections and
// abstentions): counts, graph, dead ends, blockers and veto power (whose
// re-walk asks in chunks too, one after the other) are the same with one
// chunk per level and one chunk per set, and the chunked walk asked off the
// caller's thread, one Ask at a time.
TEST(ChunkOverlapTest, OneChunkPerSetExploresAsOneChunkPerLevel) {
  const v1::DecisionRule::Kind kinds[] = {
      v1::DecisionRule::CONSENSUS, v1::DecisionRule::UNANIMITY,
      v1::DecisionRule::QUALIFIED_MAJORITY,
      v1::DecisionRule::CONSENSUS_MINUS_ONE};
  for (int seed = 0; seed < 8; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937 random(seed);
    const int n = 8 + seed % 4;
    const v1::CharterDraft draft =
        MakeDraft(n, false, {}, testing::RandomPrerequisites(n, 0.15, random));
    v1::Scenario scenario = MakeScenario(3, kinds[seed % 4]);
    scenario.mutable_rule()->set_threshold(0.6);
    const auto votes = [seed](int party, ProposalSet set, int p, History) {
      const std::uint64_t r = Mix(seed, party, set, p) % 100;
      return r < 12 ? v1::VOTE_OBJECT
                    : (r < 22 ? v1::VOTE_ABSTAIN : v1::VOTE_SUPPORT);
    };
    const ExploreInput input{&scenario, &draft, "", {}};

    ExploreOptions options = Everything();
    FakeVoteSource whole_parties(3);
    whole_parties.SetVotes(votes);
    ProbeSource whole(whole_parties);
    auto a = Explore(input, options, whole);

    options.max_questions_per_ask = kSetPerChunk;
    FakeVoteSource chunked_parties(3);
    chunked_parties.SetVotes(votes);
    ProbeSource chunked(chunked_parties);
    auto b = Explore(input, options, chunked);
    ExpectSame(a, b);

    // One chunk per level: no thread. One per set: every chunk but a
    // level's first is asked off the caller's thread.
    EXPECT_EQ(whole.off_caller(), 0);
    EXPECT_GT(chunked.off_caller(), 0);
    EXPECT_EQ(whole.max_running(), 1);
    EXPECT_EQ(chunked.max_running(), 1);
    EXPECT_EQ(chunked_parties.max_repeats(), 1);
    EXPECT_EQ(chunked_parties.asked(0), whole_parties.asked(0));
  }
}

// The shipped drafts and parties, with and without asking ahead (whose
// decorator then answers the chunks, from another thread).
TEST(ChunkOverlapTest, ShippedDraftsExploreTheSameInSmallChunks) {
  auto scenario =
      LoadValidScenario(CONCERT_SOURCE_DIR "/scenarios/six-party.textproto");
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  std::vector<std::string> variants = {""};
  for (const auto& v : scenario->variants()) variants.push_back(v.name());
  for (const std::string name :
       {"action-for-action-2007", "arf-three-stage", "bloc-3plus3",
        "denuclearization-first", "paper-sequence"}) {
    auto draft = LoadValidDraft(
        CONCERT_SOURCE_DIR "/scenarios/drafts/" + name + ".textproto",
        *scenario);
    ASSERT_TRUE(draft.ok()) << draft.status();
    for (const std::string& variant : variants) {
      for (const std::uint64_t ahead :
           {std::uint64_t{0}, std::uint64_t{32768}}) {
        SCOPED_TRACE(name + " under '" + variant + "', ask ahead " +
                     std::to_string(ahead));
        const ExploreInput input{&*scenario, &*draft, variant, {}};
        ExploreOptions options = Everything();
        options.ask_ahead_max_questions = ahead;
        InProcessVoteSource whole(*scenario);
        auto a = Explore(input, options, whole);
        options.max_questions_per_ask = kSetPerChunk;
        InProcessVoteSource parties(*scenario);
        ProbeSource chunked(parties);
        auto b = Explore(input, options, chunked);
        ASSERT_EQ(a.ok(), b.ok()) << a.status() << " / " << b.status();
        if (!a.ok()) {
          EXPECT_EQ(a.status(), b.status());
          continue;
        }
        ExpectSame(a, b);
        EXPECT_LE(chunked.max_running(), 1);
      }
    }
  }
}

// Deterministic overlap: each chunk's Ask but a level's first is held until
// the progress report that follows the evaluation of the chunk before it.
// That report waits for the Ask to begin and sees it running — so the walk
// evaluated chunk c without waiting for chunk c+1's answers. Walked one
// set at a time, nothing ever rejected, 5 proposals: level k is C(5, k)
// chunks, and every chunk's evaluation is followed by one report (between
// two chunks, or at the end of its level).
TEST(ChunkOverlapTest, TheNextChunkIsAskedWhileThisOneIsEvaluated) {
  const v1::Scenario scenario = MakeScenario(2);
  const v1::CharterDraft draft = MakeDraft(5, false);
  std::vector<bool> last_of_level;
  for (int chunks : {1, 5, 10, 10, 5}) {
    for (int c = 0; c < chunks; ++c) last_of_level.push_back(c == chunks - 1);
  }
  // And one report when the exploration is done, no ask in flight.
  last_of_level.push_back(true);
  FakeVoteSource parties(2);
  ProbeSource probe(parties, /*hold=*/true);
  int report = 0;
  int overlapped = 0;
  const ProgressFn progress = [&](const v1::ExploreProgress&) {
    const int chunk = report++;
    if (chunk >= static_cast<int>(last_of_level.size())) {
      ADD_FAILURE() << "more reports than chunks";
    } else if (last_of_level[chunk]) {
      EXPECT_EQ(probe.running(), 0) << "an ask in flight across levels";
    } else {
      EXPECT_TRUE(probe.AwaitBegun(chunk + 1))
          << "chunk " << chunk + 1 << " was not asked while chunk " << chunk
          << " was evaluated";
      if (probe.running() == 1) ++overlapped;
      probe.Release(chunk + 1);
    }
    return true;
  };
  ExploreOptions options = Everything();
  options.max_questions_per_ask = kSetPerChunk;
  auto e = Explore({&scenario, &draft, "", {}}, options, probe, progress);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->consensus_sequences(), "120");
  EXPECT_EQ(e->states_explored(), 32u);
  EXPECT_EQ(report, 32);
  EXPECT_EQ(probe.begun(), 31);
  EXPECT_EQ(overlapped, 31 - 5);
  EXPECT_EQ(probe.off_caller(), 31 - 5);
  EXPECT_EQ(probe.max_running(), 1);
  EXPECT_EQ(probe.running(), 0);
}

// A party that fails the third of four chunks of level 1 fails the
// exploration as it did when every chunk was asked after the one before:
// same code, same message (the states and questions of the two chunks
// evaluated before it), and the walk waited for that ask before returning.
TEST(ChunkOverlapTest, APartyFailingAMiddleChunkFailsAsBefore) {
  const v1::Scenario scenario = MakeScenario(2);
  const v1::CharterDraft draft = MakeDraft(4, false);
  FakeVoteSource parties(2);
  FailingSource failing(parties, 1, Bit(2));
  ProbeSource probe(failing);
  ExploreOptions options = Everything();
  options.max_questions_per_ask = kSetPerChunk;
  auto e = Explore({&scenario, &draft, "", {}}, options, probe);
  ASSERT_EQ(e.status().code(), absl::StatusCode::kUnavailable) << e.status();
  // Level 0: {} (4 questions) adds 4 sets; level 1: {p0} (3) adds 3 sets,
  // {p1} (3) adds 2; then {p2}'s answers fail. x 2 parties.
  EXPECT_EQ(e.status().message(),
            "party 'P1' did not answer at level 1 of 4 (10 states explored, "
            "20 questions asked): connection refused");
  EXPECT_EQ(probe.off_caller(), 2);  // {p1} and {p2}; {p3} never asked
  EXPECT_EQ(probe.running(), 0);
}

// An error while the next chunk is being asked — the budget passed during
// the evaluation, or a cancelled progress report — returns that error once
// the ask in flight has returned; the answers are dropped.
TEST(ChunkOverlapTest, AnErrorWhileTheNextChunkIsAskedWaitsForIt) {
  const v1::Scenario scenario = MakeScenario(2);
  const v1::CharterDraft draft = MakeDraft(6, false);
  ExploreOptions options = Everything();
  options.max_questions_per_ask = kSetPerChunk;
  {
    // Level 0 leaves 7 states, {p0} adds 5 (12), {p1} would add 4: the
    // third passes 14 while {p2} is being asked.
    options.max_states = 14;
    FakeVoteSource parties(2);
    ProbeSource probe(parties);
    auto e = Explore({&scenario, &draft, "", {}}, options, probe);
    ASSERT_EQ(e.status().code(), absl::StatusCode::kResourceExhausted)
        << e.status();
    EXPECT_THAT(std::string(e.status().message()),
                HasSubstr("level 2 of the lattice"));
    EXPECT_THAT(std::string(e.status().message()), HasSubstr("max_states 14"));
    EXPECT_EQ(probe.off_caller(), 2);  // {p1}, and {p2} in flight
    EXPECT_EQ(probe.running(), 0);
    EXPECT_EQ(probe.max_running(), 1);
  }
  {
    // The second report comes between {p0} and {p1} of level 1, while {p1}
    // is being asked.
    options.max_states = ExploreOptions{}.max_states;
    FakeVoteSource parties(2);
    ProbeSource probe(parties);
    int reports = 0;
    auto e = Explore({&scenario, &draft, "", {}}, options, probe,
                     [&](const v1::ExploreProgress&) { return ++reports < 2; });
    ASSERT_EQ(e.status().code(), absl::StatusCode::kCancelled) << e.status();
    EXPECT_THAT(std::string(e.status().message()),
                HasSubstr("cancelled at level 1 of 6"));
    EXPECT_EQ(probe.off_caller(), 1);
    EXPECT_EQ(probe.running(), 0);
  }
}

}  // namespace
}  // namespace concert::coordinator
