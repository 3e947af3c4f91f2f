// A forum over mutual TLS, in one process with real gRPC servers on
// 127.0.0.1:0: the coordinator and each party serve TLS with the
// certificates scripts/dev-ca issues, and the tests call them as clients
// of each role would.
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "concert/v1/party.grpc.pb.h"
#include "services/common/server/server.h"
#include "services/common/tls/credentials.h"
#include "services/coordinator/records/record_store.h"
#include "services/coordinator/rpc/coordinator_service.h"
#include "services/party/rpc/party_service.h"
#include "tests/integration/tls/tls_fixture.h"
#include "tests/support/net/coordinator_calls.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

// One party served with the certificate `cert_name` (its own, or another's
// to play an impostor).
struct TlsParty {
  std::unique_ptr<party::PartyService> service;
  std::unique_ptr<RunningServer> server;
};

TlsParty ServeParty(const v1::PartySpec& spec, const std::string& cert_name) {
  TlsParty out;
  party::PartyServiceOptions options;
  options.require_coordinator = true;
  out.service = std::make_unique<party::PartyService>(spec, options);
  ServerOptions server;
  server.component = "party/" + spec.id();
  server.credentials =
      tls::ServerCredentials(Certificates::Get().Forum(cert_name));
  auto running = RunningServer::Start(server, {out.service.get()});
  EXPECT_TRUE(running.ok()) << running.status();
  if (running.ok()) out.server = *std::move(running);
  return out;
}

std::string Lower(const std::string& id) { return absl::AsciiStrToLower(id); }

class MtlsForumTest : public ::testing::Test {
 protected:
  // Every party served with its own certificate, except `impostor_for`'s
  // seat, served with `impostor_cert` (empty: none).
  void StartForum(const std::string& impostor_for = "",
                  const std::string& impostor_cert = "") {
    v1::Scenario scenario = SixPartyScenario();
    for (v1::PartySpec& spec : *scenario.mutable_parties()) {
      const bool impostor = spec.id() == impostor_for;
      parties_.push_back(
          ServeParty(spec, impostor ? impostor_cert : Lower(spec.id())));
      ASSERT_NE(parties_.back().server, nullptr);
      spec.set_address(parties_.back().server->address());
    }
    auto store = coordinator::RecordStore::Open(dir_.File("records.db"));
    ASSERT_TRUE(store.ok()) << store.status();
    coordinator::CoordinatorOptions options;
    options.store = *std::move(store);
    options.tls = Certificates::Get().Forum("coordinator");
    options.vote.retry.retries = 0;
    options.vote.retry.deadline = std::chrono::milliseconds(3000);
    coordinator_ =
        std::make_unique<coordinator::CoordinatorService>(scenario, options);
    ServerOptions server;
    server.component = "coordinator";
    server.credentials = tls::ServerCredentials(options.tls);
    auto running = RunningServer::Start(server, {coordinator_.get()});
    ASSERT_TRUE(running.ok()) << running.status();
    server_ = *std::move(running);
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
    if (coordinator_ != nullptr) coordinator_->DropIdleVoteSources();
  }

  std::unique_ptr<v1::Coordinator::Stub> As(const std::string& cert) {
    return v1::Coordinator::NewStub(
        TlsChannel(server_->address(), Certificates::Get().Forum(cert)));
  }
  const std::string& PartyAddress(const std::string& id) const {
    for (std::size_t i = 0; i < parties_.size(); ++i) {
      if (coordinator_->scenario().parties(static_cast<int>(i)).id() == id)
        return coordinator_->scenario().parties(static_cast<int>(i)).address();
    }
    static const std::string none;
    return none;
  }
  // A session run as `cert`; its record id on success.
  SessionCall RunAs(const std::string& cert) {
    auto stub = As(cert);
    return RunSession(*stub,
                      SessionRequest(ShippedDraft("paper-sequence"), ""));
  }

  TempDir dir_;
  std::vector<TlsParty> parties_;
  std::unique_ptr<coordinator::CoordinatorService> coordinator_;
  std::unique_ptr<RunningServer> server_;
};

TEST_F(MtlsForumTest, ASessionRunsEndToEndOverMutualTls) {
  ASSERT_NO_FATAL_FAILURE(StartForum());
  const SessionCall call = RunAs("client");
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  ASSERT_TRUE(call.session.has_summary());
  EXPECT_GT(call.session.summary().rounds(), 0);
  // Every party answered: none was refused by its handshake.
  ASSERT_GT(call.session.rounds_size(), 0);
  EXPECT_EQ(AnsweredParties(call.session.rounds(0).votes()).size(), 6u);
}

