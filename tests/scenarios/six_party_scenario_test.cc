// The default six-party scenario and the shipped drafts must reproduce the
// argument of the source paper (Toloraya, Brookings CNAPS, 2008): the DPRK
// trades denuclearization only late and only in the "transformation" future;
// denuclearization first deadlocks; Russia and China reject a 3+3 bloc
// order; a forum without the DPRK decides nothing unless its absence counts
// as abstention. Each test loads the files as shipped and runs real sessions
// with the built-in interest models in process.
#include <algorithm>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"
#include "concert/v1/session.pb.h"
#include "services/common/text_format_loader.h"
#include "services/common/validation.h"
#include "services/coordinator/core/in_process_vote_source.h"
#include "services/coordinator/core/session_runner.h"
#include "tests/scenarios/six_party_sessions.h"

namespace concert {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using namespace scenario_testing;  // NOLINT: the scenario tests' vocabulary

TEST(SixPartyFilesTest, ScenarioAndDraftsLoadAndValidate) {
  v1::Scenario scenario = Scenario();
  EXPECT_THAT(ValidateScenario(scenario), IsEmpty());
  for (const char* name : kDrafts) {
    SCOPED_TRACE(name);
    v1::CharterDraft draft = Draft(name);
    EXPECT_EQ(draft.id(), name);
    EXPECT_THAT(ValidateDraft(draft), IsEmpty());
    EXPECT_THAT(ValidateDraftAgainstScenario(draft, scenario), IsEmpty());
    EXPECT_EQ(KindFromHeader(*ReadTextFile(DraftPath(name))), FileKind::kDraft);
  }
  EXPECT_EQ(KindFromHeader(*ReadTextFile(ScenarioPath())), FileKind::kScenario);
}

TEST(SixPartyFilesTest, ScenarioDeclaresTheForum) {
  v1::Scenario scenario = Scenario();
  std::vector<std::string> parties;
  for (const v1::PartySpec& p : scenario.parties()) {
    parties.push_back(p.id());
    EXPECT_EQ(p.weight(), 1) << p.id();
    EXPECT_FALSE(p.name().empty()) << p.id();
  }
  EXPECT_THAT(parties, ElementsAre("USA", "CHN", "RUS", "JPN", "ROK", "DPRK"));
  EXPECT_EQ(scenario.dimensions_size(), 10);
  EXPECT_EQ(scenario.rule().kind(), v1::DecisionRule::CONSENSUS);
  EXPECT_EQ(scenario.rule().absent_party(), v1::DecisionRule::BLOCKS);
  std::vector<std::string> variants;
  for (const v1::Variant& v : scenario.variants()) {
    variants.push_back(v.name());
    if (v.name() == "five-party") {
      EXPECT_THAT(v.absent_parties(), ElementsAre("DPRK"));
    } else {
      EXPECT_THAT(v.absent_parties(), IsEmpty());
    }
  }
  EXPECT_THAT(variants, UnorderedElementsAre("conservation", "transformation",
                                             "five-party"));
}

// The outcome table in the header comment of scenarios/six-party.textproto.
TEST(SixPartyScenarioTest, OutcomeTableMatchesHeader) {
  struct Row {
    const char* draft;
    const char* variant;
    v1::SessionSummary::Outcome outcome;
    int adopted;
  };
  const auto kDeadlock = v1::SessionSummary::DEADLOCK;
  const auto kConsensus = v1::SessionSummary::CONSENSUS;
  const Row kTable[] = {
      {"arf-three-stage", "", kDeadlock, 10},
      {"arf-three-stage", "conservation", kDeadlock, 8},
      {"arf-three-stage", "transformation", kConsensus, 16},
      {"paper-sequence", "", kDeadlock, 17},
      {"paper-sequence", "conservation", kDeadlock, 7},
      {"paper-sequence", "transformation", kConsensus, 20},
      {"denuclearization-first", "", kDeadlock, 1},
      {"denuclearization-first", "conservation", kDeadlock, 1},
      {"denuclearization-first", "transformation", kDeadlock, 1},
      {"action-for-action-2007", "", kDeadlock, 6},
      {"action-for-action-2007", "conservation", kDeadlock, 1},
      {"action-for-action-2007", "transformation", kDeadlock, 6},
      {"bloc-3plus3", "", kDeadlock, 0},
      {"bloc-3plus3", "conservation", kDeadlock, 0},
      {"bloc-3plus3", "transformation", kDeadlock, 0},
  };
  for (const Row& row : kTable) {
    SCOPED_TRACE(std::string(row.draft) + " / " + row.variant);
    v1::Session s = RunDraft(row.draft, row.variant);
    EXPECT_EQ(s.summary().outcome(), row.outcome);
    EXPECT_EQ(s.summary().adopted_size(), row.adopted);
  }
}

// "Denuclearization first" fails in every future: the DPRK objects to
// verification tabled before any assurance or aid.
TEST(SixPartyScenarioTest, DenuclearizationFirstDeadlocksOnDprk) {
  for (const char* variant : {"", "transformation", "conservation"}) {
    SCOPED_TRACE(variant);
    v1::Session s = RunDraft("denuclearization-first", variant);
    EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::DEADLOCK);
    EXPECT_THAT(Adopted(s), ElementsAre("consult_channel"));
    EXPECT_THAT(BlockingParties(s, "verif_mechanism"), ElementsAre("DPRK"));
    EXPECT_THAT(AllBlockingParties(s), ElementsAre("DPRK"));
    EXPECT_FALSE(IsAdopted(s, "nuclear_dismantlement"));
  }
}

