// A party dying mid-exploration: the Explore call ends UNAVAILABLE, naming
// the party and how far the exploration got; the coordinator process lives
// on and still answers health checks; once the party is back, the
// exploration can be run again to the uninterrupted result. The parties are
// in-test services; DPRK hangs from its k-th EvaluateStream batch on, then
// its server stops (a party that hangs, then dies).
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/net/grpc_probe.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// DPRK's EvaluateStream batch (of the exploration) from which it hangs. The
// coordinator keeps one stream per party and asks a small draft's questions
// all at once (ask-ahead): the exploration's first batch is the one. That
// batches a party answered survive a retry is stream_reuse_test's to show.
constexpr int kDyingBatch = 1;
constexpr char kDraft[] = "arf-three-stage";
constexpr char kVariant[] = "transformation";

class ExplorationFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = SixPartyScenario();
    const std::string path = dir_.File("forum.textproto");
    ASSERT_NO_FATAL_FAILURE(ServeInTestParties(&scenario_, &parties_, path));
    coordinator_ = CoordinatorProcess::Start(
        path, dir_.File("records.db"),
        {.misbehaving = "DPRK", .misbehaving_ms = 300});
    ASSERT_NE(coordinator_.process, nullptr);

    draft_ = ShippedDraft(kDraft);
    reference_ = Explore(*coordinator_.stub, draft_, kVariant);
    ASSERT_TRUE(reference_.status.ok()) << reference_.status.error_message();
    ASSERT_GE(party(5).stream_batches(), kDyingBatch)
        << "the exploration asks in too few batches";
    for (int i = 0; i < 6; ++i) {
      reference_questions_.push_back(party(i).stream_questions());
      party(i).ResetCounts();
    }
  }

  void TearDown() override {
    for (auto& p : parties_) p->party->Release();
    if (client_.joinable()) client_.join();
  }

  TestParty& party(int i) { return *parties_[i]->party; }

  // Explores while DPRK hangs from its kDyingBatch-th batch on, then dies;
  // checks how the exploration ended and that the coordinator lives on.
  void ExploreWhileDprkDies() {
    party(5).HoldBatchesFrom(kDyingBatch);
    client_ = std::thread(
        [&] { failed_ = Explore(*coordinator_.stub, draft_, kVariant); });
    ASSERT_TRUE(party(5).WaitUntilHolding());
    dprk_port_ = parties_[5]->port();
    parties_[5]->Stop();
    client_.join();

    EXPECT_EQ(failed_.status.error_code(), grpc::StatusCode::UNAVAILABLE)
        << failed_.status.error_message();
    // It names the party and what was explored.
    EXPECT_THAT(failed_.status.error_message(), HasSubstr("DPRK"));
    EXPECT_THAT(failed_.status.error_message(), HasSubstr("level"));
    EXPECT_THAT(failed_.status.error_message(), HasSubstr("states explored"));
    // No crash: the process runs and answers health checks.
    EXPECT_TRUE(coordinator_.process->running());
    const auto health = HealthStatus(coordinator_.address);
    ASSERT_TRUE(health.ok()) << health.status();
    EXPECT_EQ(*health, "SERVING");
  }

  // Serves DPRK again, as a restarted process: on the port it had, or on a
  // new one that it registers with the coordinator.
  void BringDprkBack(bool same_port) {
    const std::string listen =
        same_port ? "127.0.0.1:" + std::to_string(dprk_port_) : "127.0.0.1:0";
    parties_[5] = ServedParty::Start(scenario_.parties(5),
                                     VariantNames(scenario_), listen);
    ASSERT_NE(parties_[5]->server, nullptr)
        << "cannot serve DPRK on " << listen;
    if (!same_port) {
      grpc::ClientContext ctx;
      v1::RegisterPartyRequest request;
      request.set_party_id("DPRK");
      request.set_address(parties_[5]->address());
      v1::RegisterPartyResponse response;
      const grpc::Status status =
          coordinator_.stub->RegisterParty(&ctx, request, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
    // Back indeed: a client that never called it before reaches it.
    const auto health = HealthStatus(parties_[5]->address());
    ASSERT_TRUE(health.ok()) << health.status();
    ASSERT_EQ(*health, "SERVING");
  }

  TempDir dir_;
  v1::Scenario scenario_;
  std::vector<std::unique_ptr<ServedParty>> parties_;
  CoordinatorProcess coordinator_;
  v1::CharterDraft draft_;
  ExploreCall reference_;
  std::vector<long> reference_questions_;
  std::thread client_;
  ExploreCall failed_;
  int dprk_port_ = 0;
};

TEST_F(ExplorationFaultTest,
       PartyDyingMidExplorationEndsItUnavailableAndCanBeRunAgain) {
  ASSERT_NO_FATAL_FAILURE(ExploreWhileDprkDies());
  // The party back where it was, as a restarted process would be.
  ASSERT_NO_FATAL_FAILURE(BringDprkBack(/*same_port=*/true));

  const ExploreCall retry = Explore(*coordinator_.stub, draft_, kVariant);
  ASSERT_TRUE(retry.status.ok()) << retry.status.error_message();
  const v1::Exploration& want = reference_.result;
  const v1::Exploration& got = retry.result;
  EXPECT_EQ(got.consensus_sequences(), want.consensus_sequences());
  EXPECT_EQ(got.admissible_sequences(), want.admissible_sequences());
  EXPECT_EQ(got.full_charter_reachable(), want.full_charter_reachable());
  EXPECT_EQ(got.states_explored(), want.states_explored());
  EXPECT_THAT(got.best_sequence().proposals(),
              ElementsAreArray(want.best_sequence().proposals()));
}

// The other ending: DPRK dies mid-exploration and is back (restarted on its
// port) within the coordinator's retries. The exploration continues to the
// uninterrupted result, and no answer already given is asked again: the
// other parties answer exactly what an undisturbed exploration asks of them.
TEST_F(ExplorationFaultTest,
       PartyBackWithinTheRetriesLetsTheExplorationContinue) {
  // A coordinator patient enough to outlive DPRK's restart: a retry waits
  // up to DPRK's deadline for it to come back.
  CoordinatorProcess patient = CoordinatorProcess::Start(
      dir_.File("forum.textproto"), dir_.File("patient.db"),
      {.misbehaving = "DPRK", .misbehaving_ms = 10000, .retries = 2});
  ASSERT_NE(patient.process, nullptr);
  for (int i = 0; i < 6; ++i) party(i).ResetCounts();

  party(5).HoldBatchesFrom(kDyingBatch);
  ExploreCall continued;
  client_ = std::thread(
      [&] { continued = Explore(*patient.stub, draft_, kVariant); });
  ASSERT_TRUE(party(5).WaitUntilHolding());
  const long dprk_before = party(5).stream_questions();
  dprk_port_ = parties_[5]->port();
  parties_[5]->Stop();
  ASSERT_NO_FATAL_FAILURE(BringDprkBack(/*same_port=*/true));
  client_.join();

  ASSERT_TRUE(continued.status.ok()) << continued.status.error_message();
  EXPECT_EQ(continued.result.consensus_sequences(),
            reference_.result.consensus_sequences());
  EXPECT_EQ(continued.result.states_explored(),
            reference_.result.states_explored());
  EXPECT_THAT(continued.result.best_sequence().proposals(),
              ElementsAreArray(reference_.result.best_sequence().proposals()));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(party(i).stream_questions(), reference_questions_[i])
        << scenario_.parties(i).id() << " was asked again";
  }
  // The restarted DPRK is asked only what its first life did not answer:
  // here all of it, since it died holding the exploration's first batch.
  EXPECT_LE(party(5).stream_questions(), reference_questions_[5]);
  EXPECT_GT(dprk_before, 0);
}

