// The hints the loader adds to the parser's errors, through the loader, as
// a user meets them: file:line:column, the parser's words, the name meant.
#include "services/common/textproto_hint.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/common/text_format_loader.h"

namespace concert {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string DraftError(const std::string& text) {
  auto draft = ParseDraftFromString(text, "draft.textproto");
  return draft.ok() ? "" : std::string(draft.status().message());
}

std::string ScenarioError(const std::string& text) {
  auto scenario = ParseScenarioFromString(text, "scenario.textproto");
  return scenario.ok() ? "" : std::string(scenario.status().message());
}

TEST(TextprotoHintTest, UnknownFieldNamesTheFieldMeantWithFileAndLine) {
  const std::string error =
      DraftError("id: \"d\"\nproposals {\n  id: \"p\"\n  requires: \"q\"\n}\n");
  EXPECT_THAT(error, HasSubstr("draft.textproto:4:"));
  EXPECT_THAT(error, HasSubstr("has no field named \"requires\""));
  EXPECT_THAT(error, HasSubstr("did you mean 'prerequisites'?"));
}

TEST(TextprotoHintTest, UnknownFieldWithoutANearNameListsTheFewFields) {
  const std::string error = DraftError("zzzz: 1\n");
  EXPECT_THAT(error, HasSubstr("its fields are: id, title"));
  EXPECT_THAT(error, HasSubstr("proposals"));
}

TEST(TextprotoHintTest, UnknownEnumValueNamesTheValueMeant) {
  const std::string error =
      ScenarioError("id: \"s\"\nrule { kind: CONSENSSU }\n");
  EXPECT_THAT(error, HasSubstr("scenario.textproto:2:"));
  EXPECT_THAT(error, HasSubstr("did you mean 'CONSENSUS'?"));
}

TEST(TextprotoHintTest, UnknownEnumValueWithoutANearOneListsTheValues) {
  const std::string error = DraftError("stage_order: ZIGZAG\n");
  EXPECT_THAT(error, HasSubstr("valid values: "));
  EXPECT_THAT(error, HasSubstr("STRICT"));
}

TEST(TextprotoHintTest, OtherErrorsGetNoHint) {
  EXPECT_EQ(TextprotoHint("Expected \"}\".", *v1::CharterDraft::descriptor()),
            "");
  EXPECT_THAT(DraftError("id: 3\n"), Not(HasSubstr("did you mean")));
}

}  // namespace
}  // namespace concert
