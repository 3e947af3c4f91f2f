// A client talking to a remote coordinator checks its draft against that
// coordinator's own scenario (Coordinator.GetScenario), not against the
// built-in six-party one: a draft valid for the remote forum runs.
#include <fstream>
#include <string>

#include "clients/concert/commands/commands.h"
#include "clients/concert/forum/embedded_forum.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/support/net/forum_fixture.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

class RemoteScenarioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A forum of three parties over the dimensions "peace" and "aid", which
    // the six-party scenario does not have.
    auto forum = cli::EmbeddedForum::Start(SmallScenario());
    ASSERT_TRUE(forum.ok()) << forum.status();
    forum_ = *std::move(forum);
    draft_path_ = ::testing::TempDir() + "/small-draft.textproto";
    std::string text;
    ASSERT_TRUE(
        google::protobuf::TextFormat::PrintToString(SmallDraft(), &text));
    std::ofstream(draft_path_) << text;
  }
  std::unique_ptr<cli::EmbeddedForum> forum_;
  std::string draft_path_;
};

TEST_F(RemoteScenarioTest, RunChecksTheDraftAgainstTheCoordinatorsScenario) {
  cli::RunFlags flags;
  flags.forum.coordinator = forum_->coordinator_address();
  flags.draft = draft_path_;
  EXPECT_EQ(cli::RunCommand(flags), 0);
}

TEST_F(RemoteScenarioTest,
       ExploreChecksTheDraftAgainstTheCoordinatorsScenario) {
  cli::ExploreFlags flags;
  flags.forum.coordinator = forum_->coordinator_address();
  flags.draft = draft_path_;
  flags.format = "json";
  EXPECT_EQ(cli::ExploreCommand(flags), 0);
}

TEST_F(RemoteScenarioTest, GetScenarioShowsNoPartysInterests) {
  auto stub = CoordinatorStub(forum_->coordinator_address());
  grpc::ClientContext ctx;
  v1::Scenario scenario;
  ASSERT_TRUE(
      stub->GetScenario(&ctx, v1::GetScenarioRequest(), &scenario).ok());
  EXPECT_EQ(scenario.id(), "small");
  ASSERT_EQ(scenario.parties_size(), 3);
  for (const auto& party : scenario.parties()) {
    EXPECT_FALSE(party.has_interests()) << party.id();
    EXPECT_EQ(party.address(), "") << party.id();
  }
  EXPECT_EQ(scenario.dimensions_size(), 2);
}

}  // namespace
}  // namespace concert::testing
