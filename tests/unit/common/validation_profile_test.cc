// ValidateProfile: a party's profile (one PartySpec) checked on its own and
// against a scenario. Each case breaks the valid profile in one way and
// expects that problem, on the profile file's own line.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/common/text_format_loader.h"
#include "services/common/validation.h"
#include "tests/support/test_inputs.h"
#include "tests/unit/common/profile_inputs.h"

namespace concert {
namespace {

using ::concert::testing::BaseScenario;
using ::concert::testing::kProfileText;
using ::concert::testing::ProfileWith;
using ::concert::testing::Strings;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kFile[] = "p.textproto";

Loaded<v1::PartySpec> Parse(const std::string& text) {
  auto loaded = ParseWithLocations<v1::PartySpec>(text, kFile);
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  return loaded.ok() ? *std::move(loaded) : Loaded<v1::PartySpec>();
}

// The problems of `text` as a profile, with or without the base scenario.
std::vector<std::string> ProfileProblems(const std::string& text,
                                         const v1::Scenario* scenario) {
  const Loaded<v1::PartySpec> profile = Parse(text);
  return Strings(
      ValidateProfile(profile.message, scenario, &profile.locations));
}

TEST(ValidateProfileTest, GoodProfilePasses) {
  const v1::Scenario scenario = BaseScenario();
  EXPECT_THAT(ProfileProblems(kProfileText, nullptr), IsEmpty());
  EXPECT_THAT(ProfileProblems(kProfileText, &scenario), IsEmpty());
}

// One broken party check: the text replaced, the problem expected.
struct PartyCase {
  std::string name;
  std::string from;
  std::string to;
  std::string problem;
};

void PrintTo(const PartyCase& c, std::ostream* os) { *os << c.name; }

class PartyChecksTest : public ::testing::TestWithParam<PartyCase> {};

TEST_P(PartyChecksTest, ReportedOnTheProfilesLine) {
  const PartyCase& c = GetParam();
  const std::string text = ProfileWith(c.from, c.to);
  const v1::Scenario scenario = BaseScenario();
  const std::string expected = std::string(kFile) + ":" + c.problem;
  EXPECT_THAT(ProfileProblems(text, nullptr), ElementsAre(expected));
  EXPECT_THAT(ProfileProblems(text, &scenario), ElementsAre(expected));
}

// The checks are the scenario's own: the same party inside a scenario has
// the same problem (there under parties[0], with the scenario's lines).
TEST_P(PartyChecksTest, SameProblemAsInAScenario) {
  const PartyCase& c = GetParam();
  v1::Scenario scenario = BaseScenario();
  *scenario.mutable_parties(0) = Parse(ProfileWith(c.from, c.to)).message;
  const v1::Scenario base = BaseScenario();
  EXPECT_EQ(Strings(ValidateScenario(scenario)),
            Strings(ValidateProfile(scenario.parties(0), &base)));
}

INSTANTIATE_TEST_SUITE_P(
    EveryClass, PartyChecksTest,
    ::testing::Values(
        PartyCase{"NegativeWeight", "weight: 1", "weight: -1",
                  "4: party 'A': negative weight -1"},
        PartyCase{"NegativeSalience", "ideal: 5 salience: 1",
                  "ideal: 5 salience: -1",
                  "6: party 'A': negative salience -1 on dimension "
                  "'security'"},
        PartyCase{"TwoPositions", "salience: 1 }",
                  "salience: 1 } positions { dimension: \"security\" }",
                  "6: party 'A': two positions on dimension 'security'"},
        PartyCase{"PositionWithoutDimension", "dimension: \"denuc\" ideal: 1",
                  "dimension: \"\" ideal: 1",
                  "20: party 'A' variant 'v1': position names no dimension"},
        PartyCase{"NegativeThreshold", "support_threshold: 0.1",
                  "support_threshold: -0.1",
                  "7: party 'A': negative support_threshold -0.1"},
        PartyCase{"RuleWithoutKind", "kind: RED_LINE", "",
                  "9: party 'A' rule 'r1': has no kind (RED_LINE, "
                  "CONCESSION or STATEMENT)"},
        PartyCase{"RuleCoveringNothing",
                  "tags: \"nuclear\" moves { dimension: \"denuc\" direction: "
                  "UP }",
                  "",
                  "9: party 'A' rule 'r1': covers no proposals (give ids, "
                  "tags or moves)"},
        PartyCase{"MoveWithoutDirection", "direction: UP", "",
                  "12: party 'A' rule 'r1': move of dimension 'denuc' has no "
                  "direction (UP or DOWN)"},
        PartyCase{"ThresholdWithoutComparison", "comparison: AT_LEAST ", "",
                  "14: party 'A' rule 'r1': threshold on dimension "
                  "'security' has no comparison (AT_LEAST or AT_MOST)"},
        PartyCase{"DuplicateRule", "  rules {\n",
                  "  rules { id: \"r1\" kind: CONCESSION covers { tags: "
                  "\"x\" } }\n  rules {\n",
                  "10: party 'A' rule 'r1': duplicate id (first declared at "
                  "line 9)"},
        PartyCase{"DuplicateVariant", "support_threshold: 0.5\n}\n",
                  "support_threshold: 0.5\n}\nvariants { name: \"v1\" }\n",
                  "24: party 'A' variant 'v1': duplicate name (first "
                  "declared at line 18)"},
        PartyCase{"RemovesUnknownRule", "remove_rules: \"r1\"",
                  "remove_rules: \"r7\"",
                  "21: party 'A' variant 'v1': removes unknown rule 'r7'"},
        PartyCase{"NegativeVariantThreshold", "support_threshold: 0.5",
                  "support_threshold: -0.5",
                  "22: party 'A' variant 'v1': negative support_threshold "
                  "-0.5"}),
    [](const ::testing::TestParamInfo<PartyCase>& info) {
      return info.param.name;
    });

TEST(ValidateProfileTest, NeedsAnId) {
  EXPECT_THAT(ProfileProblems(ProfileWith("id: \"A\"\n", ""), nullptr),
              ElementsAre(std::string(kFile) +
                          ": profile: has no party id (id: \"...\")"));
}

TEST(ValidateProfileTest, NeedsAnInterestModel) {
  EXPECT_THAT(
      ProfileProblems("# proto-message: concert.v1.PartySpec\nid: \"A\"\n",
                      nullptr),
      ElementsAre(std::string(kFile) +
                  ": party 'A': has no interest model (interests { ... })"));
}

TEST(ValidateProfileTest, UnknownDimensionOnlyAgainstAScenario) {
  const std::string text = ProfileWith("dimension: \"security\" ideal: 5",
                                       "dimension: \"trade\" ideal: 5");
  EXPECT_THAT(ProfileProblems(text, nullptr), IsEmpty());
  const v1::Scenario scenario = BaseScenario();
  EXPECT_THAT(ProfileProblems(text, &scenario),
              ElementsAre(std::string(kFile) +
                          ":6: party 'A': position on unknown dimension "
                          "'trade'"));
}

TEST(ValidateProfileTest, VariantUnknownToTheScenario) {
  const std::string text = ProfileWith("name: \"v1\"", "name: \"v9\"");
  EXPECT_THAT(ProfileProblems(text, nullptr), IsEmpty());
  const v1::Scenario scenario = BaseScenario();
  EXPECT_THAT(ProfileProblems(text, &scenario),
              ElementsAre(std::string(kFile) +
                          ":18: party 'A' variant 'v9': names a variant the "
                          "scenario does not declare"));
}

TEST(ValidateProfileTest, AVariantMayNotBeCalledBaseline) {
  const std::string text = ProfileWith("name: \"v1\"", "name: \"baseline\"");
  EXPECT_THAT(ProfileProblems(text, nullptr),
              ElementsAre(std::string(kFile) +
                          ":19: party 'A' variant 'baseline': 'baseline' "
                          "names the scenario without a variant in every "
                          "report and flag; give this variant another name"));
}

TEST(ValidateProfileTest, IdTheScenarioLacks) {
  const std::string text = ProfileWith("id: \"A\"", "id: \"Z\"");
  EXPECT_THAT(ProfileProblems(text, nullptr), IsEmpty());
  const v1::Scenario scenario = BaseScenario();
  EXPECT_THAT(ProfileProblems(text, &scenario),
              ElementsAre(std::string(kFile) +
                          ":2: party 'Z': is not a party of scenario 'mini' "
                          "(its parties: A, B)"));
}

TEST(ValidateProfileTest, EveryPartyOfAScenarioIsAValidProfile) {
  const v1::Scenario scenario = BaseScenario();
  for (const v1::PartySpec& party : scenario.parties()) {
    EXPECT_THAT(Strings(ValidateProfile(party, &scenario)), IsEmpty())
        << party.id();
  }
}

TEST(ValidateProfileTest, WithoutLocationsProblemsHaveNoFile) {
  v1::PartySpec profile = Parse(kProfileText).message;
  profile.set_weight(-2);
  EXPECT_THAT(Strings(ValidateProfile(profile, nullptr)),
              ElementsAre("party 'A': negative weight -2"));
}

}  // namespace
}  // namespace concert
