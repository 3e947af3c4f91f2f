// One test per draft check and per draft-against-scenario check.
#include <limits>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/common/draft_index.h"
#include "services/common/validation.h"
#include "tests/support/test_inputs.h"

namespace concert {
namespace {

using ::concert::testing::BaseDraft;
using ::concert::testing::BaseScenario;
using ::concert::testing::IsOneProblem;
using ::concert::testing::Strings;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

v1::Proposal* AddProposal(v1::CharterDraft& d, const std::string& id,
                          const std::string& stage) {
  v1::Proposal* p = d.add_proposals();
  p->set_id(id);
  p->set_stage(stage);
  return p;
}

TEST(ValidateDraftTest, BaseDraftIsValid) {
  EXPECT_THAT(ValidateDraft(BaseDraft()), IsEmpty());
  EXPECT_THAT(ValidateDraftAgainstScenario(BaseDraft(), BaseScenario()),
              IsEmpty());
}

// The structure alone, for a draft whose values a peer message's check has
// covered: a value out of range is not its to report, a structural fault is.
TEST(ValidateDraftTest, StructureLeavesValuesToTheValueCheck) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(0)->add_effects()->set_delta(
      std::numeric_limits<double>::infinity());
  EXPECT_THAT(ValidateDraft(d), ::testing::SizeIs(1));
  EXPECT_THAT(ValidateDraftStructure(d), IsEmpty());
  AddProposal(d, "p2", "S2");
  EXPECT_THAT(ValidateDraft(d), ::testing::SizeIs(2));
  EXPECT_THAT(ValidateDraftStructure(d),
              IsOneProblem("proposal 'p2': duplicate id"));
}

TEST(ValidateDraftTest, DuplicateStage) {
  v1::CharterDraft d = BaseDraft();
  d.add_stages()->set_id("S1");
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("stage 'S1': duplicate id"));
}

TEST(ValidateDraftTest, EmptyStageId) {
  v1::CharterDraft d = BaseDraft();
  d.add_stages();
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("stage #3: has an empty id"));
}

TEST(ValidateDraftTest, DuplicateProposal) {
  v1::CharterDraft d = BaseDraft();
  AddProposal(d, "p2", "S2");
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("proposal 'p2': duplicate id"));
}

TEST(ValidateDraftTest, EmptyProposalId) {
  v1::CharterDraft d = BaseDraft();
  AddProposal(d, "", "S2");
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("proposal #4: has an empty id"));
}

TEST(ValidateDraftTest, UnknownStage) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(2)->set_stage("S9");
  EXPECT_THAT(ValidateDraft(d),
              IsOneProblem("proposal 'p3': in unknown stage 'S9'"));
}

TEST(ValidateDraftTest, NoStage) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(2)->clear_stage();
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("proposal 'p3': names no stage"));
}

TEST(ValidateDraftTest, UnknownPrerequisite) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(2)->add_prerequisites("foo");
  EXPECT_THAT(ValidateDraft(d),
              IsOneProblem("proposal 'p3': requires unknown proposal 'foo'"));
}

TEST(ValidateDraftTest, CyclePrintedAsPath) {
  v1::CharterDraft d = BaseDraft();
  // a requires c, b requires a, c requires b: a -> b -> c -> a.
  AddProposal(d, "a", "S2")->add_prerequisites("c");
  AddProposal(d, "b", "S2")->add_prerequisites("a");
  AddProposal(d, "c", "S2")->add_prerequisites("b");
  EXPECT_THAT(
      ValidateDraft(d),
      IsOneProblem("proposal 'a': prerequisite cycle a -> b -> c -> a"));
}

TEST(ValidateDraftTest, ProposalRequiringItself) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(1)->add_prerequisites("p2");
  EXPECT_THAT(ValidateDraft(d),
              IsOneProblem("proposal 'p2': prerequisite cycle p2 -> p2"));
}

TEST(ValidateDraftTest, StrictOrderForbidsRequiringALaterStage) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(0)->add_prerequisites("p3");  // S1 requires S2, no cycle
  d.mutable_proposals(2)->clear_prerequisites();
  EXPECT_THAT(ValidateDraft(d),
              IsOneProblem("proposal 'p1': requires 'p3' of later stage 'S2' "
                           "(stage order is STRICT)"));
  // Unspecified stage order means STRICT.
  d.set_stage_order(v1::CharterDraft::STAGE_ORDER_UNSPECIFIED);
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("of later stage 'S2'"));
  // Under FREE order stages are labels only.
  d.set_stage_order(v1::CharterDraft::FREE);
  EXPECT_THAT(ValidateDraft(d), IsEmpty());
}

TEST(ValidateDraftTest, NoProposals) {
  v1::CharterDraft d = BaseDraft();
  d.clear_proposals();
  EXPECT_THAT(ValidateDraft(d),
              IsOneProblem("draft 'd': declares no proposals"));
}

TEST(ValidateDraftTest, NoStages) {
  v1::CharterDraft d;
  d.set_id("d");
  AddProposal(d, "p", "");
  EXPECT_THAT(Strings(ValidateDraft(d)),
              ElementsAre("draft 'd': declares no stages",
                          "proposal 'p': names no stage"));
}

