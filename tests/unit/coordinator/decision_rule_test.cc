#include "services/coordinator/core/decision_rule.h"

#include <cstdint>
#include <string>
#include <vector>

#include "concert/v1/party.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace concert::coordinator {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr std::uint8_t S = v1::VOTE_SUPPORT;
constexpr std::uint8_t A = v1::VOTE_ABSTAIN;
constexpr std::uint8_t O = v1::VOTE_OBJECT;
constexpr std::uint8_t X = v1::VOTE_UNSPECIFIED;  // absent

const std::vector<std::string> kIds = {"USA", "CHN", "RUS",
                                       "JPN", "ROK", "DPRK"};

v1::DecisionRule Rule(v1::DecisionRule::Kind kind,
                      v1::DecisionRule::AbsentParty absent =
                          v1::DecisionRule::ABSENT_PARTY_UNSPECIFIED) {
  v1::DecisionRule rule;
  rule.set_kind(kind);
  rule.set_absent_party(absent);
  return rule;
}

v1::DecisionRule Qualified(double threshold, v1::DecisionRule::Abstentions a =
                                                 v1::DecisionRule::EXCLUDED) {
  v1::DecisionRule rule = Rule(v1::DecisionRule::QUALIFIED_MAJORITY);
  rule.set_threshold(threshold);
  rule.set_abstentions(a);
  return rule;
}

constexpr std::uint64_t Bit(int i) { return std::uint64_t{1} << i; }

// A violation measure answering the states in `mask` (limit 1), as
// ResolveForum scopes it under consensus minus one or two.
ProposalScope ViolationMeasure(std::uint64_t mask) {
  return {.exempt = mask, .exempt_limit = 1};
}
// A directed conciliation of the two states in `mask`, under consensus
// minus two.
ProposalScope Conciliation(std::uint64_t mask) {
  return {.exempt = mask, .exempt_limit = 2};
}
ProposalScope DecidedBy(std::uint64_t mask) { return {.deciding = mask}; }
ProposalScope Silence() { return {.silence = true}; }

Decision Decide(const DecisionRule& rule, std::vector<std::uint8_t> votes,
                const ProposalScope& scope = {}) {
  Decision d = rule.Decide(votes, scope, kIds);
  // The hot path must agree with the explained one.
  EXPECT_EQ(rule.Passes(votes, scope), d.passes);
  return d;
}

TEST(ConsensusTest, PassesWithoutObjection) {
  DecisionRule rule(Rule(v1::DecisionRule::CONSENSUS), {});
  Decision d = Decide(rule, {S, S, S, S, S, S});
  EXPECT_TRUE(d.passes);
  EXPECT_THAT(d.blocking, IsEmpty());
  EXPECT_EQ(d.explanation, "passes: no objection");
}

TEST(ConsensusTest, AbstentionDoesNotBlock) {
  DecisionRule rule(Rule(v1::DecisionRule::CONSENSUS), {});
  Decision d = Decide(rule, {S, S, S, S, S, A});
  EXPECT_TRUE(d.passes);
  EXPECT_EQ(d.explanation, "passes: no objection (DPRK abstains)");
  d = Decide(rule, {S, S, A, S, S, A});
  EXPECT_EQ(d.explanation, "passes: no objection (RUS, DPRK abstain)");
}

TEST(ConsensusTest, ObjectionsBlock) {
  DecisionRule rule(Rule(v1::DecisionRule::CONSENSUS), {});
  Decision d = Decide(rule, {S, S, O, S, S, O});
  EXPECT_FALSE(d.passes);
  EXPECT_THAT(d.blocking, ElementsAre(2, 5));
  EXPECT_EQ(d.explanation, "fails: objection from RUS, DPRK");
}

TEST(ConsensusTest, UnspecifiedKindIsConsensus) {
  DecisionRule rule(v1::DecisionRule(), {});
  EXPECT_TRUE(rule.Passes(std::vector<std::uint8_t>{S, A, A}, {}));
  EXPECT_FALSE(rule.Passes(std::vector<std::uint8_t>{S, A, O}, {}));
}

