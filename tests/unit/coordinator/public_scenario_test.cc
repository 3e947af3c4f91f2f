// What a client may see of the forum's scenario.
#include "services/coordinator/core/public_scenario.h"

#include "gtest/gtest.h"
#include "tests/support/test_inputs.h"

namespace concert::coordinator {
namespace {

TEST(PublicScenarioTest, KeepsWhatChecksADraftAndDropsWhatIsPrivate) {
  v1::Scenario scenario = ::concert::testing::BaseScenario();
  scenario.mutable_parties(0)->set_address("10.0.0.1:7001");
  ASSERT_TRUE(scenario.parties(0).has_interests());
  ASSERT_GT(scenario.parties(0).variants_size(), 0);

  const v1::Scenario view = PublicScenario(scenario);
  EXPECT_EQ(view.id(), scenario.id());
  EXPECT_EQ(view.dimensions_size(), scenario.dimensions_size());
  EXPECT_EQ(view.initial_state_size(), scenario.initial_state_size());
  EXPECT_EQ(view.variants_size(), scenario.variants_size());
  EXPECT_EQ(view.rule().kind(), scenario.rule().kind());
  ASSERT_EQ(view.parties_size(), scenario.parties_size());
  for (int i = 0; i < view.parties_size(); ++i) {
    const v1::PartySpec& party = view.parties(i);
    EXPECT_EQ(party.id(), scenario.parties(i).id());
    EXPECT_EQ(party.weight(), scenario.parties(i).weight());
    EXPECT_FALSE(party.has_interests()) << party.id();
    EXPECT_EQ(party.variants_size(), 0) << party.id();
    EXPECT_EQ(party.address(), "") << party.id();
  }
}

}  // namespace
}  // namespace concert::coordinator
