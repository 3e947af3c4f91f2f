// The checks every field gets (validation_values.cc), through the validators
// that run them: one test per class of value a file or a peer could lie
// with, each breaking a valid input in one place.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "concert/v1/party.pb.h"
#include "services/common/limits.h"
#include "services/common/validation.h"
#include "tests/support/test_inputs.h"

namespace concert {
namespace {

using ::concert::testing::BaseDraft;
using ::concert::testing::BaseScenario;
using ::concert::testing::IsOneProblem;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

v1::InterestModel& InterestsA(v1::Scenario& s) {
  return *s.mutable_parties(0)->mutable_interests();
}

TEST(ValidateValuesTest, EveryNumberMustBeFinite) {
  const double kBad[] = {std::nan(""), std::numeric_limits<double>::infinity(),
                         -std::numeric_limits<double>::infinity()};
  for (double bad : kBad) {
    SCOPED_TRACE(bad);
    v1::Scenario s = BaseScenario();
    s.mutable_parties(0)->set_weight(bad);
    EXPECT_THAT(ValidateScenario(s), IsOneProblem("parties['A'].weight: is "));
    s = BaseScenario();
    InterestsA(s).mutable_positions(0)->set_ideal(bad);
    EXPECT_THAT(ValidateScenario(s), IsOneProblem("positions[#1].ideal: is "));
    s = BaseScenario();
    InterestsA(s).set_support_threshold(bad);
    EXPECT_THAT(ValidateScenario(s), IsOneProblem("support_threshold: is "));
    v1::CharterDraft d = BaseDraft();
    d.mutable_proposals(0)->mutable_effects(0)->set_delta(bad);
    EXPECT_THAT(ValidateDraft(d),
                IsOneProblem("proposals['p1'].effects[#1].delta: is "));
  }
}

TEST(ValidateValuesTest, NaNIsNamedAndInfinityExplained) {
  v1::Scenario s = BaseScenario();
  s.mutable_parties(0)->set_weight(std::nan(""));
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("is nan; every number must be finite"));
  s.mutable_parties(0)->set_weight(std::numeric_limits<double>::infinity());
  EXPECT_THAT(ValidateScenario(s), IsOneProblem("such as 1e400"));
}

TEST(ValidateValuesTest, NumbersOfFilesStayWithinTheMagnitude) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(0)->mutable_effects(0)->set_delta(kMaxMagnitude);
  EXPECT_THAT(ValidateDraft(d), IsEmpty());
  d.mutable_proposals(0)->mutable_effects(0)->set_delta(-2 * kMaxMagnitude);
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("beyond the largest magnitude"));
}

TEST(ValidateValuesTest, ATextprotoOverflowIsInfinite) {
  auto parsed = ParseDraftFromString(
      R"pb(id: "d"
           stages { id: "S" }
           proposals {
             id: "p"
             stage: "S"
             effects { dimension: "x" delta: 1e400 }
           })pb",
      "draft.textproto");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(ValidateDraft(*parsed), IsOneProblem("is infinite"));
}

TEST(ValidateValuesTest, EnumsHoldDeclaredValuesOnly) {
  v1::CharterDraft d = BaseDraft();
  d.set_stage_order(static_cast<v1::CharterDraft::StageOrder>(17));
  EXPECT_THAT(ValidateDraft(d),
              IsOneProblem("stage_order: is 17, which is not a value of "
                           "StageOrder"));
  v1::Scenario s = BaseScenario();
  s.mutable_rule()->set_kind(static_cast<v1::DecisionRule::Kind>(42));
  EXPECT_THAT(ValidateScenario(s), IsOneProblem("rule.kind: is 42"));
  s = BaseScenario();
  s.mutable_rule()->set_absent_party(
      static_cast<v1::DecisionRule::AbsentParty>(-3));
  EXPECT_THAT(ValidateScenario(s), IsOneProblem("rule.absent_party: is -3"));
}

TEST(ValidateValuesTest, StringsMustBeUtf8) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(1)->set_title("caf\xe9");  // Latin-1, not UTF-8
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("title: is not valid UTF-8"));
  d.mutable_proposals(1)->set_title("caf\xc3\xa9");
  EXPECT_THAT(ValidateDraft(d), IsEmpty());
  // Overlong and surrogate encodings are not UTF-8 either.
  d.mutable_proposals(1)->set_title("\xc0\xaf");
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("not valid UTF-8"));
  d.mutable_proposals(1)->set_title("\xed\xa0\x80");
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("not valid UTF-8"));
}

TEST(ValidateValuesTest, ControlCharactersNeverReachATerminal) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(1)->set_title("\x1b]0;pwned\x07");
  std::vector<Problem> problems = ValidateDraft(d);
  ASSERT_THAT(problems, IsOneProblem("control character U+001B"));
  // The problem quotes the title's owner but prints no escape itself.
  EXPECT_EQ(problems[0].ToString().find('\x1b'), std::string::npos);

  d = BaseDraft();
  d.mutable_proposals(1)->set_id("p2\x1b[2J");
  problems = ValidateDraft(d);
  ASSERT_FALSE(problems.empty());
  for (const Problem& p : problems) {
    EXPECT_EQ(p.ToString().find('\x1b'), std::string::npos) << p.ToString();
  }

  // A right-to-left override makes a line read otherwise than it is.
  d = BaseDraft();
  d.mutable_proposals(1)->set_title(
      "abc\xe2\x80\xae"
      "fed");
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("U+202E"));
  // C1 controls (U+009B is a one-character CSI).
  d.mutable_proposals(1)->set_title(
      "a\xc2\x9b"
      "2J");
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("U+009B"));
}

