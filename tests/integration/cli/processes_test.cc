// The three programs as a user runs them: six concert-party processes and a
// concert-coordinator on loopback ports, driven by the concert client; every
// server stops cleanly on SIGTERM. Real processes, real sockets.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "services/common/text_format_loader.h"
#include "tests/support/net/child_process.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

const std::string kBin = CONCERT_BINARY_DIR;
const std::string kSrc = CONCERT_SOURCE_DIR;
const std::string kParty = kBin + "/services/party/concert-party";
const std::string kCoordinator =
    kBin + "/services/coordinator/concert-coordinator";
const std::string kConcert = kBin + "/clients/concert/concert";
const std::string kScenario = kSrc + "/scenarios/six-party.textproto";

std::string TempDir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("concert-processes-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

// Every program started by a test records to a database of its own, never
// to the user's.
class IsolatedDatabase : public ::testing::Environment {
 public:
  void SetUp() override {
    const std::string db = TempDir() + "/records.db";
    setenv("CONCERT_DB", db.c_str(), 1);
  }
  void TearDown() override { std::filesystem::remove_all(TempDir()); }
};
const auto* const kIsolated =
    ::testing::AddGlobalTestEnvironment(new IsolatedDatabase);

class ProcessesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto scenario = LoadScenario(kScenario);
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    for (auto& spec : *scenario->mutable_parties()) {
      auto party = std::make_unique<ChildProcess>(
          std::vector<std::string>{kParty, "--scenario", kScenario, "--party",
                                   spec.id(), "--listen", "127.0.0.1:0"});
      auto line = party->WaitForLine("serving on");
      ASSERT_TRUE(line.has_value())
          << spec.id() << ": " << party->stderr_text();
      spec.set_address(AddressFromLogLine(*line));
      parties_.push_back(std::move(party));
    }
    // The coordinator learns the parties' addresses from its scenario file.
    scenario_path_ = TempDir() + "/addressed.textproto";
    std::string text;
    ASSERT_TRUE(google::protobuf::TextFormat::PrintToString(*scenario, &text));
    std::ofstream(scenario_path_) << text;
    coordinator_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        kCoordinator, "--scenario", scenario_path_, "--listen", "127.0.0.1:0",
        // DPRK is the party stopped below: its deadline is the one waited
        // for; the healthy parties get a generous one.
        "--deadline-ms", "30000", "--party-deadline-ms", "DPRK=1000",
        "--retries", "1"});
    auto line = coordinator_->WaitForLine("serving on");
    ASSERT_TRUE(line.has_value()) << coordinator_->stderr_text();
    address_ = AddressFromLogLine(*line);
  }

  std::vector<std::unique_ptr<ChildProcess>> parties_;
  std::unique_ptr<ChildProcess> coordinator_;
  std::string scenario_path_;
  std::string address_;
};

