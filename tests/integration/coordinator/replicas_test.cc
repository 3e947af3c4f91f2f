// A party served by several replicas behind one address
// ("ipv4:127.0.0.1:p1,127.0.0.1:p2"): the coordinator balances calls
// round-robin across them, and a replica that never saw Table still answers,
// because calls carry the tabled draft.
#include "gtest/gtest.h"
#include "services/common/server/server.h"
#include "services/coordinator/rpc/coordinator_service.h"
#include "services/party/rpc/party_service.h"
#include "tests/support/net/forum_fixture.h"

namespace concert::testing {
namespace {

TEST(ReplicasTest, OnePartyBehindTwoReplicasIsBalancedAndAnswersEverywhere) {
  v1::Scenario scenario = SmallScenario();
  std::vector<std::unique_ptr<party::PartyService>> services;
  std::vector<std::unique_ptr<RunningServer>> servers;
  auto serve = [&](const v1::PartySpec& spec) {
    services.push_back(std::make_unique<party::PartyService>(spec));
    auto server = RunningServer::Start({}, {services.back().get()});
    EXPECT_TRUE(server.ok());
    servers.push_back(*std::move(server));
    return servers.back()->port();
  };
  scenario.mutable_parties(0)->set_address(
      absl::StrCat("127.0.0.1:", serve(scenario.parties(0))));
  scenario.mutable_parties(1)->set_address(
      absl::StrCat("127.0.0.1:", serve(scenario.parties(1))));
  const int first = serve(scenario.parties(2));
  const int second = serve(scenario.parties(2));
  scenario.mutable_parties(2)->set_address(
      absl::StrCat("ipv4:127.0.0.1:", first, ",127.0.0.1:", second));
  party::PartyService& replica_a = *services[2];
  party::PartyService& replica_b = *services[3];

  coordinator::CoordinatorService coordinator(scenario);
  auto server = RunningServer::Start({}, {&coordinator});
  ASSERT_TRUE(server.ok());
  auto stub = CoordinatorStub((*server)->address());

  v1::RunSessionRequest request;
  *request.mutable_draft() = SmallDraft();
  const SessionCall call = RunSession(*stub, request);
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_EQ(call.session.summary().outcome(), v1::SessionSummary::CONSENSUS);
  for (const auto& round : call.session.rounds()) {
    EXPECT_FALSE(round.votes(2).absent()) << "round " << round.number();
    EXPECT_EQ(round.votes(2).attempts(), 1) << "round " << round.number();
  }
  // Round-robin reached both replicas, and each could answer: each holds the
  // draft.
  EXPECT_EQ(replica_a.cache().size(), 1u);
  EXPECT_EQ(replica_b.cache().size(), 1u);
  (*server)->Shutdown();
  for (auto& s : servers) s->Shutdown();
}

}  // namespace
}  // namespace concert::testing
