// The shipped six-party scenario and drafts load, validate and declare the
// forum the documentation describes. What they show is tested beside this
// file: the paper's claims (paper_claims_test.cc), each draft's outcome
// (draft_outcomes_test.cc), every rule binding somewhere
// (rules_bind_test.cc), the numbers' reasons (scenario_numbers_test.cc) and
// the OSCE rules (osce_rules_test.cc).
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"
#include "concert/v1/session.pb.h"
#include "services/common/text_format_loader.h"
#include "services/common/validation.h"
#include "tests/scenarios/six_party_sessions.h"

namespace concert {
namespace {

using ::testing::ElementsAre;
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
  EXPECT_EQ(scenario.dimensions_size(), 16);
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
                                             "us-engagement", "us-pressure",
                                             "rok-engagement", "five-party"));
}

}  // namespace
}  // namespace concert