TEST(AllAbstainTest, ConsensusPassesUnanimityAndQualifiedMajorityFail) {
  const std::vector<std::uint8_t> votes(6, A);
  EXPECT_TRUE(Decide(DecisionRule(Rule(v1::DecisionRule::CONSENSUS), {}), votes)
                  .passes);

  Decision unanimity =
      Decide(DecisionRule(Rule(v1::DecisionRule::UNANIMITY), {}), votes);
  EXPECT_FALSE(unanimity.passes);
  EXPECT_THAT(unanimity.blocking, ElementsAre(0, 1, 2, 3, 4, 5));

  Decision qm = Decide(DecisionRule(Qualified(2.0 / 3.0), {}), votes);
  EXPECT_FALSE(qm.passes);
  EXPECT_THAT(qm.blocking, IsEmpty());
  EXPECT_THAT(qm.explanation, HasSubstr("all abstain"));
  EXPECT_THAT(qm.explanation, HasSubstr("66.7% needed"));
}

TEST(AbsentPartyTest, BlocksByDefault) {
  for (auto absent :
       {v1::DecisionRule::ABSENT_PARTY_UNSPECIFIED, v1::DecisionRule::BLOCKS}) {
    DecisionRule rule(Rule(v1::DecisionRule::CONSENSUS, absent), {});
    Decision d = Decide(rule, {S, S, S, S, S, X});
    EXPECT_FALSE(d.passes);
    EXPECT_THAT(d.blocking, ElementsAre(5));
    EXPECT_EQ(d.explanation, "fails: DPRK absent (absent party blocks)");
  }
}

TEST(AbsentPartyTest, AbsentAndObjectorBothBlock) {
  DecisionRule rule(Rule(v1::DecisionRule::CONSENSUS), {});
  Decision d = Decide(rule, {S, S, O, S, S, X});
  EXPECT_THAT(d.blocking, ElementsAre(2, 5));
  EXPECT_EQ(d.explanation,
            "fails: objection from RUS; DPRK absent (absent party blocks)");
}

TEST(AbsentPartyTest, AbstainsWhenConfigured) {
  DecisionRule rule(
      Rule(v1::DecisionRule::CONSENSUS, v1::DecisionRule::ABSTAINS), {});
  Decision d = Decide(rule, {S, S, S, S, S, X});
  EXPECT_TRUE(d.passes);
  EXPECT_EQ(d.explanation,
            "passes: no objection (DPRK absent, counted as abstaining)");
}

TEST(AbsentPartyTest, AbstainingAbsenteeCountsUnderCountedAbstentions) {
  v1::DecisionRule proto = Qualified(2.0 / 3.0, v1::DecisionRule::COUNTED);
  proto.set_absent_party(v1::DecisionRule::ABSTAINS);
  DecisionRule rule(proto, {});
  // 4 of 6 weight supports: exactly 2/3 with the absentee in the denominator.
  EXPECT_TRUE(Decide(rule, {S, S, S, S, O, X}).passes);
  // 3 of 6.
  Decision d = Decide(rule, {S, S, S, A, O, X});
  EXPECT_FALSE(d.passes);
  EXPECT_THAT(d.blocking, ElementsAre(3, 4, 5));
}

TEST(UnanimityTest, EveryPresentPartySupports) {
  DecisionRule rule(Rule(v1::DecisionRule::UNANIMITY), {});
  EXPECT_TRUE(Decide(rule, {S, S, S, S, S, S}).passes);
  Decision d = Decide(rule, {S, S, A, S, O, S});
  EXPECT_FALSE(d.passes);
  EXPECT_THAT(d.blocking, ElementsAre(2, 4));
  EXPECT_EQ(d.explanation,
            "fails: no support from RUS (abstains), ROK (objects)");
}

