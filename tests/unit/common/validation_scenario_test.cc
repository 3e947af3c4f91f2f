// One test per scenario check: each breaks the valid base scenario in one
// way and expects exactly that problem.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/common/validation.h"
#include "tests/support/test_inputs.h"

namespace concert {
namespace {

using ::concert::testing::BaseScenario;
using ::concert::testing::IsOneProblem;
using ::concert::testing::kScenarioText;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Property;

v1::PartySpec& PartyA(v1::Scenario& s) { return *s.mutable_parties(0); }
v1::InterestModel& InterestsA(v1::Scenario& s) {
  return *s.mutable_parties(0)->mutable_interests();
}
v1::PartyRule& RuleA(v1::Scenario& s) {
  return *InterestsA(s).mutable_rules(0);
}

TEST(ValidateScenarioTest, BaseScenarioIsValid) {
  EXPECT_THAT(ValidateScenario(BaseScenario()), IsEmpty());
}

TEST(ValidateScenarioTest, DuplicateDimension) {
  v1::Scenario s = BaseScenario();
  s.add_dimensions()->set_id("denuc");
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("dimension 'denuc': duplicate id"));
}

TEST(ValidateScenarioTest, EmptyDimensionId) {
  v1::Scenario s = BaseScenario();
  s.add_dimensions();
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("dimension #3: has an empty id"));
}

TEST(ValidateScenarioTest, DuplicateParty) {
  v1::Scenario s = BaseScenario();
  s.add_parties()->set_id("A");
  EXPECT_THAT(ValidateScenario(s), IsOneProblem("party 'A': duplicate id"));
}

TEST(ValidateScenarioTest, DuplicateRuleWithinParty) {
  v1::Scenario s = BaseScenario();
  *InterestsA(s).add_rules() = RuleA(s);
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("party 'A' rule 'r1': duplicate id"));
}

TEST(ValidateScenarioTest, DuplicateRuleWithinPartyVariant) {
  v1::Scenario s = BaseScenario();
  v1::PartyVariant& variant = *PartyA(s).mutable_variants(0);
  *variant.add_rules() = variant.rules(0);
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("party 'A' variant 'v1' rule 'r2': duplicate id"));
}

TEST(ValidateScenarioTest, DuplicateVariant) {
  v1::Scenario s = BaseScenario();
  s.add_variants()->set_name("v1");
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("variant 'v1': duplicate name"));
}

TEST(ValidateScenarioTest, DuplicatePartyVariant) {
  v1::Scenario s = BaseScenario();
  PartyA(s).add_variants()->set_name("v1");
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("party 'A' variant 'v1': duplicate name"));
}

TEST(ValidateScenarioTest, InitialStateUnknownDimension) {
  v1::Scenario s = BaseScenario();
  s.add_initial_state()->set_dimension("trade");
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem(
                  "initial state: initial value on unknown dimension 'trade'"));
}

TEST(ValidateScenarioTest, InitialStateSetTwice) {
  v1::Scenario s = BaseScenario();
  s.add_initial_state()->set_dimension("security");
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("sets dimension 'security' twice"));
}

TEST(ValidateScenarioTest, PositionUnknownDimension) {
  v1::Scenario s = BaseScenario();
  InterestsA(s).add_positions()->set_dimension("trade");
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("party 'A': position on unknown dimension 'trade'"));
}

TEST(ValidateScenarioTest, TwoPositionsOnOneDimension) {
  v1::Scenario s = BaseScenario();
  InterestsA(s).add_positions()->set_dimension("security");
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("party 'A': two positions on dimension 'security'"));
}

TEST(ValidateScenarioTest, VariantPositionUnknownDimension) {
  v1::Scenario s = BaseScenario();
  PartyA(s).mutable_variants(0)->mutable_positions(0)->set_dimension("trade");
  EXPECT_THAT(
      ValidateScenario(s),
      IsOneProblem(
          "party 'A' variant 'v1': position on unknown dimension 'trade'"));
}

TEST(ValidateScenarioTest, ThresholdUnknownDimension) {
  v1::Scenario s = BaseScenario();
  RuleA(s).mutable_condition()->mutable_thresholds(0)->set_dimension("trade");
  EXPECT_THAT(
      ValidateScenario(s),
      IsOneProblem(
          "party 'A' rule 'r1': threshold on unknown dimension 'trade'"));
}

