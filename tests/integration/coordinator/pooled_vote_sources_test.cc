// The coordinator keeps its vote sources between requests: a second
// exploration (or a session) with the same parties takes over the source of
// the first, so no party is described again, and the answers are the same.
// Explorations at once each hold a source of their own. A party that
// restarts and registers again (at another address, or at its old one) gets
// a fresh source, and the next exploration succeeds as before. Six in-test
// parties (TestParty, which counts the calls) on loopback port 0.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/common/server/server.h"
#include "services/coordinator/rpc/coordinator_service.h"
#include "tests/support/net/coordinator_calls.h"
#include "tests/support/net/process_forum.h"
#include "tests/support/net/test_party.h"

namespace concert::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;

// A TestParty whose Describe calls can be held until a number of them have
// arrived (calls in flight at once).
class GatedParty final : public v1::Party::Service {
 public:
  GatedParty(const v1::PartySpec& spec, std::vector<std::string> variants)
      : inner_(spec, std::move(variants)) {}

  grpc::Status Describe(grpc::ServerContext* context,
                        const v1::DescribeRequest* request,
                        v1::DescribeResponse* response) override {
    {
      std::unique_lock lock(mu_);
      ++arrived_;
      cv_.notify_all();
      // Bounded: a coordinator that never sends the other calls fails the
      // test's counts, it does not hang it.
      cv_.wait_for(lock, std::chrono::seconds(10),
                   [this] { return arrived_ >= hold_until_; });
    }
    return inner_.Describe(context, request, response);
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
  grpc::Status EvaluateStream(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::EvaluateBatchResult, v1::EvaluateBatch>*
          stream) override {
    return inner_.EvaluateStream(context, stream);
  }

  // Every Describe from now waits until `n` have arrived in all.
  void HoldDescribesUntil(int n) {
    std::lock_guard lock(mu_);
    hold_until_ = n;
  }
  // What it was asked (counts, holds of other calls).
  TestParty& inner() { return inner_; }

 private:
  TestParty inner_;
  std::mutex mu_;
  std::condition_variable cv_;
  int arrived_ = 0;
  int hold_until_ = 0;
};

struct Served {
  static std::unique_ptr<Served> Start(const v1::PartySpec& spec,
                                       const std::vector<std::string>& variants,
                                       const std::string& listen) {
    auto served = std::make_unique<Served>();
    served->party = std::make_unique<GatedParty>(spec, variants);
    ServerOptions options;
    options.listen = listen;
    options.component = absl::StrCat("gated-party/", spec.id());
    options.grace = std::chrono::milliseconds(100);
    auto server = RunningServer::Start(options, {served->party.get()});
    EXPECT_TRUE(server.ok()) << server.status();
    if (server.ok()) served->server = *std::move(server);
    return served;
  }
  std::unique_ptr<GatedParty> party;
  std::unique_ptr<RunningServer> server;
};

// An exploration without what differs between two runs of it.
v1::Exploration Untimed(v1::Exploration e) {
  e.clear_exploration_id();
  e.clear_elapsed_ms();
  return e;
}

class PooledVoteSourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = SixPartyScenario();
    for (v1::PartySpec& spec : *scenario_.mutable_parties()) {
      parties_.push_back(
          Served::Start(spec, VariantNames(scenario_), "127.0.0.1:0"));
      ASSERT_NE(parties_.back()->server, nullptr) << spec.id();
      spec.set_address(parties_.back()->server->address());
    }
    draft_ = ShippedDraft("arf-three-stage");
  }

  void StartCoordinator(int idle_vote_sources = 4) {
    coordinator::CoordinatorOptions options;
    options.idle_vote_sources = idle_vote_sources;
    // Generous: only the tests' own holds make a party slow.
    options.vote.retry.deadline = std::chrono::seconds(30);
    coordinator_ =
        std::make_unique<coordinator::CoordinatorService>(scenario_, options);
    ServerOptions server_options;
    server_options.component = "coordinator";
    server_options.grace = std::chrono::milliseconds(100);
    auto server = RunningServer::Start(server_options, {coordinator_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    coordinator_server_ = *std::move(server);
    stub_ = CoordinatorStub(coordinator_server_->address());
  }

  ExploreCall ExploreDraft() {
    v1::ExploreRequest request;
    *request.mutable_draft() = draft_;
    request.set_variant("transformation");
    request.set_include_graph(true);
    return Explore(*stub_, request);
  }

  // Describe (Table) calls per party, in scenario order.
  std::vector<int> Tables() const {
    std::vector<int> counts;
    for (const auto& p : parties_) {
      counts.push_back(p->party->inner().table_calls());
    }
    return counts;
  }
  std::vector<int> Describes() const {
    std::vector<int> counts;
    for (const auto& p : parties_) {
      counts.push_back(p->party->inner().describe_calls());
    }
    return counts;
  }
  static std::vector<int> Each(int n) { return std::vector<int>(6, n); }

  // Registers party i at where it serves now.
  void Register(int i) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    v1::RegisterPartyRequest request;
    request.set_party_id(scenario_.parties(i).id());
    request.set_address(parties_[i]->server->address());
    v1::RegisterPartyResponse response;
    const grpc::Status status = stub_->RegisterParty(&ctx, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  v1::Scenario scenario_;
  v1::CharterDraft draft_;
  std::vector<std::unique_ptr<Served>> parties_;
  // Declared after the parties: stopped before them, its idle streams
  // ended when it is destroyed.
  std::unique_ptr<coordinator::CoordinatorService> coordinator_;
  std::unique_ptr<RunningServer> coordinator_server_;
  std::unique_ptr<v1::Coordinator::Stub> stub_;
};

TEST_F(PooledVoteSourcesTest, ASecondExplorationDescribesNoPartyAgain) {
  StartCoordinator();
  const ExploreCall first = ExploreDraft();
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  EXPECT_EQ(Describes(), Each(1));
  EXPECT_EQ(Tables(), Each(1));
  const ExploreCall second = ExploreDraft();
  ASSERT_TRUE(second.status.ok()) << second.status.error_message();
  EXPECT_EQ(Describes(), Each(1));
  // Described parties are tabled lazily: the draft rode with the batches.
  EXPECT_EQ(Tables(), Each(1));
  EXPECT_TRUE(
      MessageDifferencer::Equals(Untimed(first.result), Untimed(second.result)))
      << first.result.ShortDebugString() << "\nvs\n"
      << second.result.ShortDebugString();
  // The streams of the first carried the second.
  for (const auto& p : parties_) {
    EXPECT_EQ(p->party->inner().stream_calls(), 1);
  }
}

TEST_F(PooledVoteSourcesTest, WithoutPoolingEachRequestDescribesEveryParty) {
  StartCoordinator(/*idle_vote_sources=*/0);
  ASSERT_TRUE(ExploreDraft().status.ok());
  ASSERT_TRUE(ExploreDraft().status.ok());
  EXPECT_EQ(Describes(), Each(2));
  EXPECT_EQ(Tables(), Each(2));
}

TEST_F(PooledVoteSourcesTest, SessionsAndExplorationsShareSourcesAlike) {
  StartCoordinator();
  const v1::RunSessionRequest session =
      SessionRequest(draft_, "transformation");
  const SessionCall before = RunSession(*stub_, session);
  ASSERT_TRUE(before.status.ok()) << before.status.error_message();
  ASSERT_TRUE(ExploreDraft().status.ok());
  // The session's answer observer went with its request: this session's
  // ledger is its own.
  const SessionCall after = RunSession(*stub_, session);
  ASSERT_TRUE(after.status.ok()) << after.status.error_message();
  EXPECT_EQ(Describes(), Each(1));
  EXPECT_EQ(after.session.summary().outcome(),
            before.session.summary().outcome());
  ASSERT_EQ(after.session.rounds_size(), before.session.rounds_size());
  for (int r = 0; r < before.session.rounds_size(); ++r) {
    EXPECT_TRUE(SameVotes(after.session.rounds(r).votes(),
                          before.session.rounds(r).votes()))
        << "round " << r;
  }
}

TEST_F(PooledVoteSourcesTest, ExplorationsAtOnceEachHoldTheirOwnSource) {
  StartCoordinator();
  // The first exploration's Describe waits for the second's: both are in
  // flight at once only if each has a source of its own.
  parties_[0]->party->HoldDescribesUntil(2);
  std::vector<ExploreCall> calls(2);
  std::vector<std::thread> clients;
  for (int k = 0; k < 2; ++k) {
    clients.emplace_back([&, k] {
      auto stub = CoordinatorStub(coordinator_server_->address());
      v1::ExploreRequest request;
      *request.mutable_draft() = draft_;
      request.set_variant("transformation");
      request.set_include_graph(true);
      calls[k] = Explore(*stub, request);
    });
  }
  for (auto& c : clients) c.join();
  for (const ExploreCall& call : calls) {
    ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  }
  EXPECT_EQ(Describes(), Each(2));
  EXPECT_TRUE(MessageDifferencer::Equals(Untimed(calls[0].result),
                                         Untimed(calls[1].result)));
  // Both sources wait idle; the next exploration takes one over.
  const ExploreCall third = ExploreDraft();
  ASSERT_TRUE(third.status.ok()) << third.status.error_message();
  EXPECT_EQ(Describes(), Each(2));
  EXPECT_TRUE(MessageDifferencer::Equals(Untimed(calls[0].result),
                                         Untimed(third.result)));
}

TEST_F(PooledVoteSourcesTest, APartyRegisteredAtANewAddressGetsAFreshSource) {
  StartCoordinator();
  const ExploreCall first = ExploreDraft();
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  // The party restarts elsewhere: a new process on another port.
  const std::string old_address = parties_[2]->server->address();
  parties_[2]->server->Shutdown();
  parties_[2] = Served::Start(scenario_.parties(2), VariantNames(scenario_),
                              "127.0.0.1:0");
  ASSERT_NE(parties_[2]->server, nullptr);
  ASSERT_NE(parties_[2]->server->address(), old_address);
  ASSERT_NO_FATAL_FAILURE(Register(2));
  // Registering proved the new server is the party (one Describe).
  EXPECT_EQ(parties_[2]->party->inner().describe_calls(), 1);

  const ExploreCall second = ExploreDraft();
  ASSERT_TRUE(second.status.ok()) << second.status.error_message();
  EXPECT_TRUE(MessageDifferencer::Equals(Untimed(first.result),
                                         Untimed(second.result)));
  // A fresh source described every party again.
  EXPECT_EQ(Describes(), Each(2));
  EXPECT_EQ(parties_[2]->party->inner().stream_calls(), 1);
}

TEST_F(PooledVoteSourcesTest, APartyRegisteredAgainAtItsOldAddressToo) {
  StartCoordinator();
  const ExploreCall first = ExploreDraft();
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  // A registration at the address the coordinator knows: what registers
  // may be another process there (a party restarted on its port registers
  // as it starts), so the sources of before are not reused.
  ASSERT_NO_FATAL_FAILURE(Register(2));
  EXPECT_EQ(parties_[2]->party->inner().describe_calls(), 2);

  const ExploreCall second = ExploreDraft();
  ASSERT_TRUE(second.status.ok()) << second.status.error_message();
  EXPECT_TRUE(MessageDifferencer::Equals(Untimed(first.result),
                                         Untimed(second.result)));
  EXPECT_EQ(Describes(), std::vector<int>({2, 2, 3, 2, 2, 2}));
}

}  // namespace
}  // namespace concert::testing
