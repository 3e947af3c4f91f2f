// Every shipped draft's session outcome under the variants it is about, with
// the reason in the test's name: what passes, where it stops and who stops
// it. The headers of the drafts say what happened historically; these tests
// pin what the model gives, so that a change to the scenario or a draft
// that moves an outcome has to say why.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/scenarios/six_party_sessions.h"

namespace concert::scenario_testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr auto kConsensus = v1::SessionSummary::CONSENSUS;
constexpr auto kDeadlock = v1::SessionSummary::DEADLOCK;

// Outcome and number adopted, in one assertion message.
void ExpectOutcome(const v1::Session& s, v1::SessionSummary::Outcome outcome,
                   int adopted) {
  EXPECT_EQ(s.summary().outcome(), outcome);
  EXPECT_EQ(s.summary().adopted_size(), adopted)
      << ::testing::PrintToString(Adopted(s));
}

TEST(
    DraftOutcomesTest,
    ArfPathReachesConsensusOnceSecurityNormalizationAndOpeningPrecedeDismantlement) {
  for (const char* variant :
       {"", "transformation", "us-engagement", "rok-engagement"}) {
    SCOPED_TRACE(variant);
    ExpectOutcome(RunDraft("arf-three-stage", variant), kConsensus, 18);
  }
}

TEST(DraftOutcomesTest,
     ArfPathStopsUnderConservationAtTheLinksAndDismantlement) {
  const v1::Session s = RunDraft("arf-three-stage", "conservation");
  ExpectOutcome(s, kDeadlock, 14);
  EXPECT_THAT(BlockingParties(s, "transport_energy_links"),
              ElementsAre("DPRK"));
}

TEST(DraftOutcomesTest, ArfPathStopsUnderUsPressureAtAidAndAssurances) {
  const v1::Session s = RunDraft("arf-three-stage", "us-pressure");
  ExpectOutcome(s, kDeadlock, 7);
  EXPECT_THAT(BlockingParties(s, "energy_aid"), ElementsAre("USA"));
  EXPECT_THAT(BlockingParties(s, "security_assurances"), ElementsAre("USA"));
}

TEST(DraftOutcomesTest,
     PaperDirectionTurnsInACircleInTheLastStageOfTheBaseline) {
  for (const char* variant : {"", "rok-engagement"}) {
    SCOPED_TRACE(variant);
    const v1::Session s = RunDraft("paper-sequence", variant);
    ExpectOutcome(s, kDeadlock, 17);
    EXPECT_THAT(BlockingParties(s, "nuclear_dismantlement"),
                ElementsAre("DPRK"));
    EXPECT_THAT(BlockingParties(s, "peace_regime_link"), ElementsAre("USA"));
  }
}

TEST(DraftOutcomesTest,
     PaperDirectionReachesConsensusUnderTransformationOrUsEngagement) {
  for (const char* variant : {"transformation", "us-engagement"}) {
    SCOPED_TRACE(variant);
    ExpectOutcome(RunDraft("paper-sequence", variant), kConsensus, 20);
  }
}

TEST(DraftOutcomesTest,
     PaperDirectionStopsUnderConservationAtTheRussianProjects) {
  const v1::Session s = RunDraft("paper-sequence", "conservation");
  ExpectOutcome(s, kDeadlock, 9);
  EXPECT_THAT(BlockingParties(s, "rail_link"), ElementsAre("DPRK"));
  EXPECT_THAT(BlockingParties(s, "energy_reconstruction"), ElementsAre("DPRK"));
}

TEST(DraftOutcomesTest,
     UsProposal2004StopsAtDisablementWithoutAssurancesOrAid) {
  const v1::Session s = RunDraft("us-proposal-2004", "");
  ExpectOutcome(s, kDeadlock, 6);
  EXPECT_THAT(BlockingParties(s, "disable_weapons"), ElementsAre("DPRK"));
  EXPECT_THAT(BlockingParties(s, "international_verification"),
              ElementsAre("DPRK"));
}

TEST(DraftOutcomesTest, JointStatementPassesItsReactorStepWithTheUsReading) {
  const v1::Session s = RunDraft("joint-statement-2005", "");
  ExpectOutcome(s, kDeadlock, 11);
  EXPECT_THAT(BlockingParties(s, "abandon_programmes"), ElementsAre("DPRK"));
  EXPECT_THAT(BlockingParties(s, "peace_regime_link"), ElementsAre("USA"));
  ASSERT_TRUE(IsAdopted(s, "peaceful_use_lwr"));
  const v1::CastVote* usa = LastVote(s, "peaceful_use_lwr", "USA");
  ASSERT_NE(usa, nullptr);
  EXPECT_NE(usa->vote(), v1::VOTE_OBJECT);
  EXPECT_THAT(usa->statement(), HasSubstr("returned to the NPT"));
}

