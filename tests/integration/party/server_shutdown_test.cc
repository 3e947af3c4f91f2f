// The graceful stop of a party server: a call in flight when the stop begins
// is still answered, and a client that only keeps its connection open (as a
// coordinator does) does not make the stop wait out the grace period.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "concert/v1/party.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/common/server/server.h"
#include "services/party/rpc/party_service.h"
#include "tests/support/net/child_process.h"
#include "tests/support/net/forum_fixture.h"
#include "tests/support/net/process_forum.h"
#include "tests/support/net/test_party.h"

namespace concert::testing {
namespace {

// Far longer than any stop may take: a stop that waited it out would fail
// the test by its time alone.
constexpr std::chrono::seconds kGrace{60};

// A client in another process and another gRPC implementation that
// connects and then idles, never closing its channel.
constexpr char kIdlePythonClient[] = R"py(
import sys, threading, grpc
channel = grpc.insecure_channel(sys.argv[1])
grpc.channel_ready_future(channel).result(timeout=20)
print("connected", file=sys.stderr, flush=True)
threading.Event().wait()
)py";

class ServerShutdownTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const v1::Scenario scenario = SmallScenario();
    party_ = std::make_unique<TestParty>(scenario.parties(0),
                                         std::vector<std::string>{});
    ServerOptions options;
    options.grace = kGrace;
    auto server = RunningServer::Start(options, {party_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel(server_->address(),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::Party::NewStub(channel_);
  }

  std::unique_ptr<TestParty> party_;
  std::unique_ptr<RunningServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Party::Stub> stub_;
};

TEST(PartyProcessStopTest, AnIdleConnectionDoesNotHoldTheStop) {
  if (access("/usr/bin/python3", X_OK) != 0 ||
      RunCommand({"/usr/bin/python3", "-c", "import grpc"}).exit_code != 0) {
    GTEST_SKIP() << "needs /usr/bin/python3 with grpc (python3-grpcio)";
  }
  ChildProcess party({PartyBinary(), "--scenario", ShippedScenarioPath(),
                      "--party", "ROK", "--listen", "127.0.0.1:0", "--grace-ms",
                      "60000"});
  const std::string address = ServedAddress(party);
  ASSERT_FALSE(address.empty()) << party.stderr_text();
  ChildProcess idle({"/usr/bin/python3", "-c", kIdlePythonClient, address});
  ASSERT_TRUE(idle.WaitForLine("connected").has_value()) << idle.stderr_text();
  const auto start = std::chrono::steady_clock::now();
  party.Signal(SIGTERM);
  EXPECT_EQ(party.Wait(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15))
      << "the stop waited out the grace period for an idle connection";
}

TEST_F(ServerShutdownTest, ACallInFlightCompletesDuringTheStop) {
  v1::TableRequest table;
  *table.mutable_draft() = SmallDraft();
  v1::TableResponse tabled;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->Table(&ctx, table, &tabled).ok());
  }
  party_->HoldEvaluate(1);
  grpc::Status status;
  v1::EvaluateResponse answer;
  std::thread caller([&] {
    grpc::ClientContext ctx;
    v1::EvaluateRequest request;
    request.set_draft_digest(tabled.draft_digest());
    request.set_proposal("talks");
    status = stub_->Evaluate(&ctx, request, &answer);
  });
  ASSERT_TRUE(party_->WaitUntilHolding());

  // The stop begins (health turns NOT_SERVING first, which a Watch sees),
  // then the held call is let go: it must be answered, not cancelled.
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::ClientContext watch_ctx;
  auto watch = health->Watch(&watch_ctx, {});
  grpc::health::v1::HealthCheckResponse seen;
  ASSERT_TRUE(watch->Read(&seen));
  ASSERT_EQ(seen.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  std::thread stopper([&] { server_->Shutdown(); });
  ASSERT_TRUE(watch->Read(&seen));
  EXPECT_EQ(seen.status(), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  watch_ctx.TryCancel();  // the Watch is a call in flight too
  party_->Release();
  caller.join();
  stopper.join();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(answer.vote(), v1::VOTE_SUPPORT);
}

// The coordinator keeps each party's EvaluateStream open between requests.
// A stream waiting for its next batch must not hold the stop: it is ended
// at once, after the batch it was answering is answered.
TEST(IdleStreamStopTest, AStreamWaitingForItsNextBatchDoesNotHoldTheStop) {
  const v1::Scenario scenario = SmallScenario();
  party::PartyService party(scenario.parties(0));
  ServerOptions options;
  options.grace = kGrace;
  auto server = RunningServer::Start(options, {&party});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::Party::NewStub(grpc::CreateChannel(
      (*server)->address(), grpc::InsecureChannelCredentials()));

  grpc::ClientContext ctx;
  auto stream = stub->EvaluateStream(&ctx);
  v1::EvaluateBatch batch;
  *batch.mutable_table()->mutable_draft() = SmallDraft();
  batch.set_draft_digest("not-issued-yet");
  batch.set_set_words(1);
  batch.add_sets(0);
  batch.add_proposals(0);
  ASSERT_TRUE(stream->Write(batch));
  v1::EvaluateBatchResult result;
  ASSERT_TRUE(stream->Read(&result));
  ASSERT_TRUE(result.error().empty()) << result.error();
  ASSERT_EQ(result.votes_size(), 1);

  // Idle now, as between two requests of a coordinator.
  const auto start = std::chrono::steady_clock::now();
  (*server)->Shutdown();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15))
      << "the stop waited out the grace period for an idle stream";
  EXPECT_FALSE(stream->Read(&result));
  EXPECT_FALSE(stream->Finish().ok());
}

}  // namespace
}  // namespace concert::testing