TEST(ValidateScenarioTest, MoveUnknownDimension) {
  v1::Scenario s = BaseScenario();
  RuleA(s).mutable_covers()->mutable_moves(0)->set_dimension("trade");
  EXPECT_THAT(
      ValidateScenario(s),
      IsOneProblem("party 'A' rule 'r1': move on unknown dimension 'trade'"));
}

TEST(ValidateScenarioTest, AbsentPartyUnknown) {
  v1::Scenario s = BaseScenario();
  s.mutable_variants(0)->add_absent_parties("DPRK");
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("variant 'v1': absent party 'DPRK' is not a party"));
}

// Every report and flag calls the scenario without a variant "baseline": a
// variant of that name could never be asked for.
TEST(ValidateScenarioTest, AVariantMayNotBeCalledBaseline) {
  v1::Scenario s = BaseScenario();
  s.mutable_variants(0)->set_name("baseline");
  PartyA(s).mutable_variants(0)->set_name("baseline");
  const auto said = [](const std::string& text) {
    return Contains(Property(&Problem::ToString, HasSubstr(text)));
  };
  const std::vector<Problem> problems = ValidateScenario(s);
  EXPECT_THAT(problems, said("variant 'baseline': 'baseline' names the "
                             "scenario without a variant"));
  EXPECT_THAT(problems, said("party 'A' variant 'baseline': 'baseline' names "
                             "the scenario without a variant"));
}

TEST(ValidateScenarioTest, PartyVariantNotDeclared) {
  v1::Scenario s = BaseScenario();
  PartyA(s).add_variants()->set_name("collapse");
  EXPECT_THAT(
      ValidateScenario(s),
      IsOneProblem("party 'A' variant 'collapse': names a variant the scenario "
                   "does not declare"));
}

TEST(ValidateScenarioTest, VariantRemovesUnknownRule) {
  v1::Scenario s = BaseScenario();
  PartyA(s).mutable_variants(0)->add_remove_rules("r7");
  EXPECT_THAT(
      ValidateScenario(s),
      IsOneProblem("party 'A' variant 'v1': removes unknown rule 'r7'"));
}

TEST(ValidateScenarioTest, NegativeSalience) {
  v1::Scenario s = BaseScenario();
  InterestsA(s).mutable_positions(0)->set_salience(-2);
  EXPECT_THAT(
      ValidateScenario(s),
      IsOneProblem("party 'A': negative salience -2 on dimension 'security'"));
}

TEST(ValidateScenarioTest, NegativeSupportThreshold) {
  v1::Scenario s = BaseScenario();
  InterestsA(s).set_support_threshold(-0.5);
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("party 'A': negative support_threshold -0.5"));
}

TEST(ValidateScenarioTest, NegativeObjectionThreshold) {
  v1::Scenario s = BaseScenario();
  InterestsA(s).set_objection_threshold(-1);
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("party 'A': negative objection_threshold -1"));
}

TEST(ValidateScenarioTest, NegativeVariantThresholds) {
  v1::Scenario s = BaseScenario();
  PartyA(s).mutable_variants(0)->set_support_threshold(-1);
  EXPECT_THAT(
      ValidateScenario(s),
      IsOneProblem("party 'A' variant 'v1': negative support_threshold -1"));
  s = BaseScenario();
  PartyA(s).mutable_variants(0)->set_objection_threshold(-3);
  EXPECT_THAT(
      ValidateScenario(s),
      IsOneProblem("party 'A' variant 'v1': negative objection_threshold -3"));
}

TEST(ValidateScenarioTest, NegativeWeight) {
  v1::Scenario s = BaseScenario();
  PartyA(s).set_weight(-1);
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("party 'A': negative weight -1"));
}

TEST(ValidateScenarioTest, QualifiedMajorityWithoutThreshold) {
  v1::Scenario s = BaseScenario();
  s.mutable_rule()->set_kind(v1::DecisionRule::QUALIFIED_MAJORITY);
  EXPECT_THAT(
      ValidateScenario(s),
      IsOneProblem(
          "decision rule: QUALIFIED_MAJORITY needs a threshold in (0, 1]"));
}

TEST(ValidateScenarioTest, QualifiedMajorityThresholdOutOfRange) {
  v1::Scenario s = BaseScenario();
  s.mutable_rule()->set_kind(v1::DecisionRule::QUALIFIED_MAJORITY);
  s.mutable_rule()->set_threshold(1.5);
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("decision rule: threshold 1.5 is outside (0, 1]"));
  s.mutable_rule()->set_threshold(-0.2);
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("decision rule: threshold -0.2 is outside (0, 1]"));
  s.mutable_rule()->set_threshold(1);  // the boundary is allowed
  EXPECT_THAT(ValidateScenario(s), IsEmpty());
}

