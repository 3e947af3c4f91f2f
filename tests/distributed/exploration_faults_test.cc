// Faults across hosts in the middle of an exploration, which asks each
// party its questions in batches over one stream: a party's process killed
// and started again at its address, and one of two replicas behind one
// name killed. The exploration completes with the embedded forum's result,
// and no batch a party answered is asked again.
//
// The draft is the paper's sequence with its first proposals freed of
// stages and prerequisites: its lattice is asked level by level, a batch or
// two per level. The party killed answers through a delay relay that holds
// each answer 100 ms, and is killed once it has answered its third batch:
// the coordinator then holds the first two levels' answers and waits for
// the third's, whatever the machine's speed. The relay hands on what was
// answered before the kill, then cuts the stream.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/distributed/comparable_json.h"
#include "tests/distributed/distributed_fixture.h"

namespace concert::testing {
namespace {

constexpr int kFreeProposals = 14;
constexpr int kHoldMs = 100;
const std::vector<std::string> kDebugLog = {"CONCERT_LOG=debug"};

// The batches in a party's debug log, each as the log describes it (its
// size and first and last question, or its lattice range): a batch asked
// again reads the same.
std::vector<std::string> AnsweredBatches(const std::string& log) {
  static const std::regex line(R"(answered batch \d+: (.*) of draft)");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), line);
       it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

// The batches in both lists.
std::vector<std::string> Common(const std::vector<std::string>& a,
                                const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const std::string& x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) out.push_back(x);
  }
  return out;
}

// Which of `processes` first logs a line containing `needle` (its index),
// reading each in turn for a moment; -1 after `timeout`.
int FirstToLog(const std::vector<ChildProcess*>& processes,
               const std::string& needle,
               std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    for (std::size_t i = 0; i < processes.size(); ++i) {
      if (processes[i]->WaitForLine(needle, std::chrono::milliseconds(5)))
        return static_cast<int>(i);
    }
  }
  return -1;
}

class ExplorationFaultsTest : public DistributedTest {
 protected:
  std::vector<std::string> ExtraHosts() const override { return {"DPRK-2"}; }

  void SetUp() override {
    DistributedTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    v1::CharterDraft draft = ShippedDraft("paper-sequence");
    draft.set_id("paper-sequence-free");
    draft.set_stage_order(v1::CharterDraft::FREE);
    while (draft.proposals_size() > kFreeProposals) {
      draft.mutable_proposals()->RemoveLast();
    }
    for (auto& proposal : *draft.mutable_proposals()) {
      proposal.clear_prerequisites();
    }
    std::string text;
    ASSERT_TRUE(google::protobuf::TextFormat::PrintToString(draft, &text));
    draft_path_ = dir_.File("free.textproto");
    std::ofstream(draft_path_) << text;
    args_ = {"explore",        draft_path_, "--variant",
             "transformation", "--format",  "json"};
  }

  // A DPRK on `host` answering through a relay there that holds its
  // answers kHoldMs, logging each batch; it advertises `advertise`.
  ChildProcess* StartHeldDprk(const std::string& host,
                              const std::string& advertise,
                              std::unique_ptr<ChildProcess>* relay) {
    const Host& on = forum_->host(host);
    *relay = forum_->hosts().Start(
        on, {DelayRelayBinary(), "--listen", on.address + ":50052", "--to",
             absl::StrCat(on.address, ":", kPartyPort), "--delay-back-ms",
             absl::StrCat(kHoldMs)});
    if (!(*relay)->WaitForLine("serving on")) return nullptr;
    PartyLaunch launch;
    launch.host = host;
    launch.advertise = advertise;
    launch.env = kDebugLog;
    return forum_->StartParty("DPRK", launch, host);
  }

  void StartOtherParties() {
    for (const std::string& id : forum_->party_ids()) {
      if (id == "DPRK") continue;
      ASSERT_NE(forum_->StartParty(id), nullptr);
      ASSERT_TRUE(forum_->WaitJoined(id));
    }
  }

  std::string EmbeddedExploration() {
    const CommandResult embedded =
        EmbeddedConcert(args_, dir_.File("embedded.db"));
    EXPECT_EQ(embedded.exit_code, 0) << embedded.err;
    return embedded.out;
  }

  std::string draft_path_;
  std::vector<std::string> args_;
};

