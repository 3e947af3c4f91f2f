// A party process killed mid-session: after the deadline and bounded
// retries with backoff the absent-party rule applies — under BLOCKS the
// session is SUSPENDED (not failed), naming the missing party — and once the
// party is back (a new process on the same port, or one registered at a new
// address) the session resumes with nothing lost and reaches the outcome of
// an uninterrupted run.
//
// Five parties are concert-party processes; USA is an in-test party whose
// round is held while DPRK's process is killed, so the kill lands mid-session
// at a known point, with no sleep.
#include <signal.h>

#include <thread>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// USA's round during which DPRK is killed.
constexpr int kHeldRound = 5;
constexpr int kRetries = 1;
constexpr char kDraft[] = "arf-three-stage";
constexpr char kVariant[] = "transformation";

class PartyCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = SixPartyScenario();
    ASSERT_EQ(scenario_.parties(0).id(), "USA");
    ASSERT_EQ(scenario_.parties(5).id(), "DPRK");
    usa_ = ServedParty::Start(scenario_.parties(0), VariantNames(scenario_));
    ASSERT_NE(usa_->server, nullptr);
    scenario_.mutable_parties(0)->set_address(usa_->address());
    for (int i = 1; i < 6; ++i) {
      std::string address;
      processes_.push_back(StartPartyProcess(scenario_.parties(i).id(),
                                             "127.0.0.1:0", &address));
      ASSERT_NE(processes_.back(), nullptr);
      scenario_.mutable_parties(i)->set_address(address);
    }
    dprk_address_ = scenario_.parties(5).address();
    const std::string path = dir_.File("forum.textproto");
    ASSERT_TRUE(WriteScenario(scenario_, path));
    // DPRK is the party killed: its deadline is the one waited for.
    coordinator_ = CoordinatorProcess::Start(
        path, dir_.File("records.db"),
        {.misbehaving = "DPRK", .misbehaving_ms = 1000, .retries = kRetries});
    ASSERT_NE(coordinator_.process, nullptr);

    draft_ = ShippedDraft(kDraft);
    reference_ =
        RunSession(*coordinator_.stub, SessionRequest(draft_, kVariant));
    ASSERT_TRUE(reference_.status.ok()) << reference_.status.error_message();
    ASSERT_EQ(reference_.session.summary().outcome(),
              v1::SessionSummary::CONSENSUS);
    ASSERT_GT(reference_.session.rounds_size(), kHeldRound + 1);
  }

  void TearDown() override {
    if (usa_) usa_->party->Release();
    if (client_.joinable()) client_.join();
  }

  ChildProcess& dprk() { return *processes_[4]; }

  // Runs a session and kills DPRK's process while USA keeps round kHeldRound
  // waiting; checks that the session was suspended for want of DPRK and that
  // the record says so. Fills suspended_ and suspended_record_.
  void SuspendWithDprkKilled() {
    usa_->party->HoldEvaluate(kHeldRound);
    client_ = std::thread([&] {
      suspended_ =
          RunSession(*coordinator_.stub, SessionRequest(draft_, kVariant));
    });
    ASSERT_TRUE(usa_->party->WaitUntilHolding());
    dprk().Signal(SIGKILL);
    EXPECT_EQ(dprk().Wait(), 128 + SIGKILL);
    usa_->party->Release();
    client_.join();

    // Suspended, not failed, naming the missing party.
    ASSERT_TRUE(suspended_.status.ok()) << suspended_.status.error_message();
    const v1::SessionSummary& summary = suspended_.session.summary();
    EXPECT_EQ(summary.outcome(), v1::SessionSummary::SUSPENDED);
    EXPECT_THAT(summary.missing_parties(), ElementsAre("DPRK"));
    // DPRK answered up to the round it was killed in (or the one after, if
    // its answer to the held round was already sent).
    const int rounds = suspended_.session.rounds_size();
    ASSERT_GE(rounds, kHeldRound);
    ASSERT_LE(rounds, kHeldRound + 1);
    for (int r = 0; r < rounds - 1; ++r) {
      EXPECT_TRUE(SameVotes(suspended_.session.rounds(r).votes(),
                            reference_.session.rounds(r).votes()))
          << "round " << r + 1;
    }
    const v1::Round& last = suspended_.session.rounds(rounds - 1);
    EXPECT_EQ(last.outcome(), v1::Round::DEFERRED);
    ASSERT_EQ(last.votes_size(), 6);
    EXPECT_TRUE(last.votes(5).absent());
    // The first attempt and the bounded retries, then no more.
    EXPECT_EQ(last.votes(5).attempts(), 1 + kRetries);
    EXPECT_THAT(AnsweredParties(last.votes()),
                ElementsAre("USA", "CHN", "RUS", "JPN", "ROK"));
    const std::string attempts =
        "after " + std::to_string(1 + kRetries) + " attempt(s)";
    EXPECT_THAT(
        coordinator_.process->WaitForLine(attempts, std::chrono::seconds(5))
            .value_or(""),
        HasSubstr("party DPRK"));

    // The record says the same.
    id_ = suspended_.session.started().session_id();
    suspended_record_ = GetRecord(*coordinator_.stub, id_);
    const v1::SessionRecord& record = suspended_record_.session();
    EXPECT_EQ(record.status(), v1::RECORD_STATUS_SUSPENDED);
    EXPECT_THAT(record.session().summary().missing_parties(),
                ElementsAre("DPRK"));
    ASSERT_EQ(record.session().rounds_size(), rounds);
    for (int r = 0; r < rounds; ++r) {
      EXPECT_TRUE(MessageDifferencer::Equals(record.session().rounds(r),
                                             suspended_.session.rounds(r)))
          << "round " << r + 1;
    }
  }

  // Serves DPRK again as a new process at a new address, and registers it.
  void RegisterDprkAtANewAddress() {
    std::string address;
    processes_[4] = StartPartyProcess("DPRK", "127.0.0.1:0", &address);
    ASSERT_NE(processes_[4], nullptr);
    grpc::ClientContext ctx;
    v1::RegisterPartyRequest request;
    request.set_party_id("DPRK");
    request.set_address(address);
    v1::RegisterPartyResponse response;
    const grpc::Status status =
        coordinator_.stub->RegisterParty(&ctx, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(response.party().reachable());
  }

  // Checks a resumed session (and its record) against the reference and the
  // record of the suspension: the same outcome and order, the recorded votes
  // kept, USA asked only the rounds it had not answered.
  void CheckResumed(const v1::Session& resumed) {
    const int rounds = reference_.session.rounds_size();
    EXPECT_EQ(resumed.summary().outcome(), v1::SessionSummary::CONSENSUS);
    EXPECT_THAT(resumed.summary().adopted(),
                ElementsAreArray(reference_.session.summary().adopted()));
    EXPECT_EQ(resumed.summary().missing_parties_size(), 0);
    EXPECT_EQ(usa_->party->evaluate_calls(),
              rounds - suspended_.session.rounds_size())
        << "USA was asked again for votes already recorded";

    const v1::Record done = GetRecord(*coordinator_.stub, id_);
    EXPECT_EQ(done.session().status(), v1::RECORD_STATUS_CONSENSUS);
    ASSERT_EQ(done.session().session().rounds_size(), rounds);
    const auto& before = suspended_record_.session().session().rounds();
    for (int r = 0; r < rounds; ++r) {
      const v1::Round& got = done.session().session().rounds(r);
      EXPECT_EQ(got.proposal(), reference_.session.rounds(r).proposal())
          << "round " << r + 1;
      EXPECT_TRUE(SameVotes(got.votes(), reference_.session.rounds(r).votes()))
          << "round " << r + 1;
      if (r < before.size() - 1) {
        EXPECT_TRUE(MessageDifferencer::Equals(got, before[r]))
            << "round " << r + 1 << " changed on resume";
      }
    }
    // The answers recorded in the suspended round are kept as they were.
    const v1::Round& cut = before[before.size() - 1];
    for (int i = 0; i < 5; ++i) {
      EXPECT_TRUE(MessageDifferencer::Equals(
          done.session().session().rounds(before.size() - 1).votes(i),
          cut.votes(i)))
          << cut.votes(i).party();
    }
  }

  TempDir dir_;
  v1::Scenario scenario_;
  std::unique_ptr<ServedParty> usa_;
  std::vector<std::unique_ptr<ChildProcess>>
      processes_;  // CHN, RUS, JPN, ROK, DPRK
  std::string dprk_address_;
  CoordinatorProcess coordinator_;
  v1::CharterDraft draft_;
  SessionCall reference_;
  std::thread client_;
  SessionCall suspended_;
  v1::Record suspended_record_;
  std::string id_;
};

