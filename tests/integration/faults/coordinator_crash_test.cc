// A coordinator killed with SIGKILL in the middle of a session: every vote
// cast before the kill is in the database (the rounds already decided, and
// the votes of the round in progress from the parties that had answered);
// the restarted coordinator marks the session INTERRUPTED; `concert resume`
// finishes it with the outcome of an uninterrupted run, asking the parties
// only for the votes the record does not hold.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/coordinator/records/record_store.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// The round DPRK keeps waiting when the coordinator is killed.
constexpr int kHeldRound = 5;
constexpr char kDraft[] = "arf-three-stage";
constexpr char kVariant[] = "transformation";

class CoordinatorCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = SixPartyScenario();
    scenario_path_ = dir_.File("forum.textproto");
    ASSERT_NO_FATAL_FAILURE(
        ServeInTestParties(&scenario_, &parties_, scenario_path_));
    db_ = dir_.File("records.db");
  }

  void TearDown() override {
    for (auto& p : parties_) p->party->Release();
    if (client_.joinable()) client_.join();
  }

  TestParty& party(int i) { return *parties_[i]->party; }

  // The session's id, from the coordinator's listing (the only RUNNING one).
  std::string RunningSessionId(v1::Coordinator::Stub& stub) {
    grpc::ClientContext ctx;
    v1::ListRecordsRequest request;
    request.set_kind(v1::RECORD_KIND_SESSION);
    v1::ListRecordsResponse response;
    EXPECT_TRUE(stub.ListRecords(&ctx, request, &response).ok());
    for (const auto& r : response.records()) {
      if (r.status() == v1::RECORD_STATUS_RUNNING) return r.id();
    }
    return "";
  }

  // Waits until the coordinator's record holds `answers` votes for round
  // `round` whose outcome is not yet recorded (the votes are written as they
  // arrive); false after ten seconds.
  bool WaitForPartialRound(v1::Coordinator::Stub& stub, const std::string& id,
                           int round, int answers) {
    const auto until =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      const v1::Record record = GetRecord(stub, id);
      for (const auto& partial : record.session().partial_rounds()) {
        if (partial.number() == round &&
            static_cast<int>(AnsweredParties(partial.votes()).size()) ==
                answers) {
          return true;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  TempDir dir_;
  v1::Scenario scenario_;
  std::vector<std::unique_ptr<ServedParty>> parties_;
  std::string scenario_path_;
  std::string db_;
  std::thread client_;
};

TEST_F(CoordinatorCrashTest,
       KilledMidRoundLosesNoVoteAndResumesToTheUninterruptedOutcome) {
  const v1::CharterDraft draft = ShippedDraft(kDraft);
  // The healthy deadline (Deadlines) is far beyond the test: the held call
  // must still be waiting when the coordinator dies.
  CoordinatorProcess coordinator =
      CoordinatorProcess::Start(scenario_path_, db_);
  ASSERT_NE(coordinator.process, nullptr);

  // The reference: the same draft, uninterrupted; and the question each
  // party was asked in each of its rounds.
  const SessionCall reference =
      RunSession(*coordinator.stub, SessionRequest(draft, kVariant));
  ASSERT_TRUE(reference.status.ok()) << reference.status.error_message();
  ASSERT_EQ(reference.session.summary().outcome(),
            v1::SessionSummary::CONSENSUS);
  const int rounds = reference.session.rounds_size();
  ASSERT_GT(rounds, kHeldRound);
  std::map<std::string, std::vector<std::string>>
      asked_in_round;  // party -> question per round
  for (int i = 0; i < 6; ++i) {
    asked_in_round[scenario_.parties(i).id()] = party(i).evaluate_questions();
    ASSERT_EQ(party(i).evaluate_calls(), rounds) << scenario_.parties(i).id();
    party(i).ResetCounts();
  }

  // The session to crash: DPRK keeps round kHeldRound waiting.
  party(5).HoldEvaluate(kHeldRound);
  SessionCall crashed;
  client_ = std::thread([&] {
    crashed = RunSession(*coordinator.stub, SessionRequest(draft, kVariant));
  });
  ASSERT_TRUE(party(5).WaitUntilHolding())
      << "DPRK was never asked round " << kHeldRound;
  const std::string id = RunningSessionId(*coordinator.stub);
  ASSERT_FALSE(id.empty());
  // The five other answers of the held round are durable before its outcome.
  ASSERT_TRUE(WaitForPartialRound(*coordinator.stub, id, kHeldRound, 5))
      << "the votes of round " << kHeldRound
      << " that arrived were not recorded while DPRK kept it waiting";

  coordinator.process->Signal(SIGKILL);
  EXPECT_EQ(coordinator.process->Wait(), 128 + SIGKILL);
  party(5).Release();
  client_.join();
  EXPECT_FALSE(crashed.status.ok())
      << "the client should see the coordinator die";
  EXPECT_LT(crashed.session.rounds_size(), kHeldRound);

  const v1::Round& held = reference.session.rounds(kHeldRound - 1);
  // The database exactly as the killed coordinator left it.
  {
    auto store = coordinator::RecordStore::Open(db_);
    ASSERT_TRUE(store.ok()) << store.status();
    auto stored = (*store)->LoadSession(id);
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->status(), v1::RECORD_STATUS_RUNNING);
    ASSERT_EQ(stored->session().rounds_size(), kHeldRound - 1);
    for (int r = 0; r < kHeldRound - 1; ++r) {
      EXPECT_TRUE(SameVotes(stored->session().rounds(r).votes(),
                            reference.session.rounds(r).votes()))
          << "round " << r + 1;
    }
    // What the client heard had been recorded first.
    for (int r = 0; r < crashed.session.rounds_size(); ++r) {
      EXPECT_TRUE(MessageDifferencer::Equals(crashed.session.rounds(r),
                                             stored->session().rounds(r)))
          << "round " << r + 1;
    }
    ASSERT_EQ(stored->partial_rounds().size(), 1u);
    const v1::PartialRound& partial = stored->partial_rounds()[0];
    EXPECT_EQ(partial.number(), kHeldRound);
    EXPECT_EQ(partial.proposal(), held.proposal());
    std::vector<std::string> answered;
    for (const auto& vote : partial.votes()) {
      if (vote.absent()) continue;
      answered.push_back(vote.party());
      for (const auto& expected : held.votes()) {
        if (expected.party() == vote.party()) {
          EXPECT_TRUE(
              MessageDifferencer::Equals(Untimed(vote), Untimed(expected)))
              << vote.ShortDebugString() << " vs "
              << expected.ShortDebugString();
        }
      }
    }
    EXPECT_THAT(answered,
                ElementsAreArray({"USA", "CHN", "RUS", "JPN", "ROK"}));
  }

  // A coordinator restarted on the database marks the session INTERRUPTED.
  CoordinatorProcess restarted = CoordinatorProcess::Start(scenario_path_, db_);
  ASSERT_NE(restarted.process, nullptr);
  EXPECT_THAT(restarted.process->stderr_text(),
              HasSubstr(id + " was left unfinished; marked INTERRUPTED"));
  const v1::Record interrupted = GetRecord(*restarted.stub, id);
  ASSERT_TRUE(interrupted.has_session());
  EXPECT_EQ(interrupted.session().status(), v1::RECORD_STATUS_INTERRUPTED);
  EXPECT_EQ(interrupted.session().session().summary().outcome(),
            v1::SessionSummary::INTERRUPTED);
  ASSERT_EQ(interrupted.session().session().rounds_size(), kHeldRound - 1);
  ASSERT_EQ(interrupted.session().partial_rounds_size(), 1);
  EXPECT_THAT(AnsweredParties(interrupted.session().partial_rounds(0).votes()),
              ElementsAreArray({"USA", "CHN", "RUS", "JPN", "ROK"}));

  // `concert resume` finishes it.
  for (int i = 0; i < 6; ++i) party(i).ResetCounts();
  const CommandResult resumed =
      RunCommand({ConcertBinary(), "resume", id, "--coordinator",
                  restarted.address, "--format", "json"});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  v1::Session session;
  ASSERT_TRUE(ParseJson(resumed.out, &session));
  EXPECT_EQ(session.summary().outcome(), v1::SessionSummary::CONSENSUS);
  EXPECT_THAT(session.summary().adopted(),
              ElementsAreArray(reference.session.summary().adopted()));
  EXPECT_EQ(session.summary().rounds(), rounds);
  // The votes read back from the record say so; the ones asked live do not.
  for (const v1::Round& round : session.rounds()) {
    for (const v1::CastVote& vote : round.votes()) {
      const int r = round.number();
      const bool recorded =
          r < kHeldRound || (r == kHeldRound && vote.party() != "DPRK");
      EXPECT_EQ(vote.replayed(), recorded && !vote.absent())
          << "round " << r << " " << vote.party();
    }
  }

  // Each party was asked exactly the rounds the record held no vote of its for.
  for (int i = 0; i < 6; ++i) {
    const std::string& p = scenario_.parties(i).id();
    std::vector<std::string> expected;
    for (int r = 1; r <= rounds; ++r) {
      const bool recorded = r < kHeldRound || (r == kHeldRound && p != "DPRK");
      if (!recorded) expected.push_back(asked_in_round[p][r - 1]);
    }
    std::vector<std::string> asked = party(i).evaluate_questions();
    std::sort(asked.begin(), asked.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(asked.size(), expected.size())
        << p << " was asked " << asked.size() << " questions on resume";
    EXPECT_TRUE(asked == expected)
        << p << " was asked again for a recorded vote, or not asked "
        << "one the record lacks";
  }

  // The record is whole: the votes recorded before the kill are kept as they
  // were, and every round says what the uninterrupted run said.
  const v1::Record done = GetRecord(*restarted.stub, id);
  EXPECT_EQ(done.session().status(), v1::RECORD_STATUS_CONSENSUS);
  EXPECT_EQ(done.session().partial_rounds_size(), 0);
  ASSERT_EQ(done.session().session().rounds_size(), rounds);
  for (int r = 0; r < rounds; ++r) {
    const v1::Round& got = done.session().session().rounds(r);
    const v1::Round& want = reference.session.rounds(r);
    EXPECT_EQ(got.proposal(), want.proposal()) << "round " << r + 1;
    EXPECT_EQ(got.outcome(), want.outcome()) << "round " << r + 1;
    EXPECT_TRUE(SameVotes(got.votes(), want.votes())) << "round " << r + 1;
    if (r < kHeldRound - 1) {
      EXPECT_TRUE(MessageDifferencer::Equals(
          got, interrupted.session().session().rounds(r)))
          << "recorded round " << r + 1 << " changed on resume";
    }
  }
  for (const auto& vote :
       done.session().session().rounds(kHeldRound - 1).votes()) {
    for (const auto& before : interrupted.session().partial_rounds(0).votes()) {
      if (before.party() == vote.party() && !before.absent()) {
        EXPECT_TRUE(MessageDifferencer::Equals(vote, before)) << vote.party();
      }
    }
  }

  // A finished session is not resumed again.
  const CommandResult again = RunCommand(
      {ConcertBinary(), "resume", id, "--coordinator", restarted.address});
  EXPECT_EQ(again.exit_code, 2) << again.out << again.err;
  EXPECT_THAT(again.err, HasSubstr("CONSENSUS"));
}

}  // namespace
}  // namespace concert::testing
