// Every shipped draft's session outcome under the variants it is about, with
// the reason in the test's name: what passes, where it stops and who stops
// it. The headers of the drafts say what happened historically; these tests
// pin what the model gives, so that a change to the scenario or a draft
// that moves an outcome has to say why.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

// Every draft under every variant: the outcome, how many proposals pass, and
// the first proposal left blocked with the parties blocking it (the reason,
// read with the draft's own test above).
TEST(DraftOutcomesTest, EveryDraftUnderEveryVariant) {
  struct Row {
    const char* draft;
    const char* variant;
    v1::SessionSummary::Outcome outcome;
    int adopted;
    const char* first_blocked;  // "" when everything passed
    const char* blocking;       // its blocking parties, joined by ','
  };
  const Row kTable[] = {
      {"action-for-action-2007", "", kDeadlock, 3, "neapsm_principles", ""},
      {"action-for-action-2007", "conservation", kDeadlock, 2,
       "econ_energy_cooperation", "DPRK"},
      {"action-for-action-2007", "transformation", kDeadlock, 3,
       "neapsm_principles", ""},
      {"action-for-action-2007", "us-engagement", kDeadlock, 3,
       "neapsm_principles", ""},
      {"action-for-action-2007", "us-pressure", kDeadlock, 0,
       "complete_disablement", "USA"},
      {"action-for-action-2007", "rok-engagement", kDeadlock, 3,
       "neapsm_principles", ""},
      {"action-for-action-2007", "five-party", kDeadlock, 0,
       "complete_disablement", "DPRK"},
      {"arf-three-stage", "", kConsensus, 18, "", ""},
      {"arf-three-stage", "conservation", kDeadlock, 14,
       "transport_energy_links", "DPRK"},
      {"arf-three-stage", "transformation", kConsensus, 18, "", ""},
      {"arf-three-stage", "us-engagement", kConsensus, 18, "", ""},
      {"arf-three-stage", "us-pressure", kDeadlock, 7, "energy_aid", "USA"},
      {"arf-three-stage", "rok-engagement", kConsensus, 18, "", ""},
      {"arf-three-stage", "five-party", kDeadlock, 0, "consult_channel",
       "DPRK"},
      {"bloc-3plus3", "", kDeadlock, 0, "southern_alliance", "CHN,RUS,DPRK"},
      {"bloc-3plus3", "conservation", kDeadlock, 0, "southern_alliance",
       "CHN,RUS,DPRK"},
      {"bloc-3plus3", "transformation", kDeadlock, 0, "southern_alliance",
       "CHN,RUS,DPRK"},
      {"bloc-3plus3", "us-engagement", kDeadlock, 0, "southern_alliance",
       "CHN,RUS,DPRK"},
      {"bloc-3plus3", "us-pressure", kDeadlock, 0, "southern_alliance",
       "CHN,RUS,DPRK"},
      {"bloc-3plus3", "rok-engagement", kDeadlock, 0, "southern_alliance",
       "CHN,RUS,DPRK"},
      {"bloc-3plus3", "five-party", kDeadlock, 0, "southern_alliance",
       "CHN,RUS,DPRK"},
      {"denuclearization-first", "", kDeadlock, 1, "verif_mechanism", "DPRK"},
      {"denuclearization-first", "conservation", kDeadlock, 1,
       "verif_mechanism", "DPRK"},
      {"denuclearization-first", "transformation", kDeadlock, 1,
       "verif_mechanism", "DPRK"},
      {"denuclearization-first", "us-engagement", kDeadlock, 1,
       "verif_mechanism", "DPRK"},
      {"denuclearization-first", "us-pressure", kDeadlock, 1, "verif_mechanism",
       "DPRK"},
      {"denuclearization-first", "rok-engagement", kDeadlock, 1,
       "verif_mechanism", "DPRK"},
      {"denuclearization-first", "five-party", kDeadlock, 0, "consult_channel",
       "DPRK"},
      {"five-then-dprk", "", kDeadlock, 13, "secretariat", "RUS"},
      {"five-then-dprk", "conservation", kDeadlock, 13, "secretariat", "RUS"},
      {"five-then-dprk", "transformation", kDeadlock, 13, "secretariat", "RUS"},
      {"five-then-dprk", "us-engagement", kDeadlock, 13, "secretariat", "RUS"},
      {"five-then-dprk", "us-pressure", kDeadlock, 4, "security_assurances",
       "USA"},
      {"five-then-dprk", "rok-engagement", kDeadlock, 13, "secretariat", "RUS"},
      {"five-then-dprk", "five-party", kDeadlock, 3, "dprk_briefing", "DPRK"},
      {"helsinki-template", "", kDeadlock, 13, "transport_energy_links",
       "USA,JPN,ROK"},
      {"helsinki-template", "conservation", kDeadlock, 7, "trade_and_zones",
       "DPRK"},
      {"helsinki-template", "transformation", kDeadlock, 13,
       "transport_energy_links", "USA,JPN,ROK"},
      {"helsinki-template", "us-engagement", kDeadlock, 13,
       "transport_energy_links", "USA,JPN,ROK"},
      {"helsinki-template", "us-pressure", kDeadlock, 13,
       "transport_energy_links", "USA,JPN,ROK"},
      {"helsinki-template", "rok-engagement", kDeadlock, 13,
       "transport_energy_links", "USA,JPN"},
      {"helsinki-template", "five-party", kDeadlock, 0, "guiding_principles",
       "DPRK"},
      {"joint-statement-2005", "", kDeadlock, 11, "abandon_programmes", "DPRK"},
      {"joint-statement-2005", "conservation", kDeadlock, 10,
       "abandon_programmes", "DPRK"},
      {"joint-statement-2005", "transformation", kDeadlock, 11,
       "abandon_programmes", "DPRK"},
      {"joint-statement-2005", "us-engagement", kDeadlock, 11,
       "abandon_programmes", "DPRK"},
      {"joint-statement-2005", "us-pressure", kDeadlock, 7,
       "abandon_programmes", "DPRK"},
      {"joint-statement-2005", "rok-engagement", kDeadlock, 11,
       "abandon_programmes", "DPRK"},
      {"joint-statement-2005", "five-party", kDeadlock, 0, "guiding_principles",
       "DPRK"},
      {"osce-without-russian-projects", "", kDeadlock, 13, "secretariat",
       "RUS"},
      {"osce-without-russian-projects", "conservation", kDeadlock, 13,
       "secretariat", "RUS"},
      {"osce-without-russian-projects", "transformation", kDeadlock, 13,
       "secretariat", "RUS"},
      {"osce-without-russian-projects", "us-engagement", kDeadlock, 13,
       "secretariat", "RUS"},
      {"osce-without-russian-projects", "us-pressure", kDeadlock, 7,
       "verif_mechanism", "DPRK"},
      {"osce-without-russian-projects", "rok-engagement", kDeadlock, 13,
       "secretariat", "RUS"},
      {"osce-without-russian-projects", "five-party", kDeadlock, 0,
       "consult_channel", "DPRK"},
      {"paper-sequence", "", kDeadlock, 17, "nuclear_dismantlement", "DPRK"},
      {"paper-sequence", "conservation", kDeadlock, 9, "rail_link", "DPRK"},
      {"paper-sequence", "transformation", kConsensus, 20, "", ""},
      {"paper-sequence", "us-engagement", kConsensus, 20, "", ""},
      {"paper-sequence", "us-pressure", kDeadlock, 5, "security_assurances",
       "USA"},
      {"paper-sequence", "rok-engagement", kDeadlock, 17,
       "nuclear_dismantlement", "DPRK"},
      {"paper-sequence", "five-party", kDeadlock, 0, "consult_channel", "DPRK"},
      {"peace-regime-track", "", kDeadlock, 4, "end_of_war_declaration",
       "USA,ROK"},
      {"peace-regime-track", "conservation", kDeadlock, 4,
       "end_of_war_declaration", "USA,ROK"},
      {"peace-regime-track", "transformation", kDeadlock, 4,
       "end_of_war_declaration", "USA,ROK"},
      {"peace-regime-track", "us-engagement", kDeadlock, 4,
       "end_of_war_declaration", "USA,ROK"},
      {"peace-regime-track", "us-pressure", kDeadlock, 2,
       "normalization_tracks", "USA"},
      {"peace-regime-track", "rok-engagement", kDeadlock, 4,
       "end_of_war_declaration", "USA"},
      {"peace-regime-track", "five-party", kDeadlock, 0, "peace_forum_mandate",
       "DPRK"},
      {"us-proposal-2004", "", kDeadlock, 6, "disable_weapons", "DPRK"},
      {"us-proposal-2004", "conservation", kDeadlock, 6, "disable_weapons",
       "DPRK"},
      {"us-proposal-2004", "transformation", kDeadlock, 7,
       "international_verification", "DPRK"},
      {"us-proposal-2004", "us-engagement", kDeadlock, 6, "disable_weapons",
       "DPRK"},
      {"us-proposal-2004", "us-pressure", kDeadlock, 4, "disable_weapons",
       "DPRK"},
      {"us-proposal-2004", "rok-engagement", kDeadlock, 6, "disable_weapons",
       "DPRK"},
      {"us-proposal-2004", "five-party", kDeadlock, 0, "dismantle_commitment",
       "DPRK"},
      {"working-group-principles", "", kDeadlock, 2, "verif_mechanism", "DPRK"},
      {"working-group-principles", "conservation", kDeadlock, 2,
       "verif_mechanism", "DPRK"},
      {"working-group-principles", "transformation", kDeadlock, 2,
       "verif_mechanism", "DPRK"},
      {"working-group-principles", "us-engagement", kDeadlock, 2,
       "verif_mechanism", "DPRK"},
      {"working-group-principles", "us-pressure", kDeadlock, 1,
       "complete_disablement", "USA"},
      {"working-group-principles", "rok-engagement", kDeadlock, 2,
       "verif_mechanism", "DPRK"},
      {"working-group-principles", "five-party", kDeadlock, 0,
       "complete_disablement", "DPRK"},
  };
  for (const Row& row : kTable) {
    SCOPED_TRACE(absl::StrCat(row.draft, " / ", row.variant));
    const v1::Session s = RunDraft(row.draft, row.variant);
    ExpectOutcome(s, row.outcome, row.adopted);
    if (*row.first_blocked == '\0') {
      EXPECT_EQ(s.summary().blockers_size(), 0);
      continue;
    }
    ASSERT_GT(s.summary().blockers_size(), 0);
    EXPECT_EQ(s.summary().blockers(0).proposal(), row.first_blocked);
    EXPECT_EQ(absl::StrJoin(s.summary().blockers(0).parties(), ","),
              row.blocking);
  }
}

}  // namespace
}  // namespace concert::scenario_testing
