// `concert records list` (issue 12): the decision rule in its short form,
// "—" for records kept before the rule was listed, and a listing that fits
// 60, 80 and 120 columns without splitting a word.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/format_text.h"
#include "clients/concert/render/records_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/names.h"

namespace concert::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::int64_t kNov27 = 1795820846123;  // 2026-11-27T23:07:26.123Z

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

v1::DecisionRule Rule(v1::DecisionRule::Kind kind) {
  v1::DecisionRule rule;
  rule.set_kind(kind);
  return rule;
}

v1::RecordSummary Summary(const std::string& id, v1::RecordKind kind,
                          const std::string& outcome) {
  v1::RecordSummary s;
  s.set_id(id);
  s.set_kind(kind);
  s.set_created_at_ms(kNov27);
  s.set_status(v1::RECORD_STATUS_COMPLETE);
  s.set_draft_id("paper-sequence");
  s.set_scenario_id("six-party");
  s.set_variant("transformation");
  s.set_outcome(outcome);
  return s;
}

google::protobuf::RepeatedPtrField<v1::RecordSummary> Listing() {
  google::protobuf::RepeatedPtrField<v1::RecordSummary> records;
  v1::RecordSummary* exploration = records.Add();
  *exploration =
      Summary("exploration-20261127-231502-0c1d2e", v1::RECORD_KIND_EXPLORATION,
              "estimated consensus share 0.0337% (95% CI "
              "0.0201-0.0532%) from 10000 samples");
  v1::DecisionRule qualified = Rule(v1::DecisionRule::QUALIFIED_MAJORITY);
  qualified.set_threshold(2.0 / 3);
  qualified.set_absent_party(v1::DecisionRule::ABSTAINS);
  *exploration->add_rules() = qualified;
  v1::RecordSummary* session = records.Add();
  *session = Summary("session-20261127-230726-abef00", v1::RECORD_KIND_SESSION,
                     "deadlock: 8 of 12 adopted; blocked: verif_mechanism "
                     "(DPRK, CHN), hotline (JPN)");
  *session->add_rules() = Rule(v1::DecisionRule::CONSENSUS);
  v1::RecordSummary* comparison = records.Add();
  *comparison =
      Summary("comparison-20261127-232010-5e6f70", v1::RECORD_KIND_COMPARISON,
              "2 drafts x 2 variants x 2 rules; full charter "
              "reachable in 3 of 8 rows");
  comparison->set_draft_id("paper-sequence, arf-three-stage");
  comparison->set_variant("baseline, transformation");
  *comparison->add_rules() = Rule(v1::DecisionRule::CONSENSUS);
  *comparison->add_rules() = Rule(v1::DecisionRule::UNANIMITY);
  // Kept before the rule was listed: no rules.
  *records.Add() =
      Summary("session-20261101-120000-000001", v1::RECORD_KIND_SESSION,
              "consensus: all 12 proposals adopted in 12 rounds");
  return records;
}

TEST(ShortRuleNameTest, FewWordsAndTheAbsentRuleOnlyWhenNotTheDefault) {
  EXPECT_EQ(ShortRuleName(v1::DecisionRule()), "consensus");
  EXPECT_EQ(ShortRuleName(Rule(v1::DecisionRule::CONSENSUS)), "consensus");
  EXPECT_EQ(ShortRuleName(Rule(v1::DecisionRule::UNANIMITY)), "unanimity");
  EXPECT_EQ(ShortRuleName(Rule(v1::DecisionRule::CONSENSUS_MINUS_ONE)),
            "consensus-1");
  EXPECT_EQ(ShortRuleName(Rule(v1::DecisionRule::CONSENSUS_MINUS_TWO)),
            "consensus-2");
  v1::DecisionRule qualified = Rule(v1::DecisionRule::QUALIFIED_MAJORITY);
  EXPECT_EQ(ShortRuleName(qualified), "qualified 2/3");
  qualified.set_threshold(0.75);
  EXPECT_EQ(ShortRuleName(qualified), "qualified 3/4");
  qualified.set_threshold(0.7);
  qualified.set_abstentions(v1::DecisionRule::COUNTED);
  EXPECT_EQ(ShortRuleName(qualified), "qualified 7/10, abstentions counted");
  v1::DecisionRule absent = Rule(v1::DecisionRule::CONSENSUS);
  absent.set_absent_party(v1::DecisionRule::BLOCKS);
  EXPECT_EQ(ShortRuleName(absent), "consensus");
  absent.set_absent_party(v1::DecisionRule::ABSTAINS);
  EXPECT_EQ(ShortRuleName(absent), "consensus, absent abstains");
}

