// Joining a forum from the command line (`concert-party --join`), and a
// coordinator that forgets nobody: registrations are kept in its database
// across a restart, a party re-registers when its coordinator comes back,
// and a registration the coordinator refuses ends the party at start.
#include <signal.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kJoiner[] = "DPRK";

class JoinTest : public ::testing::Test {
 protected:
  // Five parties served in the test and written into the coordinator's
  // scenario; DPRK's seat has no address: it must join.
  void SetUp() override {
    scenario_ = SixPartyScenario();
    scenario_path_ = dir_.File("forum.textproto");
    ASSERT_NO_FATAL_FAILURE(
        ServeInTestParties(&scenario_, &parties_, scenario_path_));
    for (auto& spec : *scenario_.mutable_parties()) {
      if (spec.id() == kJoiner) spec.clear_address();
    }
    ASSERT_TRUE(WriteScenario(scenario_, scenario_path_));
  }

  // concert-party serving DPRK, joining `coordinator`, with extra flags.
  std::unique_ptr<ChildProcess> StartJoiningParty(
      const std::string& coordinator,
      const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {
        PartyBinary(), "--scenario", ShippedScenarioPath(),
        "--party",     kJoiner,      "--listen",
        "127.0.0.1:0", "--grace-ms", "100",
        "--join",      coordinator};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return std::make_unique<ChildProcess>(argv);
  }

  // DPRK as the coordinator lists it.
  static std::optional<v1::PartyInfo> Listed(v1::Coordinator::Stub& stub) {
    grpc::ClientContext ctx;
    v1::ListPartiesResponse response;
    const grpc::Status status =
        stub.ListParties(&ctx, v1::ListPartiesRequest(), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const auto& p : response.parties()) {
      if (p.id() == kJoiner) return p;
    }
    return std::nullopt;
  }

  TempDir dir_;
  v1::Scenario scenario_;
  std::string scenario_path_;
  std::vector<std::unique_ptr<ServedParty>> parties_;
};

TEST_F(JoinTest, APartyJoinsFromTheCommandLineAndVotesInItsSeat) {
  CoordinatorProcess coordinator =
      CoordinatorProcess::Start(scenario_path_, dir_.File("records.db"));
  ASSERT_NE(coordinator.process, nullptr);
  auto party = StartJoiningParty(coordinator.address);
  const std::string address = ServedAddress(*party);
  ASSERT_FALSE(address.empty()) << party->stderr_text();
  ASSERT_TRUE(party->WaitForLine("joined the coordinator").has_value())
      << party->stderr_text();

  std::optional<v1::PartyInfo> dprk = Listed(*coordinator.stub);
  ASSERT_TRUE(dprk.has_value());
  EXPECT_EQ(dprk->address(), address);
  EXPECT_EQ(dprk->source(), v1::PARTY_SOURCE_REGISTERED);
  EXPECT_EQ(dprk->health(), "SERVING");
  EXPECT_TRUE(dprk->reachable());
  EXPECT_EQ(dprk->memory(), v1::MEMORY_SET);

  v1::RunSessionRequest request;
  *request.mutable_draft() = ShippedDraft("arf-three-stage");
  const SessionCall call = RunSession(*coordinator.stub, request);
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_THAT(call.session.summary().missing_parties(),
              ::testing::Not(::testing::Contains(kJoiner)));
}