TEST(UnanimityTest, AnAbsentPartyIsMissingSupportUnderEitherAbsentRule) {
  DecisionRule blocks(Rule(v1::DecisionRule::UNANIMITY), {});
  Decision d = Decide(blocks, {S, S, S, S, S, X});
  EXPECT_FALSE(d.passes);
  EXPECT_THAT(d.blocking, ElementsAre(5));
  EXPECT_EQ(d.explanation,
            "fails: no support from DPRK (absent; absent party blocks)");

  // Counted as abstaining, it still does not support: unanimity fails.
  DecisionRule abstains(
      Rule(v1::DecisionRule::UNANIMITY, v1::DecisionRule::ABSTAINS), {});
  d = Decide(abstains, {S, S, S, S, S, X});
  EXPECT_FALSE(d.passes);
  EXPECT_THAT(d.blocking, ElementsAre(5));
  EXPECT_EQ(d.explanation,
            "fails: no support from DPRK (absent, counted as abstaining)");
  d = Decide(abstains, {X, X, X, X, X, X});
  EXPECT_FALSE(d.passes);
  EXPECT_THAT(d.blocking, ElementsAre(0, 1, 2, 3, 4, 5));
}

TEST(QualifiedMajorityTest, ThresholdExactlyMet) {
  DecisionRule rule(Qualified(2.0 / 3.0), {});
  Decision d = Decide(rule, {S, S, S, S, O, O});
  EXPECT_TRUE(d.passes);
  EXPECT_EQ(d.explanation,
            "passes: support 66.7% of the voting weight (4.0 of 6.0), "
            "66.7% needed");
  // A threshold written as a rounded decimal is still met by 4 of 6.
  EXPECT_TRUE(
      Decide(DecisionRule(Qualified(0.6666666667), {}), {S, S, S, S, O, O})
          .passes);
  d = Decide(rule, {S, S, S, O, O, O});
  EXPECT_FALSE(d.passes);
  EXPECT_THAT(d.blocking, ElementsAre(3, 4, 5));
  EXPECT_EQ(d.explanation,
            "fails: support 50% of the voting weight (3.0 of 6.0), "
            "66.7% needed");
}

TEST(QualifiedMajorityTest, AShareJustShortNeverReadsAsTheThreshold) {
  // 4 of 6 is 66.667%, short of 66.67%: rounded alike they would read as
  // met, so both get the decimals that tell them apart.
  Decision d = Decide(DecisionRule(Qualified(0.6667), {}), {S, S, S, S, O, O});
  EXPECT_FALSE(d.passes);
  EXPECT_EQ(d.explanation,
            "fails: support 66.667% of the voting weight (4.0 of 6.0), "
            "66.670% needed");
  // Weights with two decimals keep them.
  d = Decide(DecisionRule(Qualified(0.5), {1.25, 1, 1, 1, 1, 1}),
             {S, O, O, O, O, O});
  EXPECT_THAT(d.explanation, HasSubstr("(1.25 of 6.25)"));
}

TEST(QualifiedMajorityTest, AbstentionsExcludedOrCounted) {
  const std::vector<std::uint8_t> votes = {S, S, S, O, A, A};
  // Excluded: 3 of 4.
  Decision excluded = Decide(DecisionRule(Qualified(2.0 / 3.0), {}), votes);
  EXPECT_TRUE(excluded.passes);
  EXPECT_EQ(excluded.explanation,
            "passes: support 75% of the voting weight (3.0 of 4.0), "
            "66.7% needed");
  // Counted: 3 of 6; the abstainers weigh against.
  Decision counted = Decide(
      DecisionRule(Qualified(2.0 / 3.0, v1::DecisionRule::COUNTED), {}), votes);
  EXPECT_FALSE(counted.passes);
  EXPECT_THAT(counted.blocking, ElementsAre(3, 4, 5));
}

