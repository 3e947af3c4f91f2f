// Faults across hosts in the middle of a session: a party's process
// killed, a party's link pulled and put back, latency on one link, the
// coordinator itself killed and restarted. Each time the session either
// completes (slower) or is suspended and then finished by `concert resume`;
// either way the coordinator's record ends holding every party's vote in
// every round, and the outcome is the one the embedded forum reaches.
//
// USA answers through a delay relay (40 ms a call), so a session lasts
// about a second: long enough to cut it after its fourth round, which the
// client's transcript shows as it happens.
#include <signal.h>

#include <chrono>
#include <thread>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/distributed/distributed_fixture.h"

namespace concert::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

constexpr int kRounds = 20;  // the paper's sequence: 20 proposals, 1 pass
constexpr char kCutAfter[] = "Round 4 ·";

// `session` without what differs between two holdings of the same session:
// its id, where each party was reached, latencies and attempts.
v1::Session WithoutRunDetails(v1::Session session) {
  session.mutable_started()->clear_session_id();
  for (auto& party : *session.mutable_started()->mutable_parties()) {
    party.clear_address();
  }
  for (auto& round : *session.mutable_rounds()) {
    for (auto& vote : *round.mutable_votes()) {
      vote.clear_latency_us();
      vote.clear_attempts();
    }
  }
  return session;
}

class SessionFaultsTest : public DistributedTest {
 protected:
  // The coordinator (with `flags`) and the six parties, USA slowed.
  void StartForum(const std::vector<std::string>& flags) {
    ASSERT_TRUE(forum_->StartCoordinator(flags));
    for (const std::string& id : forum_->party_ids()) {
      ASSERT_TRUE(id == "USA" ? StartSlowParty(id, 40) != nullptr
                              : forum_->StartParty(id) != nullptr);
    }
    for (const std::string& id : forum_->party_ids()) {
      ASSERT_TRUE(forum_->WaitJoined(id));
    }
  }

  // Starts the session's text transcript on the client host and waits
  // until its fourth round is under way.
  std::unique_ptr<ChildProcess> StartSessionUntilRoundFour() {
    std::vector<std::string> args = kSessionArgs;
    args.resize(args.size() - 2);  // the text transcript, streamed
    auto client = forum_->StartConcert(args);
    EXPECT_TRUE(client->WaitForOutputLine(kCutAfter))
        << client->stdout_text() << client->stderr_text();
    return client;
  }

  // The record of `id` holds the embedded forum's session, every vote cast.
  void ExpectFinishedAsEmbedded(const std::string& id) {
    const v1::SessionRecord record = SessionRecordOf(id);
    EXPECT_EQ(record.status(), v1::RECORD_STATUS_CONSENSUS);
    ExpectEveryVote(record, kRounds);
    v1::Session embedded;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(EmbeddedSession(),
                                                            &embedded)
                    .ok());
    std::string diff;
    MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&diff);
    EXPECT_TRUE(differencer.Compare(WithoutRunDetails(embedded),
                                    WithoutRunDetails(record.session())))
        << diff;
  }

  // `concert resume ID` on the client host finishes the session.
  void Resume(const std::string& id) {
    const CommandResult resumed = forum_->Concert({"resume", id});
    EXPECT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  }
};

TEST_F(SessionFaultsTest, PartyKilledMidSessionSuspendsItAndResumeFinishesIt) {
  ASSERT_NO_FATAL_FAILURE(StartForum({"--retries", "1"}));
  auto client = StartSessionUntilRoundFour();
  forum_->party("DPRK")->Signal(SIGKILL);

  // The DPRK is absent and blocks: suspended, exit 4, the id printed.
  EXPECT_EQ(client->Wait(), 4) << client->stderr_text();
  const std::string id = SessionIdIn(client->stdout_text());
  ASSERT_FALSE(id.empty()) << client->stdout_text();
  const v1::SessionRecord suspended = SessionRecordOf(id);
  EXPECT_EQ(suspended.status(), v1::RECORD_STATUS_SUSPENDED);
  EXPECT_GE(suspended.session().rounds_size(), 3);

  // The DPRK comes back on its host and joins by itself; resume finishes.
  ASSERT_NE(forum_->StartParty("DPRK"), nullptr);
  ASSERT_TRUE(forum_->WaitJoined("DPRK"));
  Resume(id);
  ExpectFinishedAsEmbedded(id);
}