TEST(RecordsTableTest, RuleColumnAndADashForRecordsWithoutRules) {
  const std::string out = RecordsTable(Listing());
  const std::vector<std::string> lines = Lines(out);
  ASSERT_EQ(lines.size(), 5u) << out;
  EXPECT_THAT(lines[0], HasSubstr("RULE"));
  EXPECT_THAT(lines[1], HasSubstr("qualified 2/3, absent abstains"));
  EXPECT_THAT(lines[2], HasSubstr("consensus"));
  EXPECT_THAT(lines[3], HasSubstr("consensus; unanimity"));
  EXPECT_THAT(lines[4], HasSubstr("—"));
  // The rule sits in its column.
  const std::size_t at = lines[0].find("RULE");
  EXPECT_EQ(DisplayWidth(lines[4].substr(0, lines[4].find("—"))),
            DisplayWidth(lines[0].substr(0, at)));
  // Shares keep their significant digits.
  EXPECT_THAT(out, HasSubstr("0.0337%"));
}

TEST(RecordsTableTest, FitsEveryWidthWithoutSplittingAWord) {
  const std::string unlimited = RecordsTable(Listing());
  std::vector<std::string> words =
      absl::StrSplit(unlimited, absl::ByAnyChar(" \n"), absl::SkipEmpty());
  for (int width : {60, 80, 100, 120}) {
    SCOPED_TRACE(absl::StrCat("width ", width));
    const std::string out = RecordsTable(Listing(), width);
    for (const std::string& line : Lines(out)) {
      EXPECT_LE(DisplayWidth(line), width) << line;
    }
    // Every word of the values is there whole (the headers and, when the
    // table gives way to blocks, KIND and CREATED may go).
    const std::vector<std::string> got =
        absl::StrSplit(out, absl::ByAnyChar(" \n"), absl::SkipEmpty());
    for (const std::string& word : words) {
      if (word == "ID" || word == "KIND" || word == "CREATED" ||
          word == "(UTC)" || word == "STATUS" || word == "DRAFT" ||
          word == "VARIANT" || word == "RULE" || word == "OUTCOME" ||
          word == "exploration" || word == "session" || word == "comparison" ||
          word == "2026-11-27" || word == "23:07:26") {
        continue;
      }
      EXPECT_NE(std::find(got.begin(), got.end(), word), got.end()) << word;
    }
    // The ids are never cut: they are what `records show` takes.
    for (const char* id : {"exploration-20261127-231502-0c1d2e",
                           "session-20261127-230726-abef00",
                           "comparison-20261127-232010-5e6f70"}) {
      EXPECT_THAT(out, HasSubstr(id));
    }
  }
  // At 120 columns it is still a table; at 60 a block per record.
  EXPECT_THAT(RecordsTable(Listing(), 120), HasSubstr("OUTCOME"));
  const std::string narrow = RecordsTable(Listing(), 60);
  EXPECT_THAT(narrow, Not(HasSubstr("OUTCOME")));
  EXPECT_THAT(narrow, HasSubstr("session-20261127-230726-abef00\n  status "
                                "COMPLETE · draft paper-sequence"));
}

}  // namespace
}  // namespace concert::cli
