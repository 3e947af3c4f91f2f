// A party served by the SDK joins a coordinator (--join): it takes the seat
// its scenario leaves without an address and votes in it, a refusal stops
// it at start with the coordinator's reason, and an unreachable coordinator
// does not stop it from serving. Also the command line ServeMain parses.
#include <signal.h>

#include <memory>
#include <string>
#include <vector>

#include "concert/sdk/serve.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/sdk/test_sdk_party.h"
#include "tests/support/net/child_process.h"
#include "tests/support/net/coordinator_calls.h"
#include "tests/support/net/forum_fixture.h"
#include "tests/support/net/process_forum.h"
#include "tests/support/net/test_party.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

// The small forum with A and B served in the test and C's seat empty (no
// address, no model): a concert-coordinator process waits for C to join.
class SdkJoinTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v1::Scenario scenario = SmallScenario();
    const std::vector<std::string> variants = VariantNames(scenario);
    for (int i = 0; i < 2; ++i) {
      parties_.push_back(ServedParty::Start(scenario.parties(i), variants));
      ASSERT_NE(parties_.back()->server, nullptr);
      scenario.mutable_parties(i)->set_address(parties_.back()->address());
    }
    scenario.mutable_parties(2)->clear_interests();
    const std::string path = dir_.File("forum.textproto");
    ASSERT_TRUE(WriteScenario(scenario, path));
    coordinator_ = CoordinatorProcess::Start(path, dir_.File("records.db"));
    ASSERT_NE(coordinator_.process, nullptr);
  }

  // The coordinator's view of party `id`.
  v1::PartyInfo Listed(const std::string& id) {
    grpc::ClientContext ctx;
    v1::ListPartiesResponse response;
    const grpc::Status status =
        coordinator_.stub->ListParties(&ctx, {}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const auto& p : response.parties()) {
      if (p.id() == id) return p;
    }
    ADD_FAILURE() << "no party " << id;
    return {};
  }

  TempDir dir_;
  std::vector<std::unique_ptr<ServedParty>> parties_;
  CoordinatorProcess coordinator_;
};

TEST_F(SdkJoinTest, JoinsAndVotesInItsSeat) {
  EchoParty c("C");
  sdk::ServeOptions options;
  options.join = coordinator_.address;
  auto running = sdk::RunningParty::Start(c, options);
  ASSERT_TRUE(running.ok()) << running.status();
  // Start returns once the coordinator accepted the registration.
  EXPECT_GE((*running)->registrations(), 1);
  EXPECT_EQ((*running)->advertised(), (*running)->address());
  const v1::PartyInfo listed = Listed("C");
  EXPECT_EQ(listed.address(), (*running)->address());
  EXPECT_EQ(listed.source(), v1::PARTY_SOURCE_REGISTERED);
  EXPECT_EQ(listed.memory(), v1::MEMORY_HISTORY);

  const SessionCall call =
      RunSession(*coordinator_.stub, SessionRequest(SmallDraft(), ""));
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  // The echo party supports "aid", which the built-in C would block.
  EXPECT_EQ(call.session.summary().outcome(), v1::SessionSummary::CONSENSUS);
  ASSERT_GE(call.session.rounds_size(), 2);
  EXPECT_EQ(call.session.rounds(1).votes(2).party(), "C");
  EXPECT_EQ(call.session.rounds(1).votes(2).rationale(), "order: aid");
}

TEST_F(SdkJoinTest, ARefusedRegistrationFailsTheStart) {
  EchoParty z("Z");
  sdk::ServeOptions options;
  options.join = coordinator_.address;
  auto running = sdk::RunningParty::Start(z, options);
  EXPECT_EQ(running.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(running.status().message(), HasSubstr("refused party Z"));
}

TEST_F(SdkJoinTest, AnUnreachableCoordinatorDoesNotStopServing) {
  EchoParty c("C");
  sdk::ServeOptions options;
  options.join = "127.0.0.1:1";
  options.join_wait = std::chrono::milliseconds(300);
  auto running = sdk::RunningParty::Start(c, options);
  ASSERT_TRUE(running.ok()) << running.status();
  EXPECT_EQ((*running)->registrations(), 0);
  auto stub = v1::Party::NewStub(grpc::CreateChannel(
      (*running)->address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  v1::DescribeResponse response;
  EXPECT_TRUE(stub->Describe(&ctx, {}, &response).ok());
}

TEST_F(SdkJoinTest, CommandLineJoinsAndStopsOnSigterm) {
  ChildProcess party({SDK_ECHO_PARTY, "--join", coordinator_.address,
                      "--listen", "127.0.0.1:0", "--grace-ms", "100"});
  const std::string address = ServedAddress(party);
  ASSERT_FALSE(address.empty());
  ASSERT_TRUE(party.WaitForLine("joined the coordinator").has_value())
      << party.stderr_text();
  EXPECT_EQ(Listed("C").address(), address);
  party.Signal(SIGTERM);
  EXPECT_EQ(party.Wait(), sdk::kExitOk) << party.stderr_text();
  EXPECT_THAT(party.stderr_text(), HasSubstr("stopped"));
}

TEST_F(SdkJoinTest, CommandLineExitsWhenTheCoordinatorRefuses) {
  const CommandResult result =
      RunCommand({SDK_ECHO_PARTY, "--id", "Z", "--join", coordinator_.address});
  EXPECT_EQ(result.exit_code, sdk::kExitUsage) << result.err;
  EXPECT_THAT(result.err, HasSubstr("refused party Z"));
}

TEST(SdkCommandLineTest, HelpAndBadFlags) {
  CommandResult help = RunCommand({SDK_ECHO_PARTY, "--help"});
  EXPECT_EQ(help.exit_code, sdk::kExitOk);
  for (const char* flag :
       {"--listen", "--join", "--advertise", "--grace-ms", "--id"}) {
    EXPECT_THAT(help.out, HasSubstr(flag));
  }
  CommandResult bad = RunCommand({SDK_ECHO_PARTY, "--bogus"});
  EXPECT_EQ(bad.exit_code, sdk::kExitUsage);
}

}  // namespace
}  // namespace concert::testing