TEST(ValidateValuesTest, TextsMayBreakLinesOthersMayNot) {
  v1::CharterDraft d = BaseDraft();
  d.mutable_proposals(1)->set_text("First paragraph.\n\n\tSecond.");
  EXPECT_THAT(ValidateDraft(d), IsEmpty());
  d.mutable_proposals(1)->set_title("two\nlines");
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("title: contains the control "
                                             "character U+000A"));
}

TEST(ValidateValuesTest, StringLengthsDependOnWhatTheyHold) {
  v1::CharterDraft d = BaseDraft();
  d.set_id(std::string(kMaxIdBytes, 'x'));
  EXPECT_THAT(ValidateDraft(d), IsEmpty());
  d.set_id(std::string(kMaxIdBytes + 1, 'x'));
  EXPECT_THAT(ValidateDraft(d),
              IsOneProblem("id: is 129 bytes long; at most 128 for an id"));
  d = BaseDraft();
  d.mutable_proposals(0)->add_prerequisites(std::string(300, 'q'));
  EXPECT_THAT(testing::Strings(ValidateDraft(d)),
              Contains(HasSubstr("at most 128 for an id")));
  d = BaseDraft();
  d.set_title(std::string(kMaxLineBytes + 1, 't'));
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("a one-line string"));
  d = BaseDraft();
  d.set_description(std::string(kMaxTextBytes, 'd'));
  EXPECT_THAT(ValidateDraft(d), IsEmpty());
  d.set_description(std::string(kMaxTextBytes + 1, 'd'));
  EXPECT_THAT(ValidateDraft(d), IsOneProblem("for a text"));
}

TEST(ValidateValuesTest, ListsStayWithinTheirCounts) {
  v1::Scenario s = BaseScenario();
  while (s.parties_size() <= kMaxParties) {
    v1::PartySpec* p = s.add_parties();
    *p = s.parties(0);
    p->set_id(absl::StrCat("P", s.parties_size()));
  }
  EXPECT_THAT(ValidateScenario(s),
              IsOneProblem("scenario: has 65 parties; at most 64 are "
                           "supported"));
  s.mutable_parties()->RemoveLast();
  EXPECT_THAT(ValidateScenario(s), IsEmpty());

  v1::CharterDraft d = BaseDraft();
  const std::string tag = "t";
  for (int i = 0; i <= kMaxListItems; ++i)
    *d.mutable_proposals(0)->add_tags() = tag;
  EXPECT_THAT(ValidateDraft(d),
              IsOneProblem("proposals['p1']: has 1025 tags; at most 1024"));
}

TEST(ValidateValuesTest, ProfilesGetTheSameChecks) {
  v1::PartySpec profile = BaseScenario().parties(0);
  profile.mutable_interests()->set_objection_threshold(std::nan(""));
  profile.set_name("A\x1b[31m");
  const std::vector<Problem> problems = ValidateProfile(profile, nullptr);
  EXPECT_EQ(problems.size(), 2u) << ProblemsToString(problems);
}

TEST(ValidateValuesTest, MessagesOnTheWireGetTheChecksThatHoldEverywhere) {
  v1::EvaluateResponse answer;
  answer.set_utility_change(std::nan(""));
  answer.set_rationale("fine\nreasoning");
  absl::Status s = CheckPeerMessage(answer, "party X's answer");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("party X's answer: utility_change: is nan"));
  // On the wire a number is not held to the files' magnitude: utilities
  // are sums of squares.
  answer.set_utility_change(1e12);
  EXPECT_TRUE(CheckPeerMessage(answer, "answer").ok());
  answer.set_vote(static_cast<v1::Vote>(9));
  EXPECT_THAT(std::string(CheckPeerMessage(answer, "answer").message()),
              HasSubstr("vote: is 9, which is not a value of Vote"));
}

TEST(ValidateValuesTest, APeerMessageListsTwentyProblemsAtMost) {
  v1::DescribeResponse description;
  const std::string bell = "\x07";
  for (int i = 0; i < 30; ++i) *description.add_variants() = bell;
  const std::string message(
      CheckPeerMessage(description, "the description").message());
  EXPECT_THAT(message, HasSubstr("has 30 problem(s) (the first 20 shown)"));
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 20);
}

TEST(ValidateValuesTest, ADecisionRuleOnItsOwn) {
  v1::DecisionRule rule;
  rule.set_kind(v1::DecisionRule::QUALIFIED_MAJORITY);
  rule.set_threshold(std::nan(""));
  EXPECT_THAT(ValidateDecisionRule(rule), IsOneProblem("threshold: is nan"));
  rule.set_threshold(1.5);
  EXPECT_THAT(ValidateDecisionRule(rule), IsOneProblem("outside (0, 1]"));
  rule.set_threshold(0.5);
  EXPECT_THAT(ValidateDecisionRule(rule), IsEmpty());
}

}  // namespace
}  // namespace concert
