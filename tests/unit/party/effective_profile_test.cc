// Variants: a party's profile changes applied to its baseline.
#include "services/party/core/effective_profile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/parse.h"

namespace concert::party {
namespace {

using ::concert::testing::Parse;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::PartySpec Party() {
  return Parse<v1::PartySpec>(R"pb(
    id: "DPRK"
    name: "North Korea"
    interests {
      positions { dimension: "security_assurance" ideal: 10 salience: 3 }
      positions { dimension: "denuclearization" ideal: 0 salience: 2 }
      support_threshold: 0.5
      objection_threshold: 1
      rules { id: "no_denuc_first" kind: RED_LINE reason: "baseline" }
      rules { id: "transparency_late" kind: RED_LINE }
      rules { id: "aid_ok" kind: CONCESSION }
    }
    variants {
      name: "transformation"
      positions { dimension: "denuclearization" ideal: 5 salience: 1 }
      positions { dimension: "economic_opening" ideal: 8 salience: 2 }
      rules { id: "no_denuc_first" kind: RED_LINE reason: "softened" }
      rules { id: "new_rule" kind: CONCESSION }
      remove_rules: "transparency_late"
      support_threshold: 0.25
    }
    variants { name: "conservation" objection_threshold: 0 }
    variants { name: "broken" remove_rules: "no_such_rule" }
  )pb");
}

std::vector<std::string> RuleIds(const v1::InterestModel& m) {
  std::vector<std::string> ids;
  for (const auto& r : m.rules()) ids.push_back(r.id());
  return ids;
}

TEST(EffectiveProfileTest, EmptyVariantIsTheBaseline) {
  absl::StatusOr<v1::InterestModel> m = EffectiveModel(Party(), "");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->SerializeAsString(), Party().interests().SerializeAsString());
}

TEST(EffectiveProfileTest, VariantReplacesAppendsAndRemoves) {
  absl::StatusOr<v1::InterestModel> m =
      EffectiveModel(Party(), "transformation");
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->positions_size(), 3);
  EXPECT_EQ(m->positions(0).dimension(), "security_assurance");  // kept
  EXPECT_DOUBLE_EQ(m->positions(0).salience(), 3);
  EXPECT_EQ(m->positions(1).dimension(),
            "denuclearization");  // replaced in place
  EXPECT_DOUBLE_EQ(m->positions(1).ideal(), 5);
  EXPECT_DOUBLE_EQ(m->positions(1).salience(), 1);
  EXPECT_EQ(m->positions(2).dimension(), "economic_opening");  // appended

  EXPECT_THAT(RuleIds(*m), ElementsAre("no_denuc_first", "aid_ok", "new_rule"));
  EXPECT_EQ(m->rules(0).reason(), "softened");

  EXPECT_DOUBLE_EQ(m->support_threshold(), 0.25);
  EXPECT_DOUBLE_EQ(m->objection_threshold(), 1);  // not set: baseline kept
}

TEST(EffectiveProfileTest, ThresholdSetToZeroIsApplied) {
  absl::StatusOr<v1::InterestModel> m = EffectiveModel(Party(), "conservation");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_DOUBLE_EQ(m->objection_threshold(), 0);
  EXPECT_DOUBLE_EQ(m->support_threshold(), 0.5);
  EXPECT_EQ(m->rules_size(), 3);
}

TEST(EffectiveProfileTest, UnknownVariantIsNotFoundAndNamesTheKnownOnes) {
  absl::StatusOr<v1::InterestModel> m = EffectiveModel(Party(), "collapse");
  EXPECT_EQ(m.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(m.status().message(), HasSubstr("'collapse'"));
  EXPECT_THAT(m.status().message(),
              HasSubstr("transformation, conservation, broken"));
}

TEST(EffectiveProfileTest, ScenarioVariantWithoutChangesIsTheBaseline) {
  const std::vector<std::string> scenario_variants = {"transformation",
                                                      "status_quo"};
  absl::StatusOr<v1::InterestModel> m =
      EffectiveModel(Party(), "status_quo", scenario_variants);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->SerializeAsString(), Party().interests().SerializeAsString());
  EXPECT_THAT(
      KnownVariants(Party(), scenario_variants),
      ElementsAre("transformation", "conservation", "broken", "status_quo"));
}

TEST(EffectiveProfileTest, RemovingAnUnknownRuleIsAnError) {
  absl::StatusOr<v1::InterestModel> m = EffectiveModel(Party(), "broken");
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(m.status().message(), HasSubstr("no_such_rule"));
}

}  // namespace
}  // namespace concert::party