// A party that implements only Evaluate (EvaluateStream is UNIMPLEMENTED)
// is asked question by question: the exploration is the same, one warning
// line says why it is slower.
TEST_F(ExplorationFaultTest, APartyWithoutTheStreamIsAskedQuestionByQuestion) {
  // A party without the stream is another program: DPRK restarts as one, on
  // its port. (The coordinator keeps its sources, and their open streams,
  // between requests: the stream of DPRK's first life would go on
  // answering.)
  dprk_port_ = parties_[5]->port();
  parties_[5]->Stop();
  ASSERT_NO_FATAL_FAILURE(BringDprkBack(/*same_port=*/true));
  party(5).set_fault(PartyFault::kNoStream);
  const ExploreCall call = Explore(*coordinator_.stub, draft_, kVariant);
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_EQ(call.result.consensus_sequences(),
            reference_.result.consensus_sequences());
  EXPECT_EQ(call.result.states_explored(), reference_.result.states_explored());
  EXPECT_THAT(call.result.best_sequence().proposals(),
              ElementsAreArray(reference_.result.best_sequence().proposals()));
  // Every question it was asked in batches before, it was asked one by one.
  EXPECT_EQ(party(5).evaluate_calls(), reference_questions_[5]);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(party(i).stream_questions(), reference_questions_[i]);
  }
  EXPECT_THAT(coordinator_.process
                  ->WaitForLine("does not implement EvaluateStream",
                                std::chrono::seconds(10))
                  .value_or(""),
              HasSubstr("party DPRK"));
}

}  // namespace
}  // namespace concert::testing