// Baseline: the ARF path reaches the 2008 impasse. Verification comes before
// multilateral assurances (which require it), and the DPRK will not accept
// intrusive verification before assurances.
TEST(SixPartyScenarioTest, ArfBaselineStallsAtVerification) {
  v1::Session s = RunDraft("arf-three-stage", "");
  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_EQ(s.summary().adopted_size(), 10);
  EXPECT_THAT(BlockingParties(s, "verif_mechanism"), ElementsAre("DPRK"));
  EXPECT_THAT(AllBlockingParties(s), ElementsAre("DPRK"));
  const v1::CastVote* dprk = LastVote(s, "verif_mechanism", "DPRK");
  ASSERT_NE(dprk, nullptr);
  EXPECT_EQ(dprk->vote(), v1::VOTE_OBJECT);
  EXPECT_THAT(dprk->rationale(),
              HasSubstr("dprk_assurance_before_verification"));
  EXPECT_THAT(BlockerOf(s, "security_assurances").waiting_on(),
              Contains("verif_mechanism"));
  // The confidence-building stage and the functional cooperation that does
  // not touch the programme pass.
  for (const char* id : {"guiding_principles", "exercise_notice", "energy_aid",
                         "normalization_tracks", "humanitarian_basket"}) {
    EXPECT_TRUE(IsAdopted(s, id)) << id;
  }
}

// Baseline: the paper's sequence (assurances and projects before the nuclear
// stage) gets further than the ARF path — verification passes — and stalls on
// the last stage's circle: no dismantlement before full normalization for the
// DPRK, no peace regime before dismantlement for the USA.
TEST(SixPartyScenarioTest, PaperSequenceGetsFurtherInBaseline) {
  v1::Session arf = RunDraft("arf-three-stage", "");
  v1::Session s = RunDraft("paper-sequence", "");
  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_GT(s.summary().adopted_size(), arf.summary().adopted_size());
  EXPECT_EQ(s.summary().adopted_size(), 17);
  EXPECT_TRUE(IsAdopted(s, "verif_mechanism"));
  EXPECT_TRUE(IsAdopted(s, "secretariat"));
  EXPECT_THAT(BlockingParties(s, "nuclear_dismantlement"), ElementsAre("DPRK"));
  EXPECT_THAT(BlockingParties(s, "peace_regime_link"), ElementsAre("USA"));
  const v1::CastVote* dprk = LastVote(s, "nuclear_dismantlement", "DPRK");
  ASSERT_NE(dprk, nullptr);
  EXPECT_THAT(dprk->rationale(),
              HasSubstr("dprk_survival_before_dismantlement"));
}

// Transformation: both staged drafts reach consensus, and the nuclear steps
// come late — dismantlement in the last stage, after everything of the
// earlier stages, with the DPRK abstaining rather than supporting.
TEST(SixPartyScenarioTest,
     TransformationReachesConsensusWithLateDenuclearization) {
  for (const char* name : {"arf-three-stage", "paper-sequence"}) {
    SCOPED_TRACE(name);
    v1::CharterDraft draft = Draft(name);
    v1::Session s = RunDraft(draft, "transformation");
    EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::CONSENSUS);
    EXPECT_EQ(s.summary().adopted_size(), draft.proposals_size());
    EXPECT_EQ(s.summary().blockers_size(), 0);

    const std::string last_stage = draft.stages(draft.stages_size() - 1).id();
    int last_stage_size = 0;
    for (const v1::Proposal& p : draft.proposals()) {
      if (p.stage() == last_stage) ++last_stage_size;
    }
    const int dismantled = AdoptionIndex(s, "nuclear_dismantlement");
    EXPECT_GE(dismantled, draft.proposals_size() - last_stage_size);
    // The DPRK does not want dismantlement (its utility falls); it tolerates
    // it because its conditions are met by then.
    const v1::CastVote* dprk = LastVote(s, "nuclear_dismantlement", "DPRK");
    ASSERT_NE(dprk, nullptr);
    EXPECT_EQ(dprk->vote(), v1::VOTE_ABSTAIN);
    EXPECT_LT(dprk->utility_change(), 0);
  }
  v1::Session arf = RunDraft("arf-three-stage", "transformation");
  EXPECT_GT(AdoptionIndex(arf, "nuclear_dismantlement"),
            AdoptionIndex(arf, "transport_energy_links"));
}