TEST(ValidateScenarioTest, RuleKindUnspecified) {
  v1::Scenario s = BaseScenario();
  RuleA(s).set_kind(v1::PartyRule::KIND_UNSPECIFIED);
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("party 'A' rule 'r1': has no kind (RED_LINE, "
                           "CONCESSION or STATEMENT)"));
}

TEST(ValidateScenarioTest, RuleKindUndeclaredNumber) {
  v1::Scenario s = BaseScenario();
  RuleA(s).set_kind(static_cast<v1::PartyRule::Kind>(42));
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("parties['A'].interests.rules['r1'].kind: is 42, "
                           "which is not a value of Kind (KIND_UNSPECIFIED, "
                           "RED_LINE, CONCESSION, STATEMENT)"));
}

TEST(ValidateScenarioTest, AStatementNeedsItsText) {
  v1::Scenario s = BaseScenario();
  RuleA(s).set_kind(v1::PartyRule::STATEMENT);
  RuleA(s).set_reason("on the understanding that verification is mutual");
  EXPECT_THAT(ValidateScenario(s), IsEmpty());
  RuleA(s).clear_reason();
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("party 'A' rule 'r1': is a STATEMENT without "
                           "text: its `reason` is the statement the party "
                           "makes"));
}

TEST(ValidateScenarioTest, ThresholdComparisonUnspecified) {
  v1::Scenario s = BaseScenario();
  RuleA(s).mutable_condition()->mutable_thresholds(0)->set_comparison(
      v1::Threshold::COMPARISON_UNSPECIFIED);
  EXPECT_THAT(
      ValidateScenario(s),
      IsOneProblem("threshold on dimension 'security' has no comparison"));
}

TEST(ValidateScenarioTest, MoveDirectionUnspecified) {
  v1::Scenario s = BaseScenario();
  RuleA(s).mutable_covers()->mutable_moves(0)->set_direction(
      v1::DimensionMove::DIRECTION_UNSPECIFIED);
  EXPECT_THAT(
      ValidateScenario(s),
      IsOneProblem("move of dimension 'denuc' has no direction (UP or DOWN)"));
}

TEST(ValidateScenarioTest, RuleWithEmptyCoverage) {
  v1::Scenario s = BaseScenario();
  RuleA(s).clear_covers();
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("party 'A' rule 'r1': covers no proposals"));
}

TEST(ValidateScenarioTest, NoParties) {
  v1::Scenario s = BaseScenario();
  s.clear_parties();
  s.clear_variants();  // its absent party would be unknown now
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("scenario 'mini': declares no parties"));
}

TEST(ValidateScenarioTest, NoDimensions) {
  v1::Scenario s;
  s.set_id("bare");
  s.add_parties()->set_id("A");
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("scenario 'bare': declares no dimensions"));
}

TEST(ValidateScenarioTest, EveryProblemAtOnceWithLines) {
  // Three problems, on lines 5, 8 and 9 (the rule, as its kind is absent).
  const char text[] = R"pb(id: "x"
                           dimensions { id: "a" }
                           parties {
                             id: "P"
                             weight: -1
                             interests {
                               positions { dimension: "a" salience: 1 }
                               positions { dimension: "zzz" salience: 1 }
                               rules {
                                 id: "r"
                                 covers { tags: "t" }
                               }
                             }
                           }
  )pb";
  auto loaded = ParseWithLocations<v1::Scenario>(text, "s.textproto");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_THAT(
      ::concert::testing::Strings(
          ValidateScenario(loaded->message, &loaded->locations)),
      ::testing::ElementsAre(
          "s.textproto:5: party 'P': negative weight -1",
          "s.textproto:8: party 'P': position on unknown dimension 'zzz'",
          "s.textproto:9: party 'P' rule 'r': has no kind (RED_LINE, "
          "CONCESSION or STATEMENT)"));
}

TEST(ValidateScenarioTest, DuplicateNamesFirstLine) {
  std::string text = kScenarioText;
  text += "dimensions { id: \"security\" }\n";
  auto loaded = ParseWithLocations<v1::Scenario>(text, "s.textproto");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_THAT(
      ValidateScenario(loaded->message, &loaded->locations),
      IsOneProblem(
          "dimension 'security': duplicate id (first declared at line 4)"));
}

}  // namespace
}  // namespace concert
