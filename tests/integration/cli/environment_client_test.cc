// The `concert` client configured from the environment (CONCERT_COORDINATOR
// and friends), and every program's --help listing exactly the variables it
// reads, in CLI11's "(Env:NAME)" form that deployments rely on.
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cli/environment_run.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

// Nothing listens on port 1 of loopback: a client that reaches the forum did
// not dial it.
constexpr char kDeadCoordinator[] = "127.0.0.1:1";

class EnvironmentClientTest : public ::testing::Test {
 protected:
  // A coordinator process seating six in-test parties.
  void SetUp() override {
    scenario_ = SixPartyScenario();
    const std::string scenario_path = dir_.File("forum.textproto");
    ASSERT_NO_FATAL_FAILURE(
        ServeInTestParties(&scenario_, &parties_, scenario_path));
    coordinator_ =
        CoordinatorProcess::Start(scenario_path, dir_.File("records.db"));
    ASSERT_NE(coordinator_.process, nullptr);
  }

  TempDir dir_;
  v1::Scenario scenario_;
  std::vector<std::unique_ptr<ServedParty>> parties_;
  CoordinatorProcess coordinator_;
};

TEST_F(EnvironmentClientTest, ConcertReachesTheCoordinatorFromItsVariable) {
  const CommandResult listed = RunCommand(
      WithEnvironment({"CONCERT_COORDINATOR=" + coordinator_.address},
                      {ConcertBinary(), "parties"}));
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  // The in-test parties' addresses: only this coordinator knows them (an
  // embedded forum would serve parties of its own).
  for (const auto& spec : scenario_.parties())
    EXPECT_THAT(listed.out, HasSubstr(spec.address()));

  const CommandResult dead = RunCommand(
      WithEnvironment({std::string("CONCERT_COORDINATOR=") + kDeadCoordinator},
                      {ConcertBinary(), "parties"}));
  EXPECT_EQ(dead.exit_code, 4) << dead.out << dead.err;
  EXPECT_THAT(dead.err, HasSubstr(kDeadCoordinator));
}

TEST_F(EnvironmentClientTest, ConcertsCoordinatorFlagWinsOverItsVariable) {
  const CommandResult listed = RunCommand(
      WithEnvironment({std::string("CONCERT_COORDINATOR=") + kDeadCoordinator},
                      {ConcertBinary(), "records", "list", "--coordinator",
                       coordinator_.address}));
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.err, ::testing::Not(HasSubstr(kDeadCoordinator)));
}

TEST(EnvironmentClientArgumentsTest, AReplayRefusesAScenarioVariableByName) {
  // --replay takes the recorded scenario: a CONCERT_SCENARIO beside it is
  // refused as --scenario would be, and the message says where it came from.
  const CommandResult replay = RunCommand(
      WithEnvironment({"CONCERT_SCENARIO=" + ShippedScenarioPath()},
                      {ConcertBinary(), "run", "--replay", "session-x"}));
  EXPECT_EQ(replay.exit_code, 2);
  EXPECT_THAT(replay.err, HasSubstr("--scenario excludes --replay"));
  EXPECT_THAT(replay.err, HasSubstr("CONCERT_SCENARIO="));
}

// The NAMEs of every "(Env:NAME)" in the --help of `argv`.
std::set<std::string> HelpVariables(std::vector<std::string> argv) {
  argv.push_back("--help");
  const CommandResult help = RunCommand(argv);
  EXPECT_EQ(help.exit_code, 0) << help.err;
  static const std::regex kEnv(R"(\(Env:([A-Z0-9_]+)\))");
  std::set<std::string> names;
  for (std::sregex_iterator it(help.out.begin(), help.out.end(), kEnv), end;
       it != end; ++it) {
    names.insert((*it)[1].str());
  }
  return names;
}

std::set<std::string> AsSet(const std::vector<std::string>& names) {
  return {names.begin(), names.end()};
}

TEST(EnvironmentHelpTest, EachServerListsExactlyItsVariables) {
  EXPECT_EQ(HelpVariables({CoordinatorBinary()}),
            AsSet(CoordinatorVariables()));
  EXPECT_EQ(HelpVariables({PartyBinary()}), AsSet(PartyVariables()));
  for (const std::string& binary : {CoordinatorBinary(), PartyBinary()}) {
    const CommandResult help = RunCommand({binary, "--help"});
    EXPECT_THAT(help.out, HasSubstr("Environment:")) << binary;
    EXPECT_THAT(help.out, HasSubstr("wins over")) << binary;
  }
}

TEST(EnvironmentHelpTest, ConcertsCommandsListExactlyItsVariables) {
  const std::vector<std::vector<std::string>> commands = {
      {"run"},
      {"explore"},
      {"compare"},
      {"check"},
      {"parties"},
      {"health"},
      {"records", "list"},
      {"records", "show"},
      {"records", "export"},
      {"records", "sequences"},
      {"records", "check"},
      {"resume"},
      {"conformance"},
      {"profile", "export"}};
  std::set<std::string> all;
  for (const auto& command : commands) {
    std::vector<std::string> argv = {ConcertBinary()};
    argv.insert(argv.end(), command.begin(), command.end());
    const std::set<std::string> names = HelpVariables(argv);
    all.insert(names.begin(), names.end());
  }
  EXPECT_EQ(all, AsSet(ConcertVariables()));
  // Every command that talks to a forum reads them all (the TLS files for a
  // remote coordinator).
  EXPECT_EQ(HelpVariables({ConcertBinary(), "run"}), AsSet(ConcertVariables()));
  const CommandResult help = RunCommand({ConcertBinary(), "--help"});
  EXPECT_THAT(help.out, HasSubstr("Environment:"));
  for (const std::string& name : ConcertVariables())
    EXPECT_THAT(help.out, HasSubstr(name));
}

}  // namespace
}  // namespace concert::testing