TEST(QualifiedMajorityTest, WeightsCount) {
  // USA weighs 3; CHN's 0 is read as 1; total 8.
  DecisionRule rule(Qualified(2.0 / 3.0), {3, 0, 1, 1, 1, 1});
  Decision d = Decide(rule, {S, S, S, O, O, O});
  EXPECT_FALSE(d.passes);
  EXPECT_EQ(d.explanation,
            "fails: support 62.5% of the voting weight (5.0 of 8.0), "
            "66.7% needed");
  d = Decide(rule, {S, S, S, S, O, O});
  EXPECT_TRUE(d.passes);
  EXPECT_EQ(d.explanation,
            "passes: support 75% of the voting weight (6.0 of 8.0), "
            "66.7% needed");
  // Missing weights are read as 1 too.
  DecisionRule short_weights(Qualified(0.5), {5});
  EXPECT_TRUE(
      short_weights.Passes(std::vector<std::uint8_t>{S, O, O, O, O, O}, {}));
}

TEST(QualifiedMajorityTest, AbsentPartyBlocksEvenWithEnoughSupport) {
  DecisionRule rule(Qualified(0.5), {});
  Decision d = Decide(rule, {S, S, S, S, S, X});
  EXPECT_FALSE(d.passes);
  EXPECT_THAT(d.blocking, ElementsAre(5));
  EXPECT_EQ(d.explanation, "fails: DPRK absent (absent party blocks)");
}

TEST(ConsensusMinusOneTest, TheAnsweredStatesObjectionAloneDoesNotBlock) {
  DecisionRule rule(Rule(v1::DecisionRule::CONSENSUS_MINUS_ONE), {});
  Decision d = Decide(rule, {S, S, S, S, S, O}, ViolationMeasure(Bit(5)));
  EXPECT_TRUE(d.passes);
  EXPECT_EQ(d.explanation,
            "passes: only DPRK objects, the state whose violations the "
            "proposal answers (consensus minus one)");
}

TEST(ConsensusMinusOneTest, OnAnOrdinaryProposalItIsConsensus) {
  // ResolveForum gives an ordinary proposal no exemption, whatever it
  // concerns (proposal_scope_test.cc): the DPRK's objection blocks.
  DecisionRule rule(Rule(v1::DecisionRule::CONSENSUS_MINUS_ONE), {});
  Decision d = Decide(rule, {S, S, S, S, S, O});
  EXPECT_FALSE(d.passes);
  EXPECT_EQ(d.explanation, "fails: objection from DPRK");
}

TEST(ConsensusMinusOneTest, AnotherObjectorBlocks) {
  DecisionRule rule(Rule(v1::DecisionRule::CONSENSUS_MINUS_ONE), {});
  Decision d = Decide(rule, {S, S, O, S, S, S}, ViolationMeasure(Bit(5)));
  EXPECT_FALSE(d.passes);
  EXPECT_THAT(d.blocking, ElementsAre(2));
  EXPECT_EQ(d.explanation, "fails: objection from RUS");
}

TEST(ConsensusMinusOneTest, TwoAnsweredObjectorsBlock) {
  DecisionRule rule(Rule(v1::DecisionRule::CONSENSUS_MINUS_ONE), {});
  Decision d =
      Decide(rule, {S, S, S, S, O, O}, ViolationMeasure(Bit(4) | Bit(5)));
  EXPECT_FALSE(d.passes);
  EXPECT_THAT(d.blocking, ElementsAre(4, 5));
}

TEST(ConsensusMinusOneTest, AnsweredPlusOtherObjectorFailsThroughTheOther) {
  DecisionRule rule(Rule(v1::DecisionRule::CONSENSUS_MINUS_ONE), {});
  Decision d = Decide(rule, {S, S, O, S, S, O}, ViolationMeasure(Bit(5)));
  EXPECT_FALSE(d.passes);
  EXPECT_THAT(d.blocking, ElementsAre(2));
  EXPECT_EQ(
      d.explanation,
      "fails: objection from RUS (DPRK's objection alone would not block)");
}

TEST(ConsensusMinusOneTest, AnsweredAbsentPartyStillBlocks) {
  DecisionRule rule(Rule(v1::DecisionRule::CONSENSUS_MINUS_ONE), {});
  EXPECT_FALSE(
      Decide(rule, {S, S, S, S, S, X}, ViolationMeasure(Bit(5))).passes);
}

