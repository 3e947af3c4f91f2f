// A party that takes the draft but never answers a vote: the coordinator
// waits out the deadline, retries with backoff, then applies the
// absent-party rule — SUSPENDED under BLOCKS, the session goes on under
// ABSTAINS. The deadline is the silent party's own: a healthy party slower
// than it still votes.
#include <condition_variable>
#include <mutex>
#include <thread>

#include "gtest/gtest.h"
#include "services/common/server/server.h"
#include "services/coordinator/rpc/coordinator_service.h"
#include "services/party/rpc/party_service.h"
#include "tests/support/net/forum_fixture.h"

namespace concert::testing {
namespace {

// Describes itself and takes drafts, but holds every Evaluate until the
// caller gives up (its deadline cancels the call).
class SilentParty final : public v1::Party::Service {
 public:
  explicit SilentParty(std::string id) : id_(std::move(id)) {}

  grpc::Status Describe(grpc::ServerContext*, const v1::DescribeRequest*,
                        v1::DescribeResponse* response) override {
    response->set_party_id(id_);
    response->set_memory(v1::MEMORY_SET);
    return grpc::Status::OK;
  }
  grpc::Status Table(grpc::ServerContext*, const v1::TableRequest*,
                     v1::TableResponse* response) override {
    response->set_draft_digest("silent");
    return grpc::Status::OK;
  }
  grpc::Status Evaluate(grpc::ServerContext* context,
                        const v1::EvaluateRequest*,
                        v1::EvaluateResponse*) override {
    std::unique_lock lock(mu_);
    ++calls_;
    // Wakes on Release() (test teardown) or when the client cancels.
    while (!released_ && !context->IsCancelled()) {
      cv_.wait_for(lock, std::chrono::milliseconds(20));
    }
    return grpc::Status(grpc::StatusCode::CANCELLED, "gave up");
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  int calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  std::string id_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
  int calls_ = 0;
};

// A healthy party that takes longer to answer than the silent party's
// deadline (its slowness is what it is, not a synchronisation).
class SlowParty final : public v1::Party::Service {
 public:
  explicit SlowParty(const v1::PartySpec& spec) : party_(spec) {}
  static constexpr auto kDelay = std::chrono::milliseconds(250);

  grpc::Status Describe(grpc::ServerContext* context,
                        const v1::DescribeRequest* request,
                        v1::DescribeResponse* response) override {
    return party_.Describe(context, request, response);
  }
  grpc::Status Table(grpc::ServerContext* context,
                     const v1::TableRequest* request,
                     v1::TableResponse* response) override {
    return party_.Table(context, request, response);
  }
  grpc::Status Evaluate(grpc::ServerContext* context,
                        const v1::EvaluateRequest* request,
                        v1::EvaluateResponse* response) override {
    std::this_thread::sleep_for(kDelay);
    return party_.Evaluate(context, request, response);
  }

 private:
  party::PartyService party_;
};

class UnresponsivePartyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = SmallScenario();
    for (int i = 0; i < 2; ++i) {
      if (i == 1) {
        services_.push_back(std::make_unique<SlowParty>(scenario_.parties(i)));
      } else {
        services_.push_back(
            std::make_unique<party::PartyService>(scenario_.parties(i)));
      }
      auto server = RunningServer::Start({}, {services_.back().get()});
      ASSERT_TRUE(server.ok());
      scenario_.mutable_parties(i)->set_address((*server)->address());
      servers_.push_back(*std::move(server));
    }
    auto server = RunningServer::Start({}, {&silent_});
    ASSERT_TRUE(server.ok());
    scenario_.mutable_parties(2)->set_address((*server)->address());
    servers_.push_back(*std::move(server));

    coordinator::CoordinatorOptions options;
    // The deadline belongs to the party that misbehaves (C, silent): the
    // healthy parties get a generous one, so a loaded machine cannot make
    // them look unresponsive.
    options.vote.retry.deadline = std::chrono::seconds(30);
    options.vote.party_deadline = {{"C", std::chrono::milliseconds(150)}};
    options.vote.retry.retries = 2;
    options.vote.retry.backoff = std::chrono::milliseconds(10);
    coordinator_ =
        std::make_unique<coordinator::CoordinatorService>(scenario_, options);
    auto c = RunningServer::Start({}, {coordinator_.get()});
    ASSERT_TRUE(c.ok());
    coordinator_server_ = *std::move(c);
    stub_ = CoordinatorStub(coordinator_server_->address());
  }
  void TearDown() override {
    silent_.Release();
    if (coordinator_server_) coordinator_server_->Shutdown();
    for (auto& s : servers_) s->Shutdown();
  }

  v1::Scenario scenario_;
  SilentParty silent_{"C"};
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::vector<std::unique_ptr<RunningServer>> servers_;
  std::unique_ptr<coordinator::CoordinatorService> coordinator_;
  std::unique_ptr<RunningServer> coordinator_server_;
  std::unique_ptr<v1::Coordinator::Stub> stub_;
};

TEST_F(UnresponsivePartyTest, AbsenceBlocksSoTheSessionIsSuspended) {
  v1::RunSessionRequest request;
  *request.mutable_draft() = SmallDraft();
  const SessionCall call = RunSession(*stub_, request);
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  const auto& summary = call.session.summary();
  EXPECT_EQ(summary.outcome(), v1::SessionSummary::SUSPENDED);
  ASSERT_EQ(summary.missing_parties_size(), 1);
  EXPECT_EQ(summary.missing_parties(0), "C");
  ASSERT_GE(call.session.rounds_size(), 1);
  const auto& vote_c = call.session.rounds(0).votes(2);
  EXPECT_TRUE(vote_c.absent());
  EXPECT_EQ(vote_c.attempts(), 3);  // the first call and two retries
  EXPECT_EQ(call.session.rounds(0).outcome(), v1::Round::DEFERRED);
  EXPECT_EQ(silent_.calls(), 3);
  // B answers later than C's deadline, and votes at the first attempt.
  const auto& vote_b = call.session.rounds(0).votes(1);
  EXPECT_FALSE(vote_b.absent()) << vote_b.rationale();
  EXPECT_EQ(vote_b.attempts(), 1);
  EXPECT_GE(vote_b.latency_us(),
            std::chrono::microseconds(SlowParty::kDelay).count());
}

TEST_F(UnresponsivePartyTest, AbsenceCountsAsAbstentionWhenConfigured) {
  v1::RunSessionRequest request;
  *request.mutable_draft() = SmallDraft();
  request.mutable_rule()->set_kind(v1::DecisionRule::CONSENSUS);
  request.mutable_rule()->set_absent_party(v1::DecisionRule::ABSTAINS);
  const SessionCall call = RunSession(*stub_, request);
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_EQ(call.session.summary().outcome(), v1::SessionSummary::CONSENSUS);
  EXPECT_EQ(call.session.summary().adopted_size(), 3);
  for (const auto& round : call.session.rounds()) {
    EXPECT_TRUE(round.votes(2).absent());
  }
  ASSERT_EQ(call.session.summary().missing_parties_size(), 1);
}

}  // namespace
}  // namespace concert::testing
