// Exploration over real gRPC servers on loopback ports gives exactly the
// answer of the in-process vote source: the wire changes nothing but speed.
#include "clients/concert/forum/embedded_forum.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/valid_files.h"
#include "services/coordinator/core/in_process_vote_source.h"
#include "services/coordinator/explore/explorer.h"
#include "tests/support/net/forum_fixture.h"

namespace concert::testing {
namespace {

class ExploreOverGrpcTest
    : public ::testing::TestWithParam<std::pair<const char*, const char*>> {
 protected:
  void SetUp() override {
    auto scenario =
        LoadValidScenario(CONCERT_SOURCE_DIR "/scenarios/six-party.textproto");
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    scenario_ = *scenario;
    auto forum = cli::EmbeddedForum::Start(scenario_);
    ASSERT_TRUE(forum.ok()) << forum.status();
    forum_ = *std::move(forum);
    stub_ = CoordinatorStub(forum_->coordinator_address());
  }
  v1::Scenario scenario_;
  std::unique_ptr<cli::EmbeddedForum> forum_;
  std::unique_ptr<v1::Coordinator::Stub> stub_;
};

TEST_P(ExploreOverGrpcTest, SameResultAsInProcess) {
  const auto [draft_name, variant] = GetParam();
  auto draft =
      LoadValidDraft(std::string(CONCERT_SOURCE_DIR "/scenarios/drafts/") +
                         draft_name + ".textproto",
                     scenario_);
  ASSERT_TRUE(draft.ok()) << draft.status();

  v1::ExploreRequest request;
  *request.mutable_draft() = *draft;
  request.set_variant(variant);
  const ExploreCall remote = Explore(*stub_, request);
  ASSERT_TRUE(remote.status.ok()) << remote.status.error_message();
  EXPECT_GT(remote.progress_events, 0);
  EXPECT_FALSE(remote.result.exploration_id().empty());

  coordinator::InProcessVoteSource source(scenario_);
  coordinator::ExploreInput input{&scenario_, &*draft, variant, {}};
  auto local = coordinator::Explore(input, {}, source);
  ASSERT_TRUE(local.ok()) << local.status();

  const v1::Exploration& a = remote.result;
  const v1::Exploration& b = *local;
  EXPECT_EQ(a.admissible_sequences(), b.admissible_sequences());
  EXPECT_EQ(a.consensus_sequences(), b.consensus_sequences());
  EXPECT_EQ(a.full_charter_reachable(), b.full_charter_reachable());
  EXPECT_THAT(a.best_sequence().proposals(),
              ::testing::ElementsAreArray(b.best_sequence().proposals()));
  EXPECT_EQ(a.largest_adoptable().size(), b.largest_adoptable().size());
  EXPECT_EQ(a.states_explored(), b.states_explored());
  EXPECT_EQ(a.questions_asked(), b.questions_asked());
  EXPECT_EQ(a.dead_end_count(), b.dead_end_count());
  ASSERT_EQ(a.blockers_size(), b.blockers_size());
  for (int i = 0; i < a.blockers_size(); ++i) {
    EXPECT_EQ(a.blockers(i).proposal(), b.blockers(i).proposal());
    EXPECT_EQ(a.blockers(i).failures(), b.blockers(i).failures());
  }
  ASSERT_EQ(a.veto_power_size(), b.veto_power_size());
  for (int i = 0; i < a.veto_power_size(); ++i) {
    EXPECT_EQ(a.veto_power(i).consensus_sequences_without(),
              b.veto_power(i).consensus_sequences_without());
  }
}

INSTANTIATE_TEST_SUITE_P(
    ShippedDrafts, ExploreOverGrpcTest,
    ::testing::Values(std::make_pair("arf-three-stage", ""),
                      std::make_pair("arf-three-stage", "transformation"),
                      std::make_pair("paper-sequence", "transformation"),
                      std::make_pair("denuclearization-first", "")));

TEST_F(ExploreOverGrpcTest, OverBudgetIsResourceExhaustedSuggestingSampling) {
  auto draft = LoadValidDraft(CONCERT_SOURCE_DIR
                              "/scenarios/drafts/arf-three-stage.textproto",
                              scenario_);
  ASSERT_TRUE(draft.ok());
  v1::ExploreRequest request;
  *request.mutable_draft() = *draft;
  request.set_variant("transformation");
  request.set_max_states(40);  // counting fits; the lattice does not
  const ExploreCall call = Explore(*stub_, request);
  EXPECT_EQ(call.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(call.status.error_message(),
              ::testing::HasSubstr("--strategy sample"));
}

}  // namespace
}  // namespace concert::testing