TEST_F(ExplorationFaultsTest, PartyKilledAndRestartedTheExplorationCompletes) {
  ASSERT_TRUE(forum_->StartCoordinator({"--deadline-ms", "10000"}));
  ASSERT_NO_FATAL_FAILURE(StartOtherParties());
  std::unique_ptr<ChildProcess> relay;
  const std::string relay_address = forum_->host("DPRK").address + ":50052";
  ASSERT_NE(StartHeldDprk("DPRK", relay_address, &relay), nullptr);
  ASSERT_TRUE(forum_->WaitJoined("DPRK"));

  auto client = forum_->StartConcert(args_);
  ChildProcess* first = forum_->party("DPRK");
  ASSERT_TRUE(first->WaitForLine("answered batch 2:")) << first->stderr_text();
  first->Signal(SIGKILL);
  first->Wait();
  const std::vector<std::string> before = AnsweredBatches(first->stderr_text());

  // The DPRK again, at the same address: the coordinator's retry finds it.
  PartyLaunch again;
  again.advertise = relay_address;
  again.env = kDebugLog;
  ChildProcess* second = forum_->StartParty("DPRK", again, "DPRK-again");
  ASSERT_NE(second, nullptr);

  ASSERT_EQ(client->Wait(), 0) << client->stderr_text();
  EXPECT_EQ(JsonDifference(EmbeddedExploration(), client->stdout_text()), "");
  second->Signal(SIGTERM);
  second->Wait();
  const std::vector<std::string> after = AnsweredBatches(second->stderr_text());
  ASSERT_GE(before.size(), 3u);
  EXPECT_FALSE(after.empty());
  // The first two levels' answers were kept, not asked again; the third's
  // may not have left the killed process.
  EXPECT_THAT(Common({before[0], before[1]}, after), ::testing::IsEmpty())
      << "DPRK before the kill:\n"
      << first->stderr_text() << "after:\n"
      << second->stderr_text();
}

TEST_F(ExplorationFaultsTest, ReplicaKilledTheOtherFinishesWithoutReasking) {
  // Two DPRK replicas, on hosts of their own, behind one name that the
  // coordinator's host resolves to both (as a headless Service would):
  // gRPC balances over them round-robin.
  const std::string name = "dprk.forum";
  const std::string advertise = absl::StrCat("dns:///", name, ":50052");
  ASSERT_TRUE(forum_->hosts().SetHostsFile(
      forum_->host("coordinator"), {{forum_->host("DPRK").address, name},
                                    {forum_->host("DPRK-2").address, name}}));
  ASSERT_TRUE(
      forum_->StartCoordinator({"--deadline-ms", "10000", "--retries", "4"}));
  ASSERT_NO_FATAL_FAILURE(StartOtherParties());
  std::unique_ptr<ChildProcess> relays[2];
  ASSERT_NE(StartHeldDprk("DPRK", advertise, &relays[0]), nullptr);
  ASSERT_NE(StartHeldDprk("DPRK-2", advertise, &relays[1]), nullptr);
  ASSERT_TRUE(forum_->WaitJoined("DPRK"));
  ASSERT_TRUE(forum_->WaitJoined("DPRK-2"));

  auto client = forum_->StartConcert(args_);
  std::vector<ChildProcess*> replicas = {forum_->party("DPRK"),
                                         forum_->party("DPRK-2")};
  // The replica holding the exploration's stream, killed once it has
  // answered three levels.
  const int killed = FirstToLog(replicas, "answered batch 2:");
  ASSERT_GE(killed, 0) << client->stderr_text();
  ChildProcess* dead = replicas[killed];
  ChildProcess* survivor = replicas[1 - killed];
  dead->Signal(SIGKILL);
  dead->Wait();

  ASSERT_EQ(client->Wait(), 0) << client->stderr_text();
  EXPECT_EQ(JsonDifference(EmbeddedExploration(), client->stdout_text()), "");
  survivor->Signal(SIGTERM);
  survivor->Wait();
  const std::vector<std::string> before = AnsweredBatches(dead->stderr_text());
  const std::vector<std::string> after =
      AnsweredBatches(survivor->stderr_text());
  ASSERT_GE(before.size(), 3u);
  EXPECT_FALSE(after.empty()) << "the other replica answered nothing";
  EXPECT_THAT(Common({before[0], before[1]}, after), ::testing::IsEmpty())
      << "the killed replica:\n"
      << dead->stderr_text() << "the other:\n"
      << survivor->stderr_text();
}

}  // namespace
}  // namespace concert::testing
