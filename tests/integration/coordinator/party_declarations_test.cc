// What a party declares in Describe decides how the coordinator treats it,
// and the coordinator says so instead of switching silently: a party that
// does not serve the tabled variant fails the session at once, naming the
// party and the variant (not an "unreachable" party and a SUSPENDED
// session); a party that leaves its memory unset is read as HISTORY, and the
// exploration's result names it.
#include <memory>
#include <string>
#include <vector>

#include "clients/concert/forum/embedded_forum.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/server/server.h"
#include "services/party/rpc/party_service.h"
#include "tests/support/net/forum_fixture.h"

namespace concert::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The built-in party, but its Describe leaves `memory` unset, as a party
// written from the protos alone may.
class UnsetMemoryParty final
    : public v1::Party::WithCallbackMethod_EvaluateStream<v1::Party::Service> {
 public:
  explicit UnsetMemoryParty(const v1::PartySpec& spec) : inner_(spec) {}
  grpc::Status Describe(grpc::ServerContext* context,
                        const v1::DescribeRequest* request,
                        v1::DescribeResponse* response) override {
    const grpc::Status status = inner_.Describe(context, request, response);
    response->clear_memory();
    return status;
  }
  grpc::Status Table(grpc::ServerContext* context,
                     const v1::TableRequest* request,
                     v1::TableResponse* response) override {
    return inner_.Table(context, request, response);
  }
  grpc::Status Evaluate(grpc::ServerContext* context,
                        const v1::EvaluateRequest* request,
                        v1::EvaluateResponse* response) override {
    return inner_.Evaluate(context, request, response);
  }
  grpc::ServerBidiReactor<v1::EvaluateBatch, v1::EvaluateBatchResult>*
  EvaluateStream(grpc::CallbackServerContext* context) override {
    return inner_.EvaluateStream(context);
  }

 private:
  party::PartyService inner_;
};

class PartyDeclarationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = SmallScenario();
    scenario_.add_variants()->set_name("tense");
  }
  void TearDown() override {
    forum_.reset();
    if (server_) server_->Shutdown();
  }

  // Serves C with `service` and an embedded forum with C dialed there.
  void Start(std::unique_ptr<grpc::Service> service) {
    service_ = std::move(service);
    auto server = RunningServer::Start({}, {service_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    scenario_.mutable_parties(2)->set_address(server_->address());
    auto forum = cli::EmbeddedForum::Start(scenario_);
    ASSERT_TRUE(forum.ok()) << forum.status();
    forum_ = *std::move(forum);
    stub_ = CoordinatorStub(forum_->coordinator_address());
  }

  SessionCall Session(const std::string& variant) {
    v1::RunSessionRequest request;
    *request.mutable_draft() = SmallDraft();
    request.set_variant(variant);
    return RunSession(*stub_, request);
  }

  v1::Scenario scenario_;
  std::unique_ptr<grpc::Service> service_;
  std::unique_ptr<RunningServer> server_;
  std::unique_ptr<cli::EmbeddedForum> forum_;
  std::unique_ptr<v1::Coordinator::Stub> stub_;
};

TEST_F(PartyDeclarationsTest, APartyWithoutTheVariantFailsTheSessionByName) {
  // C knows no scenario variants: it serves the baseline only.
  Start(std::make_unique<party::PartyService>(scenario_.parties(2)));
  const SessionCall call = Session("tense");
  EXPECT_EQ(call.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(call.status.error_message(),
              HasSubstr("C has no model for variant 'tense' (it serves the "
                        "baseline only)"));
  // The baseline is served.
  EXPECT_TRUE(Session("").status.ok());
}

TEST_F(PartyDeclarationsTest, APartyCutFromTheScenarioKeepsItsBaseline) {
  party::PartyServiceOptions options;
  options.baseline_for_other_variants = true;
  Start(std::make_unique<party::PartyService>(scenario_.parties(2), options));
  const SessionCall call = Session("tense");
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_EQ(call.session.summary().outcome(), v1::SessionSummary::CONSENSUS);
}

TEST_F(PartyDeclarationsTest, AnExplorationNamesThePartyThatLeftMemoryUnset) {
  Start(std::make_unique<UnsetMemoryParty>(scenario_.parties(2)));
  v1::ExploreRequest request;
  *request.mutable_draft() = SmallDraft();
  request.set_samples(200);
  request.set_seed(7);
  const ExploreCall call = Explore(*stub_, request);
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_EQ(call.result.strategy(), v1::EXPLORE_STRATEGY_SAMPLE);
  EXPECT_THAT(call.result.history_parties(), ElementsAre("C"));
  EXPECT_THAT(call.result.memory_unset_parties(), ElementsAre("C"));

  // Asked for the lattice, the refusal names the party and why.
  request.set_strategy(v1::EXPLORE_STRATEGY_LATTICE);
  const ExploreCall lattice = Explore(*stub_, request);
  EXPECT_EQ(lattice.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(lattice.status.error_message(),
              HasSubstr("C left Describe.memory unset"));
}

}  // namespace
}  // namespace concert::testing