TEST(ConsensusMinusTwoTest, TheTwoDisputingStatesDoNotBlockTheirConciliation) {
  DecisionRule rule(Rule(v1::DecisionRule::CONSENSUS_MINUS_TWO), {});
  const ProposalScope koreas = Conciliation(Bit(4) | Bit(5));
  Decision d = Decide(rule, {S, S, S, S, O, O}, koreas);
  EXPECT_TRUE(d.passes);
  EXPECT_EQ(d.explanation,
            "passes: only ROK, DPRK object, states the proposal directs to "
            "conciliation (consensus minus two)");
  EXPECT_TRUE(Decide(rule, {S, S, S, S, S, O}, koreas).passes);
  // A third state's objection blocks.
  d = Decide(rule, {S, S, S, O, O, O}, koreas);
  EXPECT_FALSE(d.passes);
  EXPECT_THAT(d.blocking, ElementsAre(3));
  EXPECT_EQ(d.explanation,
            "fails: objection from JPN (ROK, DPRK's objections alone would "
            "not block)");
}

TEST(SilenceProcedureTest, OnlyAnObjectionBreaksSilence) {
  // Whatever the rule, and though an absent party would block it.
  for (auto kind : {v1::DecisionRule::CONSENSUS, v1::DecisionRule::UNANIMITY,
                    v1::DecisionRule::QUALIFIED_MAJORITY}) {
    DecisionRule rule(Rule(kind, v1::DecisionRule::BLOCKS), {});
    Decision d = Decide(rule, {S, A, S, S, S, X}, Silence());
    EXPECT_TRUE(d.passes) << RuleName(rule.proto());
    EXPECT_EQ(d.explanation,
              "passes under the silence procedure: silence not broken (CHN "
              "abstains; DPRK absent, counted as silent)");
    d = Decide(rule, {S, S, O, S, S, S}, Silence());
    EXPECT_FALSE(d.passes);
    EXPECT_THAT(d.blocking, ElementsAre(2));
    EXPECT_EQ(d.explanation,
              "fails under the silence procedure: silence broken by "
              "objection from RUS");
  }
}

TEST(DecidedByTest, OnlyTheDirectlyRelatedPartiesCount) {
  // A peace regime decided by the USA, China, the ROK and the DPRK.
  const ProposalScope armistice = DecidedBy(Bit(0) | Bit(1) | Bit(4) | Bit(5));
  DecisionRule consensus(Rule(v1::DecisionRule::CONSENSUS), {});
  Decision d = Decide(consensus, {S, S, O, X, S, S}, armistice);
  EXPECT_TRUE(d.passes);
  EXPECT_EQ(d.explanation,
            "passes: no objection (RUS, JPN not deciding: decided by USA, "
            "CHN, ROK, DPRK only)");
  d = Decide(consensus, {S, S, S, S, S, O}, armistice);
  EXPECT_FALSE(d.passes);
  EXPECT_THAT(d.blocking, ElementsAre(5));

  DecisionRule unanimity(Rule(v1::DecisionRule::UNANIMITY), {});
  EXPECT_TRUE(Decide(unanimity, {S, S, A, A, S, S}, armistice).passes);
  EXPECT_FALSE(Decide(unanimity, {S, A, S, S, S, S}, armistice).passes);

  // Only the deciding parties' weights count: 3 of 4.
  DecisionRule qm(Qualified(0.75), {});
  d = Decide(qm, {S, O, O, O, S, S}, armistice);
  EXPECT_TRUE(d.passes);
  EXPECT_EQ(d.explanation,
            "passes: support 75% of the voting weight (3.0 of 4.0), "
            "75% needed");
}