TEST_F(SessionFaultsTest, LinkPulledAndPutBackTheSessionCompletesSlower) {
  // Deadlines longer than the outage: the calls wait it out.
  ASSERT_NO_FATAL_FAILURE(StartForum({"--deadline-ms", "30000"}));
  auto client = StartSessionUntilRoundFour();
  ASSERT_TRUE(forum_->hosts().SetLink(forum_->host("DPRK"), false))
      << forum_->hosts().error();
  // The outage itself (not a wait for anything): three seconds unplugged.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  ASSERT_TRUE(forum_->hosts().SetLink(forum_->host("DPRK"), true))
      << forum_->hosts().error();

  const int code = client->Wait();
  const std::string id = SessionIdIn(client->stdout_text());
  ASSERT_FALSE(id.empty()) << client->stdout_text();
  // Completed slower; or, had a call given up, suspended and resumable.
  if (code == 4) {
    Resume(id);
  } else {
    EXPECT_EQ(code, 0) << client->stderr_text();
  }
  ExpectFinishedAsEmbedded(id);
}

TEST_F(SessionFaultsTest, LatencyOnOneLinkSlowsTheSessionAndChangesNothing) {
  ASSERT_TRUE(forum_->StartCoordinator());
  // 50 ms on everything the DPRK's host sends: netem where the kernel has
  // it, else a delay relay in front of the DPRK (the same one-way delay on
  // its answers).
  std::string why;
  if (forum_->hosts().AddLatency(forum_->host("DPRK"), 50, &why)) {
    ASSERT_NE(forum_->StartParty("DPRK"), nullptr);
  } else {
    std::cout << "no netem (" << why << "): a delay relay adds the latency\n";
    ASSERT_NE(StartSlowParty("DPRK", 50), nullptr);
  }
  for (const std::string& id : forum_->party_ids()) {
    if (id == "DPRK") continue;
    ASSERT_NE(forum_->StartParty(id), nullptr);
  }
  for (const std::string& id : forum_->party_ids()) {
    ASSERT_TRUE(forum_->WaitJoined(id));
  }

  const auto start = std::chrono::steady_clock::now();
  const CommandResult session = forum_->Concert(kSessionArgs);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(session.exit_code, 0) << session.err;
  // Every round waited for the DPRK's answer at least once.
  EXPECT_GE(took, kRounds * std::chrono::milliseconds(50));
  ExpectFinishedAsEmbedded(SessionIdIn(session.out));
}

TEST_F(SessionFaultsTest, CoordinatorRestartedMidSessionPartiesRejoinResume) {
  ASSERT_NO_FATAL_FAILURE(StartForum({}));
  auto client = StartSessionUntilRoundFour();
  forum_->KillCoordinator();
  EXPECT_EQ(client->Wait(), 4) << client->stderr_text();
  const std::string id = SessionIdIn(client->stdout_text());
  ASSERT_FALSE(id.empty()) << client->stdout_text();

  // Back at the same address over the same database; every party notices
  // and registers again by itself.
  ASSERT_TRUE(forum_->StartCoordinator());
  for (const std::string& party : forum_->party_ids()) {
    EXPECT_TRUE(forum_->WaitJoined(party)) << party;
  }
  EXPECT_EQ(SessionRecordOf(id).status(), v1::RECORD_STATUS_INTERRUPTED);
  Resume(id);
  ExpectFinishedAsEmbedded(id);
}

}  // namespace
}  // namespace concert::testing
