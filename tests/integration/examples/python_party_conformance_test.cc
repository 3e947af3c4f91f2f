// The Python example party passes `concert conformance` — the real program,
// against party.py serving the shipped ROK model (models/rok.json), with the
// files its README uses — and serves the standard gRPC health service the
// first check asks: SERVING for the server and for concert.v1.Party,
// NOT_FOUND for other names, and NOT_SERVING to a watcher once it stops.
#include <signal.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <grpcpp/grpcpp.h>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/examples/conformance_run.h"
#include "tests/integration/examples/python_party.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kRokModel =
    CONCERT_SOURCE_DIR "/clients/examples/python-party/models/rok.json";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class PythonPartyConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string why = PythonPartyUnavailable(); !why.empty()) {
      GTEST_SKIP() << why;
    }
    // A short grace: the tests that stop it wait for no call in flight.
    party_ = std::make_unique<PythonParty>(
        ReadFile(kRokModel), std::vector<std::string>{"--grace-ms", "1000"});
    ASSERT_TRUE(party_->serving()) << party_->log();
    health_ = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
        party_->address(), grpc::InsecureChannelCredentials()));
  }

  static void Deadline(grpc::ClientContext* ctx) {
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(30));
  }

  grpc::Status Check(const std::string& service,
                     HealthCheckResponse* response) {
    grpc::ClientContext ctx;
    Deadline(&ctx);
    HealthCheckRequest request;
    request.set_service(service);
    return health_->Check(&ctx, request, response);
  }

  std::unique_ptr<PythonParty> party_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

TEST_F(PythonPartyConformanceTest, TheRokSeatPassesEveryCheck) {
  // As `concert conformance ADDR --party ROK` with the embedded six-party
  // scenario and draft.
  auto lines = PassLines(RunConformanceCommand(party_->address(), "ROK"));
  EXPECT_THAT(lines["health"], HasSubstr("SERVING"));
  EXPECT_THAT(lines["describe"],
              HasSubstr("party 'ROK', MEMORY_SET, 2 variants, "
                        "'python-party 0.1.0'"));
  // A variant its model does not list keeps the baseline, and it says so.
  EXPECT_THAT(lines["table"],
              HasSubstr("variant 'conformance-no-such-variant' taken as the "
                        "baseline"));
  EXPECT_THAT(lines["evaluate-stream"], Not(HasSubstr("not implemented")));
  EXPECT_THAT(lines["set-memory"], Not(HasSubstr("skipped")));
}

TEST_F(PythonPartyConformanceTest, PassesWithTheReadmesScenarioAndDraft) {
  auto lines = PassLines(
      RunConformanceCommand(party_->address(), "ROK",
                            {"--scenario", ShippedScenarioPath(), "--draft",
                             ShippedDraftPath("arf-three-stage")}));
  EXPECT_THAT(lines["table"], HasSubstr("draft 'arf-three-stage'"));
}

TEST_F(PythonPartyConformanceTest, HealthServesItsNamesAndNoOther) {
  HealthCheckResponse response;
  ASSERT_TRUE(Check("", &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  ASSERT_TRUE(Check("concert.v1.Party", &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  const grpc::Status unknown = Check("concert.v1.Coordinator", &response);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(unknown.error_message(), HasSubstr("concert.v1.Coordinator"));
}

TEST_F(PythonPartyConformanceTest, AWatcherIsToldNotServingWhenItStops) {
  grpc::ClientContext ctx;
  Deadline(&ctx);
  HealthCheckRequest request;
  request.set_service("concert.v1.Party");
  auto watch = health_->Watch(&ctx, request);
  HealthCheckResponse response;
  ASSERT_TRUE(watch->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);

  // The party stops: the watcher hears NOT_SERVING, then the call ends.
  party_->process().Signal(SIGTERM);
  ASSERT_TRUE(watch->Read(&response)) << party_->log();
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  EXPECT_FALSE(watch->Read(&response));
  EXPECT_TRUE(watch->Finish().ok());
  EXPECT_EQ(party_->process().Wait(), 0) << party_->log();
}

}  // namespace
}  // namespace concert::testing