TEST_F(MtlsForumTest, AClientWithoutTheRunRoleCannotRunASession) {
  ASSERT_NO_FATAL_FAILURE(StartForum());
  const SessionCall call = RunAs("reader");
  EXPECT_EQ(call.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(call.status.error_message(), HasSubstr("'run'"));
  EXPECT_THAT(call.status.error_message(), HasSubstr("roles read"));
  // A party's certificate holds no client role either.
  EXPECT_EQ(RunAs("usa").status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(MtlsForumTest, PrivateModelsLeaveARecordOnlyForReadPrivate) {
  ASSERT_NO_FATAL_FAILURE(StartForum());
  const SessionCall call = RunAs("client");
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  const std::string id = call.session.started().session_id();
  ASSERT_FALSE(id.empty());
  const auto interests = [](const v1::Record& record) {
    int with = 0;
    for (const auto& p : record.session().inputs().scenario().parties())
      with += p.has_interests() || p.variants_size() > 0 ? 1 : 0;
    return with;
  };
  for (const std::string cert : {"reader", "client"}) {
    auto stub = As(cert);
    v1::GetRecordRequest request;
    request.set_id(id);
    v1::Record record;
    grpc::ClientContext context;
    const grpc::Status status = stub->GetRecord(&context, request, &record);
    ASSERT_TRUE(status.ok()) << cert << ": " << status.error_message();
    EXPECT_EQ(record.session().inputs().scenario().parties_size(), 6) << cert;
    EXPECT_EQ(interests(record), 0) << cert;
  }
  auto admin = As("admin");
  const v1::Record full = GetRecord(*admin, id);
  EXPECT_EQ(interests(full), 6);
}

TEST_F(MtlsForumTest, APartyCertificateNamingAnotherIdCannotAnswerForIt) {
  // DPRK's seat is served with USA's certificate: the coordinator's
  // handshake with it fails, so DPRK is absent, never USA's model voting
  // as DPRK.
  ASSERT_NO_FATAL_FAILURE(StartForum("DPRK", "usa"));
  const SessionCall call = RunAs("client");
  ASSERT_GT(call.session.rounds_size(), 0) << call.status.error_message();
  for (const auto& round : call.session.rounds()) {
    for (const std::string& id : AnsweredParties(round.votes()))
      EXPECT_NE(id, "DPRK");
  }
  // Registering the impostor's address as DPRK is refused with the reason.
  auto admin = As("admin");
  v1::RegisterPartyRequest request;
  request.set_party_id("DPRK");
  request.set_address(PartyAddress("DPRK"));
  v1::RegisterPartyResponse response;
  grpc::ClientContext context;
  const grpc::Status status =
      admin->RegisterParty(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
      << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("party USA"));
  EXPECT_THAT(status.error_message(), HasSubstr("not party DPRK"));
}

TEST_F(MtlsForumTest, APartyMayRegisterItsOwnIdOnly) {
  ASSERT_NO_FATAL_FAILURE(StartForum());
  const auto register_as = [&](const std::string& cert, const std::string& id,
                               const std::string& address) {
    auto stub = As(cert);
    v1::RegisterPartyRequest request;
    request.set_party_id(id);
    request.set_address(address);
    v1::RegisterPartyResponse response;
    grpc::ClientContext context;
    return stub->RegisterParty(&context, request, &response);
  };
  EXPECT_TRUE(register_as("dprk", "DPRK", PartyAddress("DPRK")).ok());
  // USA's certificate may not seat anyone as DPRK, wherever it points.
  const grpc::Status other = register_as("usa", "DPRK", PartyAddress("USA"));
  EXPECT_EQ(other.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(other.error_message(), HasSubstr("urn:concert:party:DPRK"));
  // Nor may a client without 'register'.
  EXPECT_EQ(register_as("client", "DPRK", PartyAddress("DPRK")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(MtlsForumTest, ClientsWithoutAForumCertificateCannotConnect) {
  ASSERT_NO_FATAL_FAILURE(StartForum());
  const auto scenario_with = [&](std::shared_ptr<grpc::ChannelCredentials> c) {
    auto stub = v1::Coordinator::NewStub(
        grpc::CreateChannel(server_->address(), std::move(c)));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    v1::Scenario scenario;
    return stub->GetScenario(&context, v1::GetScenarioRequest(), &scenario);
  };
  EXPECT_TRUE(scenario_with(
                  tls::ChannelCredentials(Certificates::Get().Forum("client")))
                  .ok());
  // Plaintext, TLS without a client certificate, a certificate of another CA.
  EXPECT_FALSE(scenario_with(grpc::InsecureChannelCredentials()).ok());
  grpc::SslCredentialsOptions no_cert;
  no_cert.pem_root_certs = Certificates::Get().Forum("client").ca_pem;
  EXPECT_FALSE(scenario_with(grpc::SslCredentials(no_cert)).ok());
  EXPECT_FALSE(scenario_with(tls::ChannelCredentials(
                                 Certificates::Get().Foreign("admin")))
                   .ok());
}

TEST_F(MtlsForumTest, APartyAnswersOnlyTheCoordinatorRole) {
  ASSERT_NO_FATAL_FAILURE(StartForum());
  const auto describe_as = [&](const std::string& cert) {
    auto stub = v1::Party::NewStub(
        TlsChannel(PartyAddress("DPRK"), Certificates::Get().Forum(cert)));
    grpc::ClientContext context;
    v1::DescribeResponse response;
    return stub->Describe(&context, v1::DescribeRequest(), &response);
  };
  EXPECT_TRUE(describe_as("coordinator").ok());
  const grpc::Status client = describe_as("client");
  EXPECT_EQ(client.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(client.error_message(), HasSubstr("'coordinator'"));
  // Another party is no coordinator.
  EXPECT_EQ(describe_as("usa").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The stream is refused the same way.
  auto stub = v1::Party::NewStub(
      TlsChannel(PartyAddress("DPRK"), Certificates::Get().Forum("client")));
  grpc::ClientContext context;
  auto stream = stub->EvaluateStream(&context);
  v1::EvaluateBatchResult result;
  EXPECT_FALSE(stream->Read(&result));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace concert::testing
