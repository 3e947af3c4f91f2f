// What `concert run` tells its user when the coordinator it talks to dies
// mid-session (issue 12: it printed "Socket closed" and nothing else): one
// line naming the session and the exact command that resumes it, exit 4 —
// and that command, run once a coordinator is back, finishes the session.
//
// DPRK (an in-test party) keeps one round waiting, so the kill lands
// mid-session at a known point, with no sleep.
#include <signal.h>

#include <string>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

constexpr int kHeldRound = 3;

TEST(CoordinatorStopClientTest, TheClientSaysHowToResumeAndThatWorks) {
  TempDir dir;
  v1::Scenario scenario = SixPartyScenario();
  const std::string scenario_path = dir.File("forum.textproto");
  std::vector<std::unique_ptr<ServedParty>> parties;
  ASSERT_NO_FATAL_FAILURE(
      ServeInTestParties(&scenario, &parties, scenario_path));
  const std::string db = dir.File("records.db");
  CoordinatorProcess coordinator = CoordinatorProcess::Start(scenario_path, db);
  ASSERT_NE(coordinator.process, nullptr);
  TestParty& dprk = *parties[5]->party;

  dprk.HoldEvaluate(kHeldRound);
  ChildProcess client({ConcertBinary(), "run",
                       ShippedDraftPath("paper-sequence"), "--coordinator",
                       coordinator.address, "--no-color"});
  const auto header = client.WaitForOutputLine("concert session ");
  ASSERT_TRUE(header.has_value()) << client.stderr_text();
  const std::string id = header->substr(header->find("session-"));
  ASSERT_TRUE(dprk.WaitUntilHolding())
      << "DPRK was never asked round " << kHeldRound;

  coordinator.process->Signal(SIGKILL);
  EXPECT_EQ(coordinator.process->Wait(), 128 + SIGKILL);
  dprk.Release();
  EXPECT_EQ(client.Wait(), 4) << client.stderr_text();

  // One line on stderr: the session and the command that resumes it.
  const std::string resume =
      "concert resume " + id + " --coordinator " + coordinator.address;
  const std::vector<std::string> lines =
      absl::StrSplit(client.stderr_text(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 1u) << client.stderr_text();
  EXPECT_THAT(lines[0], HasSubstr("the coordinator stopped mid-session"));
  EXPECT_THAT(lines[0], HasSubstr(resume));
  // The rounds decided before are on stdout, as they happened.
  EXPECT_THAT(client.stdout_text(), HasSubstr("Round 2 "));

  // The command, as printed, once a coordinator serves the database again.
  CoordinatorProcess restarted = CoordinatorProcess::Start(scenario_path, db);
  ASSERT_NE(restarted.process, nullptr);
  std::vector<std::string> argv = {ConcertBinary()};
  for (absl::string_view word :
       absl::StrSplit(resume.substr(resume.find(' ') + 1), ' ')) {
    argv.emplace_back(word);
  }
  // The same coordinator address no longer answers; the restarted one has
  // its own port.
  argv.back() = restarted.address;
  argv.emplace_back("--brief");
  const CommandResult resumed = RunCommand(argv);
  EXPECT_NE(resumed.exit_code, 4) << resumed.err;
  EXPECT_THAT(resumed.out, HasSubstr("Outcome: "));
  EXPECT_THAT(resumed.out, HasSubstr("session " + id));

  for (auto& p : parties) p->party->Release();
}

}  // namespace
}  // namespace concert::testing