TEST_F(PartyCrashTest, SuspendedSessionResumesOnceThePartyIsBackOnItsPort) {
  ASSERT_NO_FATAL_FAILURE(SuspendWithDprkKilled());

  // A new DPRK process on the same address.
  processes_[4] = StartPartyProcess("DPRK", dprk_address_);
  ASSERT_NE(processes_[4], nullptr)
      << "cannot serve DPRK on " << dprk_address_ << " again";

  usa_->party->ResetCounts();
  const CommandResult resumed =
      RunCommand({ConcertBinary(), "resume", id_, "--coordinator",
                  coordinator_.address, "--format", "json"});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  v1::Session session;
  ASSERT_TRUE(ParseJson(resumed.out, &session));
  CheckResumed(session);
}

TEST_F(PartyCrashTest,
       SuspendedSessionResumesOnceThePartyRegistersANewAddress) {
  ASSERT_NO_FATAL_FAILURE(SuspendWithDprkKilled());
  ASSERT_NO_FATAL_FAILURE(RegisterDprkAtANewAddress());

  usa_->party->ResetCounts();
  const SessionCall resumed = ResumeSession(*coordinator_.stub, id_);
  ASSERT_TRUE(resumed.status.ok()) << resumed.status.error_message();
  CheckResumed(resumed.session);
}

TEST_F(PartyCrashTest, ASecondResumeIsRefusedWhileTheFirstRuns) {
  ASSERT_NO_FATAL_FAILURE(SuspendWithDprkKilled());
  ASSERT_NO_FATAL_FAILURE(RegisterDprkAtANewAddress());

  // The first resume waits on USA's first live question...
  usa_->party->ResetCounts();
  usa_->party->HoldEvaluate(1);
  SessionCall first;
  client_ =
      std::thread([&] { first = ResumeSession(*coordinator_.stub, id_); });
  ASSERT_TRUE(usa_->party->WaitUntilHolding());
  // ...while a second one is refused: the session is RUNNING again.
  const SessionCall second = ResumeSession(*coordinator_.stub, id_);
  EXPECT_EQ(second.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << second.status.error_message();
  EXPECT_THAT(second.status.error_message(), HasSubstr("RUNNING"));
  usa_->party->Release();
  client_.join();
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  CheckResumed(first.session);
}

}  // namespace
}  // namespace concert::testing