TEST(ValidateDraftTest, TooManyProposals) {
  v1::CharterDraft d = BaseDraft();
  for (int i = d.proposals_size(); i <= kMaxProposals; ++i) {
    AddProposal(d, absl::StrCat("extra", i), "S2");
  }
  ASSERT_EQ(d.proposals_size(), kMaxProposals + 1);
  EXPECT_THAT(
      ValidateDraft(d),
      IsOneProblem("draft: has 65 proposals; at most 64 are supported"));
  d.mutable_proposals()->RemoveLast();
  EXPECT_THAT(ValidateDraft(d), IsEmpty());
}

TEST(ValidateDraftTest, EveryProblemAtOnceWithLines) {
  const char text[] = R"pb(id: "d"
                           stages { id: "S1" }
                           proposals { id: "a" stage: "S1" }
                           proposals {
                             id: "b"
                             stage: "S7"
                             prerequisites: "a"
                             prerequisites: "ghost"
                           }
                           proposals { id: "a" stage: "S1" }
  )pb";
  auto loaded = ParseWithLocations<v1::CharterDraft>(text, "d.textproto");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_THAT(
      Strings(ValidateDraft(loaded->message, &loaded->locations)),
      ElementsAre(
          "d.textproto:10: proposal 'a': duplicate id (first declared at line "
          "3)",
          "d.textproto:6: proposal 'b': in unknown stage 'S7'",
          "d.textproto:8: proposal 'b': requires unknown proposal 'ghost'"));
}

TEST(ValidateDraftAgainstScenarioTest, EffectOnUnknownDimension) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(2)->mutable_effects(0)->set_dimension("trade");
  EXPECT_THAT(
      ValidateDraftAgainstScenario(d, BaseScenario()),
      IsOneProblem("proposal 'p3': effect on dimension 'trade', which scenario "
                   "'mini' does not declare"));
  EXPECT_THAT(ValidateDraft(d),
              IsEmpty());  // a draft alone knows no dimensions
}

TEST(ValidateDraftAgainstScenarioTest, ConcernsUnknownParty) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(0)->add_concerns("DPRK");
  EXPECT_THAT(ValidateDraftAgainstScenario(d, BaseScenario()),
              IsOneProblem(
                  "proposal 'p1': concerns party 'DPRK', which scenario 'mini' "
                  "does not declare"));
}

TEST(ValidateDraftTest, ViolationMeasureNamesTheStateItAnswers) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(0)->set_procedure(v1::Proposal::VIOLATION_MEASURE);
  d.mutable_proposals(0)->clear_concerns();
  EXPECT_THAT(ValidateDraft(d),
              IsOneProblem("proposal 'p1': is a VIOLATION_MEASURE but names no "
                           "state in `concerns` (the state whose violations "
                           "it answers)"));
  d.mutable_proposals(0)->add_concerns("A");
  EXPECT_THAT(ValidateDraft(d), IsEmpty());
}

TEST(ValidateDraftTest, DirectedConciliationNamesExactlyTwoStates) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(0)->set_procedure(v1::Proposal::DIRECTED_CONCILIATION);
  d.mutable_proposals(0)->clear_concerns();
  d.mutable_proposals(0)->add_concerns("A");
  EXPECT_THAT(ValidateDraft(d),
              IsOneProblem("proposal 'p1': is a DIRECTED_CONCILIATION but "
                           "names 1 parties in `concerns`; it directs exactly "
                           "two states in dispute"));
  d.mutable_proposals(0)->add_concerns("B");
  EXPECT_THAT(ValidateDraft(d), IsEmpty());
}

TEST(ValidateDraftTest, UndeclaredProcedureNumber) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(1)->set_procedure(
      static_cast<v1::Proposal::Procedure>(17));
  EXPECT_THAT(ValidateDraft(d),
              IsOneProblem("proposals['p2'].procedure: is 17, which is not a "
                           "value of Procedure (PROCEDURE_UNSPECIFIED, "
                           "VIOLATION_MEASURE, DIRECTED_CONCILIATION, "
                           "SILENCE)"));
}

TEST(ValidateDraftTest, DecidedByNamesAPartyOnce) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(0)->add_decided_by("A");
  d.mutable_proposals(0)->add_decided_by("A");
  EXPECT_THAT(ValidateDraft(d),
              IsOneProblem("proposal 'p1': names party 'A' twice in "
                           "decided_by"));
}

TEST(ValidateDraftAgainstScenarioTest, DecidedByUnknownParty) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(0)->add_decided_by("DPRK");
  EXPECT_THAT(ValidateDraftAgainstScenario(d, BaseScenario()),
              IsOneProblem("proposal 'p1': is decided by party 'DPRK', which "
                           "scenario 'mini' does not declare"));
}

TEST(ValidateDraftAgainstScenarioTest, RuleCoverageOutsideTheDraftIsFine) {
  // The base scenario's rules cover "p9" and require "not_in_any_draft".
  v1::CharterDraft d = BaseDraft();
  EXPECT_THAT(ValidateDraftAgainstScenario(d, BaseScenario()), IsEmpty());
}

TEST(ValidateDraftAgainstScenarioTest, ReportsDraftLines) {
  auto loaded = ParseWithLocations<v1::CharterDraft>(
      ::concert::testing::kDraftText, "d.textproto");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  v1::Scenario s = BaseScenario();
  s.mutable_dimensions()->RemoveLast();  // "denuc", used on line 18
  EXPECT_THAT(
      Strings(
          ValidateDraftAgainstScenario(loaded->message, s, &loaded->locations)),
      ElementsAre("d.textproto:18: proposal 'p3': effect on dimension 'denuc', "
                  "which scenario 'mini' does not declare"));
}

}  // namespace
}  // namespace concert
