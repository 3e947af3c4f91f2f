// The embedded forum dials a party that has an address and never replaces it
// with a built-in one: a party of the user's own votes in its seat, and one
// that does not answer is missing, not silently a "support, du +0" model.
#include <memory>
#include <string>

#include "clients/concert/forum/embedded_forum.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/server/server.h"
#include "services/party/rpc/party_service.h"
#include "tests/support/net/forum_fixture.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

class DialedPartiesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = SmallScenario();
    // C serves on its own, with a model that objects to "aid": what the
    // built-in C (which supports everything) would never do.
    v1::PartySpec own = scenario_.parties(2);
    v1::Position* aid = own.mutable_interests()->mutable_positions(1);
    ASSERT_EQ(aid->dimension(), "aid");
    aid->set_ideal(-5);
    aid->set_salience(5);
    service_ = std::make_unique<party::PartyService>(own);
    auto server = RunningServer::Start({}, {service_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  v1::Scenario scenario_;
  std::unique_ptr<party::PartyService> service_;
  std::unique_ptr<RunningServer> server_;
};

TEST_F(DialedPartiesTest, APartyWithAnAddressVotesFromThere) {
  // The scenario's C keeps its (supportive) model, but names an address:
  // the address wins.
  scenario_.mutable_parties(2)->set_address(server_->address());
  auto forum = cli::EmbeddedForum::Start(scenario_);
  ASSERT_TRUE(forum.ok()) << forum.status();
  EXPECT_EQ((*forum)->party_addresses()[2], server_->address());
  auto stub = CoordinatorStub((*forum)->coordinator_address());
  v1::RunSessionRequest request;
  *request.mutable_draft() = SmallDraft();
  const SessionCall call = RunSession(*stub, request);
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_EQ(call.session.summary().outcome(), v1::SessionSummary::DEADLOCK);
  ASSERT_EQ(call.session.summary().blockers_size(), 1);
  EXPECT_EQ(call.session.summary().blockers(0).proposal(), "aid");
  EXPECT_THAT(call.session.summary().blockers(0).parties(),
              ::testing::ElementsAre("C"));
}

TEST_F(DialedPartiesTest, AnAddressWhereNothingAnswersIsMissingNotReplaced) {
  scenario_.mutable_parties(2)->clear_interests();
  scenario_.mutable_parties(2)->set_address("127.0.0.1:1");
  auto forum = cli::EmbeddedForum::Start(scenario_);
  ASSERT_TRUE(forum.ok()) << forum.status();
  auto stub = CoordinatorStub((*forum)->coordinator_address());
  v1::RunSessionRequest request;
  *request.mutable_draft() = SmallDraft();
  const SessionCall call = RunSession(*stub, request);
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_EQ(call.session.summary().outcome(), v1::SessionSummary::SUSPENDED);
  EXPECT_THAT(call.session.summary().missing_parties(),
              ::testing::ElementsAre("C"));
}

TEST_F(DialedPartiesTest, APartyWithNeitherModelNorAddressIsAnError) {
  scenario_.mutable_parties(1)->clear_interests();
  auto forum = cli::EmbeddedForum::Start(scenario_);
  ASSERT_EQ(forum.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(forum.status().message(), HasSubstr("party 'B'"));
  EXPECT_THAT(forum.status().message(), HasSubstr("neither"));
}

}  // namespace
}  // namespace concert::testing