TEST_F(ProcessesTest, ClientDrivesARemoteForumAndServersStopOnSigterm) {
  const CommandResult health = RunCommand({kConcert, "health", address_});
  EXPECT_EQ(health.exit_code, 0) << health.out << health.err;
  EXPECT_THAT(health.out, HasSubstr("SERVING"));

  const CommandResult listed =
      RunCommand({kConcert, "parties", "--coordinator", address_});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("DPRK"));
  EXPECT_THAT(listed.out, ::testing::Not(HasSubstr("DOWN")));

  // The paper's direction deadlocks in the baseline: exit code 3, a
  // transcript on stdout.
  const CommandResult run = RunCommand(
      {kConcert, "run", kSrc + "/scenarios/drafts/paper-sequence.textproto",
       "--coordinator", address_});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Round 1"));
  EXPECT_THAT(run.out, HasSubstr("DEADLOCK"));

  // The transformation future reaches consensus: exit code 0, JSON output.
  const CommandResult json = RunCommand(
      {kConcert, "run", kSrc + "/scenarios/drafts/paper-sequence.textproto",
       "--coordinator", address_, "--variant", "transformation", "--format",
       "json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"outcome\": \"CONSENSUS\""));
  // The parties' versions, from their Describe, and fields at their
  // defaults too.
  EXPECT_THAT(json.out, HasSubstr("\"version\": \"concert-party "));
  EXPECT_THAT(json.out, HasSubstr("\"replayed\": false"));

  // A party stopped with SIGTERM exits 0 after logging its stop; the forum
  // then reports it down.
  parties_[5]->Signal(SIGTERM);
  EXPECT_EQ(parties_[5]->Wait(), 0);
  EXPECT_THAT(parties_[5]->stderr_text(), HasSubstr("stopped"));
  const CommandResult down =
      RunCommand({kConcert, "parties", "--coordinator", address_});
  EXPECT_EQ(down.exit_code, 4);
  EXPECT_THAT(down.out, HasSubstr("DOWN"));

  // Without DPRK, the session is suspended (absent party blocks): exit 4.
  const CommandResult suspended = RunCommand(
      {kConcert, "run", kSrc + "/scenarios/drafts/arf-three-stage.textproto",
       "--coordinator", address_});
  EXPECT_EQ(suspended.exit_code, 4) << suspended.out << suspended.err;
  EXPECT_THAT(suspended.out, HasSubstr("SUSPENDED"));

  coordinator_->Signal(SIGINT);
  EXPECT_EQ(coordinator_->Wait(), 0);
  for (int i = 0; i < 5; ++i) {
    parties_[i]->Signal(SIGTERM);
    EXPECT_EQ(parties_[i]->Wait(), 0);
  }
  EXPECT_EQ(RunCommand({kConcert, "health", address_}).exit_code, 4);
}

TEST(ConcertCliTest, CheckReportsEveryProblemWithFileAndLine) {
  const std::string dir = TempDir();
  const std::string bad = dir + "/bad-draft.textproto";
  std::ofstream(bad)
      << "# proto-message: concert.v1.CharterDraft\n"
         "id: \"bad\"\n"
         "stages { id: \"S1\" }\n"
         "proposals { id: \"a\" stage: \"S1\" prerequisites: \"b\" }\n"
         "proposals { id: \"b\" stage: \"S1\" prerequisites: \"a\" }\n"
         "proposals { id: \"c\" stage: \"S9\" }\n";
  const CommandResult check =
      RunCommand({kConcert, "check", bad, "--scenario", kScenario});
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_THAT(check.out, HasSubstr("a -> b -> a"));
  EXPECT_THAT(check.out, HasSubstr("bad-draft.textproto:6"));
  const CommandResult good =
      RunCommand({kConcert, "check", kScenario,
                  kSrc + "/scenarios/drafts/paper-sequence.textproto"});
  EXPECT_EQ(good.exit_code, 0) << good.out;

  std::ofstream(dir + "/syntax.textproto") << "id: \"x\"\nstages { id: }\n";
  const CommandResult syntax =
      RunCommand({kConcert, "run", dir + "/syntax.textproto"});
  EXPECT_EQ(syntax.exit_code, 2);
  EXPECT_THAT(syntax.err, HasSubstr("syntax.textproto:2:"));
}

TEST(ConcertCliTest, EmbeddedRunAndExploreWork) {
  const CommandResult run =
      RunCommand({kConcert, "run",
                  kSrc + "/scenarios/drafts/denuclearization-first.textproto"});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_THAT(run.out, HasSubstr("DPRK"));
  const CommandResult explore =
      RunCommand({kConcert, "explore",
                  kSrc + "/scenarios/drafts/arf-three-stage.textproto",
                  "--variant", "transformation", "--format", "json"});
  EXPECT_EQ(explore.exit_code, 0) << explore.err;
  EXPECT_THAT(explore.out, HasSubstr("\"full_charter_reachable\": true"));
  EXPECT_THAT(explore.out, HasSubstr("\"admissible_sequences\": \"7257600\""));
  const CommandResult budget =
      RunCommand({kConcert, "explore",
                  kSrc + "/scenarios/drafts/arf-three-stage.textproto",
                  "--variant", "transformation", "--max-states", "40"});
  EXPECT_EQ(budget.exit_code, 5);
  EXPECT_THAT(budget.err, HasSubstr("--strategy sample"));
}

}  // namespace
}  // namespace concert::testing