TEST_F(JoinTest, ARestartedCoordinatorKeepsTheRegistrations) {
  const std::string db = dir_.File("records.db");
  CoordinatorProcess first = CoordinatorProcess::Start(scenario_path_, db);
  ASSERT_NE(first.process, nullptr);
  // Registered by a plain RPC: nothing would register it again.
  std::string address;
  auto party = StartPartyProcess(kJoiner, "127.0.0.1:0", &address);
  ASSERT_NE(party, nullptr);
  {
    grpc::ClientContext ctx;
    v1::RegisterPartyRequest request;
    request.set_party_id(kJoiner);
    request.set_address(address);
    v1::RegisterPartyResponse response;
    const grpc::Status status =
        first.stub->RegisterParty(&ctx, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  first.process->Signal(SIGKILL);
  first.process->Wait();

  CoordinatorProcess second = CoordinatorProcess::Start(scenario_path_, db);
  ASSERT_NE(second.process, nullptr);
  std::optional<v1::PartyInfo> dprk = Listed(*second.stub);
  ASSERT_TRUE(dprk.has_value());
  EXPECT_EQ(dprk->address(), address);
  EXPECT_EQ(dprk->source(), v1::PARTY_SOURCE_REGISTERED);
  EXPECT_TRUE(dprk->reachable());
  // A configured party stays configured.
  std::optional<v1::PartyInfo> rok;
  {
    grpc::ClientContext ctx;
    v1::ListPartiesResponse response;
    ASSERT_TRUE(
        second.stub->ListParties(&ctx, v1::ListPartiesRequest(), &response)
            .ok());
    for (const auto& p : response.parties()) {
      if (p.id() == "ROK") rok = p;
    }
  }
  ASSERT_TRUE(rok.has_value());
  EXPECT_EQ(rok->source(), v1::PARTY_SOURCE_CONFIGURED);
}

TEST_F(JoinTest, APartyRegistersAgainWhenItsCoordinatorComesBack) {
  // The coordinator comes back on the same address with an empty database:
  // only the party's own re-registration can seat it again.
  CoordinatorProcess first =
      CoordinatorProcess::Start(scenario_path_, dir_.File("first.db"));
  ASSERT_NE(first.process, nullptr);
  const std::string coordinator_address = first.address;
  auto party = StartJoiningParty(coordinator_address);
  ASSERT_TRUE(party->WaitForLine("joined the coordinator").has_value())
      << party->stderr_text();
  first.process->Signal(SIGKILL);
  first.process->Wait();
  ASSERT_TRUE(party->WaitForLine("lost the coordinator").has_value())
      << party->stderr_text();

  CoordinatorProcess second = CoordinatorProcess::Start(
      scenario_path_, dir_.File("second.db"), {}, coordinator_address);
  ASSERT_NE(second.process, nullptr) << "the port was taken meanwhile";
  // The second "joined" line: WaitForLine scans only what it has not seen.
  ASSERT_TRUE(party->WaitForLine("joined the coordinator").has_value())
      << party->stderr_text();
  std::optional<v1::PartyInfo> dprk = Listed(*second.stub);
  ASSERT_TRUE(dprk.has_value());
  EXPECT_EQ(dprk->source(), v1::PARTY_SOURCE_REGISTERED);
  EXPECT_TRUE(dprk->reachable());
}

TEST_F(JoinTest, ARefusedRegistrationEndsThePartyAtStart) {
  CoordinatorProcess coordinator =
      CoordinatorProcess::Start(scenario_path_, dir_.File("records.db"));
  ASSERT_NE(coordinator.process, nullptr);
  // DPRK advertises ROK's address: the coordinator's Describe there meets
  // ROK, and refuses.
  std::string rok_address;
  for (const auto& spec : scenario_.parties()) {
    if (spec.id() == "ROK") rok_address = spec.address();
  }
  auto party =
      StartJoiningParty(coordinator.address, {"--advertise", rok_address});
  EXPECT_EQ(party->Wait(), 2);
  EXPECT_THAT(party->stderr_text(), HasSubstr("refused DPRK"));
  EXPECT_THAT(party->stderr_text(), HasSubstr("party 'ROK', not 'DPRK'"));
  std::optional<v1::PartyInfo> dprk = Listed(*coordinator.stub);
  ASSERT_TRUE(dprk.has_value());
  EXPECT_EQ(dprk->address(), "");
}

}  // namespace
}  // namespace concert::testing
