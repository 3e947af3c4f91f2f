// The coordinator's service boundary: bad requests get the right gRPC status
// codes with messages that say what is wrong; registration and listing of
// parties; health checking and reflection for generic tools.
#include <map>
#include <string>

#include "clients/concert/forum/embedded_forum.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/net/forum_fixture.h"
#include "tests/support/net/grpc_probe.h"

namespace concert::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

class CoordinatorServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto forum = cli::EmbeddedForum::Start(SmallScenario());
    ASSERT_TRUE(forum.ok()) << forum.status();
    forum_ = *std::move(forum);
    stub_ = CoordinatorStub(forum_->coordinator_address());
  }
  std::unique_ptr<cli::EmbeddedForum> forum_;
  std::unique_ptr<v1::Coordinator::Stub> stub_;
};

TEST_F(CoordinatorServiceTest, DraftWithCycleIsInvalidArgumentNamingTheCycle) {
  v1::RunSessionRequest request;
  *request.mutable_draft() = SmallDraft();
  request.mutable_draft()->mutable_proposals(1)->add_prerequisites("charter");
  const SessionCall call = RunSession(*stub_, request);
  EXPECT_EQ(call.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(call.status.error_message(),
              HasSubstr("talks -> charter -> talks"));
  EXPECT_EQ(call.events, 0);
}

TEST_F(CoordinatorServiceTest, UnknownVariantIsInvalidArgument) {
  v1::RunSessionRequest request;
  *request.mutable_draft() = SmallDraft();
  request.set_variant("no-such-future");
  const SessionCall call = RunSession(*stub_, request);
  EXPECT_EQ(call.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(call.status.error_message(), HasSubstr("no-such-future"));
}

// Any client may call the scenario without a variant "baseline", as every
// report does: the session is the one without a variant, and the parties
// and the record are told "" (SDK parties know no variant "baseline").
TEST_F(CoordinatorServiceTest, BaselineNamesTheScenarioWithoutAVariant) {
  v1::RunSessionRequest request;
  *request.mutable_draft() = SmallDraft();
  const SessionCall plain = RunSession(*stub_, request);
  request.set_variant("baseline");
  const SessionCall named = RunSession(*stub_, request);
  ASSERT_TRUE(named.status.ok()) << named.status.error_message();
  EXPECT_EQ(named.session.started().variant(), "");
  EXPECT_EQ(named.session.summary().outcome(),
            plain.session.summary().outcome());
  EXPECT_EQ(named.session.summary().adopted_size(),
            plain.session.summary().adopted_size());
}

TEST_F(CoordinatorServiceTest, VariantWithAbsentPartyBlocksByDefault) {
  v1::RunSessionRequest request;
  *request.mutable_draft() = SmallDraft();
  request.set_variant("without-c");
  const SessionCall call = RunSession(*stub_, request);
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_EQ(call.session.summary().outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_EQ(call.session.summary().adopted_size(), 0);
}

TEST_F(CoordinatorServiceTest, RegisterPartyChecksIdAndAddress) {
  grpc::ClientContext c1;
  v1::RegisterPartyRequest unknown;
  unknown.set_party_id("ZZ");
  unknown.set_address("127.0.0.1:1");
  v1::RegisterPartyResponse response;
  EXPECT_EQ(stub_->RegisterParty(&c1, unknown, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);

  grpc::ClientContext c2;
  v1::RegisterPartyRequest empty;
  empty.set_party_id("A");
  EXPECT_EQ(stub_->RegisterParty(&c2, empty, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // Re-registering A at B's address: the service there says it is B.
  grpc::ClientContext c3;
  v1::RegisterPartyRequest wrong;
  wrong.set_party_id("A");
  wrong.set_address(forum_->party_addresses()[1]);
  const grpc::Status s = stub_->RegisterParty(&c3, wrong, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("is party 'B'"));

  grpc::ClientContext c4;
  v1::RegisterPartyRequest right;
  right.set_party_id("A");
  right.set_address(forum_->party_addresses()[0]);
  ASSERT_TRUE(stub_->RegisterParty(&c4, right, &response).ok());
  EXPECT_TRUE(response.party().reachable());
  EXPECT_EQ(response.party().memory(), v1::MEMORY_SET);
}

// The registry as ListParties shows it: id -> address.
std::map<std::string, std::string> Seats(v1::Coordinator::Stub& stub) {
  grpc::ClientContext ctx;
  v1::ListPartiesResponse response;
  EXPECT_TRUE(stub.ListParties(&ctx, v1::ListPartiesRequest(), &response).ok());
  std::map<std::string, std::string> seats;
  for (const auto& party : response.parties()) {
    seats[party.id()] = party.address();
  }
  return seats;
}

TEST_F(CoordinatorServiceTest, ARefusedRegistrationLeavesTheRegistryAsItWas) {
  const std::map<std::string, std::string> before = Seats(*stub_);
  ASSERT_EQ(before.at("A"), forum_->party_addresses()[0]);
  struct Refused {
    const char* why;
    std::string address;
    grpc::StatusCode code;
  };
  const Refused refused[] = {
      // B's service answers as B: A's seat must not go to B's model.
      {"another party's service", forum_->party_addresses()[1],
       grpc::StatusCode::FAILED_PRECONDITION},
      // Nothing listens there: the id cannot be proved.
      {"nothing listening", "127.0.0.1:1", grpc::StatusCode::UNAVAILABLE},
  };
  for (const Refused& r : refused) {
    grpc::ClientContext ctx;
    v1::RegisterPartyRequest request;
    request.set_party_id("A");
    request.set_address(r.address);
    v1::RegisterPartyResponse response;
    const grpc::Status status = stub_->RegisterParty(&ctx, request, &response);
    EXPECT_EQ(status.error_code(), r.code) << r.why;
    EXPECT_THAT(status.error_message(), HasSubstr("unchanged")) << r.why;
    EXPECT_EQ(Seats(*stub_), before) << r.why;
  }
  // And the forum still holds its sessions with every seat addressed.
  v1::RunSessionRequest session;
  *session.mutable_draft() = SmallDraft();
  const SessionCall call = RunSession(*stub_, session);
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_EQ(call.session.summary().outcome(), v1::SessionSummary::CONSENSUS);
}

TEST_F(CoordinatorServiceTest, ListPartiesReportsReachability) {
  forum_->StopParty(1);
  grpc::ClientContext ctx;
  v1::ListPartiesResponse response;
  ASSERT_TRUE(
      stub_->ListParties(&ctx, v1::ListPartiesRequest(), &response).ok());
  ASSERT_EQ(response.parties_size(), 3);
  EXPECT_TRUE(response.parties(0).reachable());
  EXPECT_FALSE(response.parties(1).reachable());
  EXPECT_EQ(response.parties(2).name(), "Gamma");
}

TEST_F(CoordinatorServiceTest, HealthAndReflectionAnswerOnEveryServer) {
  std::vector<std::string> addresses = forum_->party_addresses();
  addresses.push_back(forum_->coordinator_address());
  for (const auto& address : addresses) {
    auto health = HealthStatus(address);
    ASSERT_TRUE(health.ok()) << address << ": " << health.status();
    EXPECT_EQ(*health, "SERVING") << address;
    auto services = ReflectedServices(address);
    ASSERT_TRUE(services.ok()) << address << ": " << services.status();
    EXPECT_THAT(*services, Contains(address == forum_->coordinator_address()
                                        ? "concert.v1.Coordinator"
                                        : "concert.v1.Party"));
    EXPECT_THAT(*services, Contains("grpc.health.v1.Health"));
  }
}

}  // namespace
}  // namespace concert::testing
