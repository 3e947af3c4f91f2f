// The decision rules on the shipped scenario, as the OSCE practises them:
// consensus minus one sets aside only the objection of a state a violation
// measure answers, not of any state a proposal concerns; unanimity needs an
// absent party's support whichever way its absence counts; a decision of
// named parties (decided_by: the parties to the armistice for a peace
// regime) counts only their votes; the silence procedure is broken only by
// an objection.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/scenarios/six_party_sessions.h"

namespace concert::scenario_testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::DecisionRule Rule(
    v1::DecisionRule::Kind kind,
    v1::DecisionRule::AbsentParty absent = v1::DecisionRule::BLOCKS) {
  v1::DecisionRule rule;
  rule.set_kind(kind);
  rule.set_absent_party(absent);
  return rule;
}

// The 2007 draft with proposal `id` taken by `procedure`.
v1::CharterDraft WithProcedure(const std::string& id,
                               v1::Proposal::Procedure procedure) {
  v1::CharterDraft draft = Draft("action-for-action-2007");
  for (auto& proposal : *draft.mutable_proposals()) {
    if (proposal.id() == id) proposal.set_procedure(procedure);
  }
  return draft;
}

// Verification concerns the DPRK, which objects to it; the proposal is not
// a measure against violations, so consensus minus one cannot set the
// DPRK aside (it once did, and printed CONSENSUS).
TEST(OsceRulesTest, ConsensusMinusOneDoesNotOverrideTheDprkOnVerification) {
  const v1::Session s =
      RunDraftUnder(Draft("action-for-action-2007"), "",
                    Rule(v1::DecisionRule::CONSENSUS_MINUS_ONE));
  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_FALSE(IsAdopted(s, "verif_mechanism"));
  EXPECT_THAT(BlockingParties(s, "verif_mechanism"), ElementsAre("DPRK"));
}

// Marked as a measure answering the DPRK's violations, the same proposal
// passes over its lone objection under consensus minus one, and only there.
TEST(OsceRulesTest, AViolationMeasurePassesOverTheAnsweredStateAlone) {
  const v1::CharterDraft draft =
      WithProcedure("verif_mechanism", v1::Proposal::VIOLATION_MEASURE);
  const v1::Session minus_one =
      RunDraftUnder(draft, "", Rule(v1::DecisionRule::CONSENSUS_MINUS_ONE));
  EXPECT_TRUE(IsAdopted(minus_one, "verif_mechanism"));
  const v1::Round* round = LastRound(minus_one, "verif_mechanism");
  ASSERT_NE(round, nullptr);
  EXPECT_THAT(round->explanation(),
              HasSubstr("only DPRK objects, the state whose violations the "
                        "proposal answers"));

  const v1::Session consensus =
      RunDraftUnder(draft, "", Rule(v1::DecisionRule::CONSENSUS));
  EXPECT_FALSE(IsAdopted(consensus, "verif_mechanism"));
}

// Under unanimity an absent DPRK is missing support whether its absence
// blocks or counts as abstaining; consensus passes what the five support
// once the absence counts as abstaining.
TEST(OsceRulesTest, UnanimityNeedsTheAbsentPartyEitherWay) {
  const v1::CharterDraft draft = Draft("paper-sequence");
  const v1::Session unanimity = RunDraftUnder(
      draft, "five-party",
      Rule(v1::DecisionRule::UNANIMITY, v1::DecisionRule::ABSTAINS));
  EXPECT_EQ(unanimity.summary().outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_THAT(Adopted(unanimity), ::testing::IsEmpty());
  ASSERT_GT(unanimity.rounds_size(), 0);
  EXPECT_THAT(unanimity.rounds(0).explanation(),
              HasSubstr("DPRK (absent, counted as abstaining)"));

  const v1::Session consensus = RunDraftUnder(
      draft, "five-party",
      Rule(v1::DecisionRule::CONSENSUS, v1::DecisionRule::ABSTAINS));
  EXPECT_EQ(consensus.summary().outcome(), v1::SessionSummary::CONSENSUS);
}

// With no project of its own Russia objects to the secretariat of an
// OSCE-type body
// (PaperClaimsTest.RussiaBlocksAStandingBodyWithoutAStakeOfItsOwn). Were the
// secretariat decided by the five others alone — a hypothetical, to show the
// mechanism — Russia would still vote, on the record, and its objection would
// not count.
TEST(OsceRulesTest, ADecisionOfTheNamedPartiesIgnoresTheOthersVotes) {
  const v1::CharterDraft draft = Draft("osce-without-russian-projects");
  v1::CharterDraft without_projects = draft;
  for (v1::Proposal& p : *without_projects.mutable_proposals()) {
    if (p.id() != "secretariat") continue;
    for (const char* party : {"USA", "CHN", "JPN", "ROK", "DPRK"}) {
      p.add_decided_by(party);
    }
  }
  const v1::Session s = RunDraft(without_projects, "transformation");
  EXPECT_TRUE(IsAdopted(s, "secretariat"));
  const v1::Round* round = LastRound(s, "secretariat");
  ASSERT_NE(round, nullptr);
  EXPECT_THAT(round->explanation(),
              HasSubstr("RUS not deciding: decided by USA, CHN, JPN, ROK, "
                        "DPRK only"));
  const v1::CastVote* rus = LastVote(s, "secretariat", "RUS");
  ASSERT_NE(rus, nullptr);
  EXPECT_EQ(rus->vote(), v1::VOTE_OBJECT) << "recorded, not counted";
}

// Under the silence procedure the DPRK's absence is silence, not a block.
TEST(OsceRulesTest, TheSilenceProcedureIsBrokenOnlyByAnObjection) {
  v1::CharterDraft draft = Draft("paper-sequence");
  for (auto& proposal : *draft.mutable_proposals()) {
    if (proposal.id() == "consult_channel") {
      proposal.set_procedure(v1::Proposal::SILENCE);
    }
  }
  const v1::Session s = RunDraft(draft, "five-party");
  EXPECT_TRUE(IsAdopted(s, "consult_channel"));
  const v1::Round* round = LastRound(s, "consult_channel");
  ASSERT_NE(round, nullptr);
  EXPECT_THAT(round->explanation(),
              HasSubstr("passes under the silence procedure"));
  EXPECT_THAT(round->explanation(),
              HasSubstr("DPRK absent, counted as silent"));
  // The next proposal, an ordinary one, is blocked by the absent DPRK.
  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::DEADLOCK);
}

}  // namespace
}  // namespace concert::scenario_testing