// Passes() and Decide() agree on every vote combination of four parties
// under every rule configuration, and blocking is empty exactly on a pass
// (except qualified majority's all-abstain case, which blames nobody).
TEST(DecisionRuleTest, PassesAgreesWithDecideEverywhere) {
  std::vector<v1::DecisionRule> rules;
  for (auto absent : {v1::DecisionRule::BLOCKS, v1::DecisionRule::ABSTAINS}) {
    for (auto kind : {v1::DecisionRule::CONSENSUS, v1::DecisionRule::UNANIMITY,
                      v1::DecisionRule::CONSENSUS_MINUS_ONE,
                      v1::DecisionRule::CONSENSUS_MINUS_TWO}) {
      rules.push_back(Rule(kind, absent));
    }
    for (auto abstentions :
         {v1::DecisionRule::EXCLUDED, v1::DecisionRule::COUNTED}) {
      v1::DecisionRule qm = Qualified(0.75, abstentions);
      qm.set_absent_party(absent);
      rules.push_back(qm);
    }
  }
  const std::vector<ProposalScope> scopes = {{},
                                             ViolationMeasure(1),
                                             ViolationMeasure(3),
                                             Conciliation(3),
                                             DecidedBy(0b0111),
                                             Silence()};
  for (const auto& proto : rules) {
    DecisionRule rule(proto, {1, 2, 1, 0.5});
    for (int code = 0; code < 256; ++code) {
      std::vector<std::uint8_t> votes(4);
      for (int i = 0; i < 4; ++i) votes[i] = (code >> (2 * i)) & 3;
      for (std::size_t s = 0; s < scopes.size(); ++s) {
        Decision d = rule.Decide(votes, scopes[s], kIds);
        ASSERT_EQ(rule.Passes(votes, scopes[s]), d.passes)
            << RuleName(proto) << " code " << code << " scope " << s;
        if (d.passes) {
          EXPECT_THAT(d.blocking, IsEmpty());
        }
        EXPECT_THAT(d.explanation,
                    ::testing::StartsWith(d.passes ? "passes" : "fails"));
      }
    }
  }
}

TEST(ParseRuleKindTest, AcceptsFlagValues) {
  EXPECT_EQ(*ParseRuleKind("consensus"), v1::DecisionRule::CONSENSUS);
  EXPECT_EQ(*ParseRuleKind("unanimity"), v1::DecisionRule::UNANIMITY);
  EXPECT_EQ(*ParseRuleKind("consensus-minus-one"),
            v1::DecisionRule::CONSENSUS_MINUS_ONE);
  EXPECT_EQ(*ParseRuleKind("consensus-minus-two"),
            v1::DecisionRule::CONSENSUS_MINUS_TWO);
  EXPECT_EQ(*ParseRuleKind("Qualified_Majority"),
            v1::DecisionRule::QUALIFIED_MAJORITY);
  absl::StatusOr<v1::DecisionRule::Kind> bad = ParseRuleKind("majority");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("consensus-minus-one"));
}

TEST(RuleNameTest, NamesRules) {
  EXPECT_EQ(RuleName(v1::DecisionRule()), "consensus (absent party blocks)");
  EXPECT_EQ(RuleName(Rule(v1::DecisionRule::CONSENSUS_MINUS_ONE,
                          v1::DecisionRule::ABSTAINS)),
            "consensus minus one (absent party abstains)");
  EXPECT_EQ(RuleName(Rule(v1::DecisionRule::CONSENSUS_MINUS_TWO)),
            "consensus minus two (absent party blocks)");
  EXPECT_EQ(RuleName(Rule(v1::DecisionRule::UNANIMITY)),
            "unanimity (absent party blocks)");
  EXPECT_EQ(
      RuleName(Qualified(2.0 / 3.0)),
      "qualified majority 2/3 (abstentions excluded, absent party blocks)");
  EXPECT_EQ(
      RuleName(Qualified(0.7, v1::DecisionRule::COUNTED)),
      "qualified majority 7/10 (abstentions counted, absent party blocks)");
  EXPECT_EQ(
      RuleName(Qualified(0.61)),
      "qualified majority 0.61 (abstentions excluded, absent party blocks)");
}

}  // namespace
}  // namespace concert::coordinator
