// The SDK as a user outside the repository gets it: `cmake --install` of
// this build tree into a prefix, then clients/examples/cpp-reciprocity
// configured and built as a project of its own against that prefix
// (find_package(concert)), then the program it built joined to a session:
// an installed concert-coordinator whose scenario leaves the DPRK's seat
// without an address, and the party started with --join.
//
// Paths are fixed under this test's build folder (and wiped first), so that
// ccache recognizes the compilations of a previous run.
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/examples/reciprocity_forum.h"
#include "tests/support/net/child_process.h"
#include "tests/support/net/coordinator_calls.h"
#include "tests/support/net/process_forum.h"
#include "tests/support/net/test_party.h"

namespace concert::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Runs `argv`, failing the test with its output when it does not exit 0;
// returns how long it took, in seconds.
double Step(const std::string& what, const std::vector<std::string>& argv) {
  const auto start = std::chrono::steady_clock::now();
  const CommandResult result = RunCommand(argv);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_EQ(result.exit_code, 0) << what << " failed:\n"
                                 << result.out << result.err;
  std::cout << what << ": " << seconds << " s\n";
  return seconds;
}

TEST(SdkOutOfTreeTest, InstalledSdkBuildsAndServesTheExampleParty) {
  const std::filesystem::path work = SDK_OUT_OF_TREE_DIR;
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);
  const std::string prefix = (work / "prefix").string();
  const std::string build = (work / "build").string();

  Step("install",
       {CMAKE_COMMAND, "--install", CONCERT_BINARY_DIR, "--prefix", prefix});
  ASSERT_TRUE(std::filesystem::exists(prefix + "/include/concert/sdk/party.h"));
  ASSERT_TRUE(
      std::filesystem::exists(prefix + "/include/concert/v1/party.pb.h"));
  // The protos, for authors who generate their own stubs.
  ASSERT_TRUE(std::filesystem::exists(
      prefix + "/share/concert/proto/concert/v1/party.proto"));

  std::vector<std::string> configure = {
      CMAKE_COMMAND, "-S", ReciprocitySourceDir(), "-B", build, "-G", "Ninja",
      "-DCMAKE_MAKE_PROGRAM=" CMAKE_MAKE_PROGRAM, "-DCMAKE_BUILD_TYPE=Release",
      "-DCMAKE_CXX_COMPILER=" CMAKE_CXX_COMPILER,
      "-DCMAKE_PREFIX_PATH=" + prefix,
      // Warnings are errors here too: what a user compiles, the headers
      // included, compiles clean.
      "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror " SDK_SANITIZE_FLAGS,
      "-DCMAKE_EXE_LINKER_FLAGS=" SDK_SANITIZE_FLAGS};
  if (std::string(CMAKE_CXX_COMPILER_LAUNCHER).size() > 0) {
    configure.push_back(
        "-DCMAKE_CXX_COMPILER_LAUNCHER=" CMAKE_CXX_COMPILER_LAUNCHER);
  }
  Step("configure", configure);
  Step("build", {CMAKE_COMMAND, "--build", build, "-j", "2"});
  const std::string program = build + "/cpp-reciprocity";
  ASSERT_TRUE(std::filesystem::exists(program));

  // A forum of two: the USA served here, the DPRK's seat left empty.
  TempDir dir;
  v1::Scenario scenario = ReciprocityScenario("");
  std::unique_ptr<ServedParty> usa =
      ServedParty::Start(scenario.parties(0), {});
  ASSERT_NE(usa->server, nullptr);
  scenario.mutable_parties(0)->set_address(usa->address());
  const std::string path = dir.File("forum.textproto");
  ASSERT_TRUE(WriteScenario(scenario, path));
  ChildProcess coordinator({prefix + "/bin/concert-coordinator", "--listen",
                            "127.0.0.1:0", "--scenario", path, "--db",
                            dir.File("records.db")});
  const std::string coordinator_address = ServedAddress(coordinator);
  ASSERT_FALSE(coordinator_address.empty());

  ChildProcess party({program, "--config", ReciprocityConfig(), "--join",
                      coordinator_address, "--grace-ms", "100"});
  const std::string party_address = ServedAddress(party);
  ASSERT_FALSE(party_address.empty());
  ASSERT_TRUE(party.WaitForLine("joined the coordinator").has_value())
      << party.stderr_text();

  auto stub = CoordinatorStub(coordinator_address);
  {
    grpc::ClientContext ctx;
    v1::ListPartiesResponse parties;
    ASSERT_TRUE(stub->ListParties(&ctx, {}, &parties).ok());
    ASSERT_EQ(parties.parties_size(), 2);
    EXPECT_EQ(parties.parties(1).address(), party_address);
    EXPECT_EQ(parties.parties(1).version(), "cpp-reciprocity 0.1.0");
    EXPECT_EQ(parties.parties(1).memory(), v1::MEMORY_HISTORY);
  }
  const SessionCall first = RunSession(
      *stub,
      SessionRequest(ReciprocityDraft("assurance-first",
                                      {{Assurances()}, {Dismantlement()}}),
                     ""));
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  EXPECT_EQ(first.session.summary().outcome(), v1::SessionSummary::CONSENSUS);
  const SessionCall reverse = RunSession(
      *stub,
      SessionRequest(ReciprocityDraft("dismantlement-first",
                                      {{Dismantlement()}, {Assurances()}}),
                     ""));
  ASSERT_TRUE(reverse.status.ok()) << reverse.status.error_message();
  EXPECT_EQ(reverse.session.summary().outcome(), v1::SessionSummary::DEADLOCK);
  ASSERT_GE(reverse.session.summary().blockers_size(), 1);
  EXPECT_THAT(reverse.session.summary().blockers(0).parties(),
              ElementsAre("DPRK"));

  party.Signal(SIGTERM);
  EXPECT_EQ(party.Wait(), 0) << party.stderr_text();
}

}  // namespace
}  // namespace concert::testing