TEST(DraftOutcomesTest,
     ActionForActionFrom2008StopsAtTheVerificationProtocolAsInDecember2008) {
  for (const char* variant : {"", "transformation", "us-engagement"}) {
    SCOPED_TRACE(variant);
    const v1::Session s = RunDraft("action-for-action-2007", variant);
    ExpectOutcome(s, kDeadlock, 3);
    EXPECT_TRUE(IsAdopted(s, "complete_disablement"));
    EXPECT_THAT(BlockingParties(s, "verif_mechanism"), ElementsAre("DPRK"));
    // The mechanism's principles waited on verification, and were never
    // adopted.
    EXPECT_FALSE(IsAdopted(s, "neapsm_principles"));
  }
}

TEST(DraftOutcomesTest,
     WorkingGroupPrinciplesWaitOnAVerificationTheDprkRefuses) {
  const v1::Session s = RunDraft("working-group-principles", "");
  ExpectOutcome(s, kDeadlock, 2);
  EXPECT_THAT(BlockingParties(s, "verif_mechanism"), ElementsAre("DPRK"));
  EXPECT_FALSE(IsAdopted(s, "neapsm_principles"));
  EXPECT_FALSE(IsAdopted(s, "ministerial_endorsement"));
}

TEST(DraftOutcomesTest, PeaceRegimeTrackStallsAtTheEndOfWarDeclaration) {
  const v1::Session s = RunDraft("peace-regime-track", "");
  ExpectOutcome(s, kDeadlock, 4);
  EXPECT_THAT(BlockingParties(s, "end_of_war_declaration"),
              UnorderedElementsAre("USA", "ROK"));
  // Under Seoul's engagement policy only the USA holds it back.
  const v1::Session engaged = RunDraft("peace-regime-track", "rok-engagement");
  EXPECT_THAT(BlockingParties(engaged, "end_of_war_declaration"),
              ElementsAre("USA"));
}

TEST(DraftOutcomesTest,
     HelsinkiTemplateNeedsTheNuclearFileForItsLargeProjects) {
  const v1::Session s = RunDraft("helsinki-template", "");
  ExpectOutcome(s, kDeadlock, 13);
  EXPECT_THAT(BlockingParties(s, "transport_energy_links"),
              UnorderedElementsAre("USA", "JPN", "ROK"));
  EXPECT_THAT(BlockingParties(s, "secretariat"), ElementsAre("RUS"));
}

TEST(DraftOutcomesTest, OsceWithoutRussianProjectsStopsAtTheSecretariat) {
  const v1::Session s = RunDraft("osce-without-russian-projects", "");
  ExpectOutcome(s, kDeadlock, 13);
  EXPECT_THAT(BlockingParties(s, "secretariat"), ElementsAre("RUS"));
}

TEST(DraftOutcomesTest,
     FiveThenDprkAgreesItsModalitiesAmongTheFiveButNotASecretariat) {
  const v1::Session s = RunDraft("five-then-dprk", "");
  ExpectOutcome(s, kDeadlock, 13);
  EXPECT_TRUE(IsAdopted(s, "modalities_package"));
  EXPECT_THAT(BlockingParties(s, "secretariat"), ElementsAre("RUS"));
  // The five decided their modalities alone: the DPRK's vote is on the
  // record and does not count.
  const v1::Round* round = LastRound(s, "five_party_consult");
  ASSERT_NE(round, nullptr);
  EXPECT_EQ(round->outcome(), v1::Round::ADOPTED);
}

TEST(DraftOutcomesTest, BlocStructurePassesNothing) {
  for (const char* variant : kVariants) {
    SCOPED_TRACE(variant);
    ExpectOutcome(RunDraft("bloc-3plus3", variant), kDeadlock, 0);
  }
}

TEST(DraftOutcomesTest, DenuclearizationFirstPassesOnlyTheConsultationChannel) {
  for (const char* variant : kVariants) {
    SCOPED_TRACE(variant);
    ExpectOutcome(RunDraft("denuclearization-first", variant), kDeadlock, 1);
  }
}

// Five-party (the DPRK absent, as after April 2009): with absent parties
// blocking, nothing passes; counting its absence as abstention, the five
// adopt what the DPRK itself would have blocked.
TEST(DraftOutcomesTest,
     FivePartyForumDecidesNothingUnlessTheAbsentPartyCountsAsAbstaining) {
  for (const char* name : {"arf-three-stage", "paper-sequence"}) {
    SCOPED_TRACE(name);
    const v1::Session blocked = RunDraft(name, "five-party");
    ExpectOutcome(blocked, kDeadlock, 0);
    EXPECT_THAT(AllBlockingParties(blocked), ElementsAre("DPRK"));
    const v1::Session abstains =
        RunDraft(name, "five-party", v1::DecisionRule::ABSTAINS);
    EXPECT_EQ(abstains.summary().outcome(), kConsensus);
    EXPECT_TRUE(IsAdopted(abstains, "nuclear_dismantlement"));
  }
}

}  // namespace
}  // namespace concert::scenario_testing