// Conservation: the full charter of the staged drafts is out of reach, and
// the DPRK is the one that blocks.
TEST(SixPartyScenarioTest, ConservationPutsTheFullCharterOutOfReach) {
  for (const char* name : {"arf-three-stage", "paper-sequence"}) {
    SCOPED_TRACE(name);
    v1::Session s = RunDraft(name, "conservation");
    EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::DEADLOCK);
    EXPECT_FALSE(IsAdopted(s, "nuclear_dismantlement"));
    EXPECT_THAT(AllBlockingParties(s), ElementsAre("DPRK"));
  }
  // The economic stage of the paper's sequence already fails: the
  // conservative leadership refuses opening.
  v1::Session paper = RunDraft("paper-sequence", "conservation");
  EXPECT_THAT(BlockingParties(paper, "econ_coordination"), ElementsAre("DPRK"));
}

// Russia (and China) reject a Cold War-like 3+3 structure.
TEST(SixPartyScenarioTest, RussiaAndChinaObjectToBlocs) {
  for (const char* variant : {"", "transformation"}) {
    SCOPED_TRACE(variant);
    v1::Session s = RunDraft("bloc-3plus3", variant);
    EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::DEADLOCK);
    EXPECT_THAT(Adopted(s), IsEmpty());
    for (const char* id : {"southern_alliance", "northern_alignment"}) {
      const v1::CastVote* rus = LastVote(s, id, "RUS");
      const v1::CastVote* chn = LastVote(s, id, "CHN");
      ASSERT_NE(rus, nullptr) << id;
      ASSERT_NE(chn, nullptr) << id;
      EXPECT_EQ(rus->vote(), v1::VOTE_OBJECT) << id;
      EXPECT_EQ(chn->vote(), v1::VOTE_OBJECT) << id;
      EXPECT_THAT(BlockingParties(s, id), Contains("RUS")) << id;
      EXPECT_THAT(BlockingParties(s, id), Contains("CHN")) << id;
    }
    const v1::CastVote* chn = LastVote(s, "northern_alignment", "CHN");
    EXPECT_THAT(chn->rationale(), HasSubstr("chn_no_blocs"));
    const v1::CastVote* rus = LastVote(s, "northern_alignment", "RUS");
    EXPECT_THAT(rus->rationale(), HasSubstr("rus_no_blocs"));
  }
}

// The paper: Russia hesitates over a standing structure without tangible
// benefit. Drop the Russian projects from the paper's sequence and Russia
// blocks the secretariat.
TEST(SixPartyScenarioTest, RussiaWantsAStakeBeforeTheSecretariat) {
  v1::CharterDraft draft = Draft("paper-sequence");
  v1::CharterDraft without_projects = draft;
  without_projects.clear_proposals();
  for (const v1::Proposal& p : draft.proposals()) {
    if (p.id() == "rail_link" || p.id() == "energy_reconstruction") continue;
    *without_projects.add_proposals() = p;
  }
  v1::Session s = RunDraft(without_projects, "transformation");
  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_FALSE(IsAdopted(s, "secretariat"));
  EXPECT_THAT(BlockingParties(s, "secretariat"), ElementsAre("RUS"));
  const v1::CastVote* rus = LastVote(s, "secretariat", "RUS");
  ASSERT_NE(rus, nullptr);
  EXPECT_THAT(rus->rationale(), HasSubstr("rus_stake_before_institution"));
}

// Five-party (the DPRK absent, as after April 2009): with absent parties
// blocking, nothing passes; counting its absence as abstention, the five
// adopt what the DPRK itself would have blocked.
TEST(SixPartyScenarioTest, FivePartyForumDependsOnTheAbsentPartyRule) {
  for (const char* name : {"arf-three-stage", "paper-sequence"}) {
    SCOPED_TRACE(name);
    v1::Session blocked = RunDraft(name, "five-party");
    EXPECT_EQ(blocked.summary().outcome(), v1::SessionSummary::DEADLOCK);
    EXPECT_THAT(Adopted(blocked), IsEmpty());
    EXPECT_THAT(AllBlockingParties(blocked), ElementsAre("DPRK"));
    ASSERT_GT(blocked.rounds_size(), 0);
    const v1::CastVote* dprk =
        LastVote(blocked, blocked.rounds(0).proposal(), "DPRK");
    ASSERT_NE(dprk, nullptr);
    EXPECT_TRUE(dprk->absent());

    v1::Session abstains =
        RunDraft(name, "five-party", v1::DecisionRule::ABSTAINS);
    EXPECT_EQ(abstains.summary().outcome(), v1::SessionSummary::CONSENSUS);
    EXPECT_TRUE(IsAdopted(abstains, "verif_mechanism"));
    EXPECT_TRUE(IsAdopted(abstains, "nuclear_dismantlement"));
  }
}

// The 2007 phases replayed: both exchanges of nuclear steps for fuel oil
// pass, then the process stalls over verification as it did in 2008.
TEST(SixPartyScenarioTest, ActionForAction2007StallsOverVerification) {
  v1::Session s = RunDraft("action-for-action-2007", "");
  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_EQ(AdoptionIndex(s, "initial_actions"), 0);
  EXPECT_TRUE(IsAdopted(s, "disablement_for_aid"));
  EXPECT_THAT(BlockingParties(s, "verif_mechanism"), ElementsAre("DPRK"));
  EXPECT_FALSE(IsAdopted(s, "nuclear_dismantlement"));
}

}  // namespace
}  // namespace concert
