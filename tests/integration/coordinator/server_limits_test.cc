// How many long calls a server runs at once is the server's to bound, not
// its callers' (issue 13): a coordinator runs at most --limit-sessions
// sessions, explorations and comparisons, a party serves at most
// --limit-streams EvaluateStreams, and each refuses one more at once with
// RESOURCE_EXHAUSTED naming the limit and its flag — while the calls it runs
// finish normally. Registrations leave no channel to an address no party
// sits at (each kept reconnecting for ever).
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "concert/v1/party.grpc.pb.h"
#include "services/common/server/server.h"
#include "services/coordinator/rpc/coordinator_service.h"
#include "services/party/rpc/party_service.h"
#include "tests/support/net/coordinator_calls.h"
#include "tests/support/net/forum_fixture.h"
#include "tests/support/net/test_party.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

// The small scenario's three parties as in-test parties, and a coordinator
// over them with the given options.
class ServerLimitsTest : public ::testing::Test {
 protected:
  void StartForum(coordinator::CoordinatorOptions options) {
    scenario_ = SmallScenario();
    for (v1::PartySpec& spec : *scenario_.mutable_parties()) {
      parties_.push_back(ServedParty::Start(spec, {"without-c"}));
      ASSERT_NE(parties_.back()->server, nullptr) << spec.id();
      spec.set_address(parties_.back()->address());
    }
    service_ = std::make_unique<coordinator::CoordinatorService>(
        scenario_, std::move(options));
    auto server = RunningServer::Start({}, {service_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = CoordinatorStub(server_->address());
  }

  void TearDown() override {
    for (auto& party : parties_) party->party->Release();
    if (server_ != nullptr) server_->Shutdown();
    if (service_ != nullptr) service_->DropIdleVoteSources();
  }

  v1::Scenario scenario_;
  std::vector<std::unique_ptr<ServedParty>> parties_;
  std::unique_ptr<coordinator::CoordinatorService> service_;
  std::unique_ptr<RunningServer> server_;
  std::unique_ptr<v1::Coordinator::Stub> stub_;
};

TEST_F(ServerLimitsTest, ACallBeyondTheSessionLimitIsRefusedWhileTheOthersRun) {
  coordinator::CoordinatorOptions options;
  options.max_running = 1;
  options.idle_vote_sources = 0;
  StartForum(std::move(options));
  ASSERT_NE(stub_, nullptr);
  // The first session waits on party A's first question (asked alone or in
  // a batch): it holds the one slot meanwhile.
  parties_[0]->party->HoldEvaluate(1);
  parties_[0]->party->HoldBatchesFrom(1);
  SessionCall first;
  std::thread running(
      [&] { first = RunSession(*stub_, SessionRequest(SmallDraft(), "")); });
  absl::Cleanup finish = [&] {
    parties_[0]->party->Release();
    running.join();
  };
  ASSERT_TRUE(parties_[0]->party->WaitUntilHolding());

  const SessionCall second =
      RunSession(*stub_, SessionRequest(SmallDraft(), ""));
  EXPECT_EQ(second.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(second.status.error_message(),
              HasSubstr("already runs 1 sessions, explorations and "
                        "comparisons at once, its limit (concert-coordinator "
                        "--limit-sessions raises it)"));
  EXPECT_EQ(second.events, 0);
  const ExploreCall explore = Explore(*stub_, SmallDraft(), "");
  EXPECT_EQ(explore.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  // Short calls are not counted: the coordinator still answers them.
  grpc::ClientContext context;
  v1::Scenario scenario;
  EXPECT_TRUE(
      stub_->GetScenario(&context, v1::GetScenarioRequest(), &scenario).ok());

  std::move(finish).Invoke();
  EXPECT_TRUE(first.status.ok()) << first.status.error_message();
  EXPECT_TRUE(first.session.has_summary());
  // Its slot is back: the next session runs.
  EXPECT_TRUE(RunSession(*stub_, SessionRequest(SmallDraft(), "")).status.ok());
}

// The built-in party's EvaluateStreams: the limit's worth are served, one
// more is refused at once, and a slot comes back when a stream ends.
TEST(PartyStreamLimitTest, AStreamBeyondTheLimitIsRefusedNamingTheFlag) {
  const v1::Scenario scenario = SmallScenario();
  party::PartyServiceOptions options;
  options.max_streams = 2;
  party::PartyService service(scenario.parties(0), options);
  auto server = RunningServer::Start({}, {&service});
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = grpc::CreateChannel((*server)->address(),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::Party::NewStub(channel);

  struct Open {
    grpc::ClientContext context;
    std::unique_ptr<
        grpc::ClientReaderWriter<v1::EvaluateBatch, v1::EvaluateBatchResult>>
        stream;
  };
  // A batch the party answers (with an error: it knows no such draft), so
  // a stream that answered is known to be open and counted.
  const auto answered = [](Open& open) {
    v1::EvaluateBatch batch;
    batch.set_request_id(1);
    batch.set_draft_digest("none");
    v1::EvaluateBatchResult result;
    return open.stream->Write(batch) && open.stream->Read(&result);
  };
  std::vector<std::unique_ptr<Open>> held;
  for (int i = 0; i < 2; ++i) {
    held.push_back(std::make_unique<Open>());
    held.back()->stream = stub->EvaluateStream(&held.back()->context);
    ASSERT_TRUE(answered(*held.back())) << "stream " << i;
  }
  {
    Open refused;
    refused.stream = stub->EvaluateStream(&refused.context);
    EXPECT_FALSE(answered(refused));
    const grpc::Status status = refused.stream->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_THAT(status.error_message(),
                HasSubstr("already runs 2 evaluate streams at once, its "
                          "limit (concert-party --limit-streams raises it)"));
  }
  // One ends (the coordinator's side closes): its slot is given back once
  // gRPC is done with it, which the party does after the client has seen
  // the end — so the next stream may need a few tries, each a real call.
  held[0]->stream->WritesDone();
  EXPECT_TRUE(held[0]->stream->Finish().ok());
  bool reopened = false;
  for (int attempt = 0; attempt < 1000 && !reopened; ++attempt) {
    Open next;
    next.stream = stub->EvaluateStream(&next.context);
    reopened = answered(next);
    next.stream->WritesDone();
    next.stream->Finish();
  }
  EXPECT_TRUE(reopened);
  held[1]->stream->WritesDone();
  held[1]->stream->Finish();
  (*server)->Shutdown();
}

// Registrations at addresses where nothing answers are refused, and leave
// no channel behind; an accepted one keeps just the seat's.
TEST_F(ServerLimitsTest, RefusedRegistrationsLeaveNoChannels) {
  StartForum({});
  ASSERT_NE(stub_, nullptr);
  const std::size_t seated = service_->channels_held();
  for (int i = 0; i < 40; ++i) {
    v1::RegisterPartyRequest request;
    request.set_party_id("A");
    // Port 1 on loopback: refused at once, nothing listens there.
    request.set_address(absl::StrCat("127.0.0.", 2 + i, ":1"));
    v1::RegisterPartyResponse response;
    grpc::ClientContext context;
    const grpc::Status status =
        stub_->RegisterParty(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  }
  EXPECT_LE(service_->channels_held(), seated);
  EXPECT_LE(service_->channels_held(), 3u);
  // The seat itself still works.
  EXPECT_TRUE(RunSession(*stub_, SessionRequest(SmallDraft(), "")).status.ok());
}

}  // namespace
}  // namespace concert::testing
