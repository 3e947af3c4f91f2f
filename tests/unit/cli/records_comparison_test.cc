// A comparison record as the record commands print it (the listing's kind,
// the header and one line per row of `records show`) and as a replay
// reruns and judges it (the request to send, the verdict).
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "clients/concert/render/records_compare.h"
#include "clients/concert/render/records_format.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace concert::cli {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::int64_t kNov27 = 1795820846123;  // 2026-11-27T23:07:26.123Z
const std::string kSha =
    "1a2b3c4d5e6f77889900aabbccddeeff00112233445566778899aabbccddeeff";

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

v1::ComparisonRow Row(const std::string& draft, const std::string& variant,
                      const std::string& what_if, bool reachable) {
  v1::ComparisonRow row;
  row.set_draft_id(draft);
  row.set_variant(variant);
  row.set_what_if(what_if);
  row.mutable_rule()->set_kind(v1::DecisionRule::CONSENSUS);
  v1::Exploration& e = *row.mutable_exploration();
  e.set_admissible_sequences("24");
  e.set_consensus_sequences(reachable ? "6" : "0");
  e.set_full_charter_reachable(reachable);
  if (what_if.empty()) {
    v1::Robustness& r = *row.mutable_robustness();
    r.set_samples(200);
    r.set_reachable(reachable ? 171 : 12);
    r.set_share(reachable ? 0.855 : 0.06);
    r.set_share_low(reachable ? 0.8 : 0.035);
    r.set_share_high(reachable ? 0.897 : 0.1);
  }
  return row;
}

v1::ComparisonRecord Record() {
  v1::ComparisonRecord record;
  record.set_id("comparison-20261127-230726-abef00");
  record.set_status(v1::RECORD_STATUS_COMPLETE);
  record.set_created_at_ms(kNov27);
  record.mutable_scenario()->set_id("six-party");
  record.mutable_scenario()->mutable_rule()->set_kind(
      v1::DecisionRule::UNANIMITY);
  record.set_scenario_sha256(kSha);
  record.set_coordinator_version("concert 0.9");
  v1::CompareRequest& request = *record.mutable_request();
  for (const char* id : {"paper-sequence", "alt-a"}) {
    request.add_drafts()->set_id(std::string(id));
  }
  request.add_variants(std::string());
  request.add_variants(std::string("transformation"));
  request.set_samples(200);
  request.set_spread(0.25);
  request.set_seed(7);
  request.mutable_shard()->set_index(2);
  request.mutable_shard()->set_count(4);
  request.add_what_ifs()->set_name(std::string("without RUS:stake"));
  request.set_concessions(true);
  v1::Comparison& result = *record.mutable_result();
  *result.add_rows() = Row("paper-sequence", "", "", true);
  *result.add_rows() = Row("paper-sequence", "", "without RUS:stake", true);
  *result.add_rows() = Row("alt-a", "transformation", "", false);
  v1::ComparisonRow failed = Row("alt-a", "transformation", "", false);
  failed.set_what_if(std::string("without RUS:stake"));
  failed.set_error(std::string("party RUS unreachable"));
  *result.add_rows() = failed;
  result.add_diffs()->set_other_draft(std::string("alt-a"));
  result.add_concessions()->set_draft_id(std::string("alt-a"));
  return record;
}

TEST(RecordsComparisonTest, ListingNamesTheKind) {
  google::protobuf::RepeatedPtrField<v1::RecordSummary> records;
  v1::RecordSummary& s = *records.Add();
  s.set_id("comparison-20261127-230726-abef00");
  s.set_kind(v1::RECORD_KIND_COMPARISON);
  s.set_status(v1::RECORD_STATUS_COMPLETE);
  s.set_draft_id("paper-sequence, alt-a");
  s.set_variant("baseline, transformation");
  s.set_outcome("2 drafts x 2 variants x 1 rule");
  const std::vector<std::string> lines = Lines(RecordsTable(records));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[1], HasSubstr("comparison"));
  EXPECT_THAT(lines[1], HasSubstr("paper-sequence, alt-a"));
  EXPECT_THAT(lines[1], HasSubstr("baseline, transformation"));
}

// A study run with per-component sizes is shown with them, in the words
// of the comparison reports (SpreadText).
TEST(RecordsComparisonTest, HeaderStatesPerComponentSizes) {
  v1::ComparisonRecord record = Record();
  v1::Perturbation& sizes = *record.mutable_request()->mutable_perturbation();
  sizes.set_ideal_spread(1);
  sizes.set_salience_spread(0.2);
  sizes.set_threshold_spread(0.5);
  sizes.set_condition_spread(0.5);
  EXPECT_THAT(ComparisonRecordHeader(record),
              HasSubstr("200 samples, ideals ±1, saliences ±20%, thresholds "
                        "±0.5, conditions ±0.5, seed 7 (shard 2 of 4)"));
}

TEST(RecordsComparisonTest, HeaderSaysWhatWasCompared) {
  v1::ComparisonRecord record = Record();
  const std::string header = ComparisonRecordHeader(record);
  EXPECT_THAT(header,
              HasSubstr("Comparison record comparison-20261127-230726-abef00"));
  EXPECT_THAT(header, HasSubstr("COMPLETE"));
  EXPECT_THAT(header, HasSubstr("2026-11-27 23:07:26 UTC"));
  EXPECT_THAT(header, HasSubstr("six-party (sha256 1a2b3c4d5e6f)"));
  EXPECT_THAT(header, HasSubstr("paper-sequence, alt-a"));
  EXPECT_THAT(header, HasSubstr("baseline, transformation"));
  // No rule in the request: the scenario's.
  EXPECT_THAT(header, HasSubstr("the scenario's, unanimity"));
  EXPECT_THAT(header, HasSubstr("without RUS:stake"));
  EXPECT_THAT(header,
              HasSubstr("200 samples, spread 0.25, seed 7 (shard 2 of 4)"));
  EXPECT_THAT(header, HasSubstr("searched"));
  EXPECT_THAT(header, HasSubstr("concert 0.9"));
  EXPECT_THAT(header, Not(HasSubstr("Error")));

  record.mutable_request()->add_rules()->set_kind(
      v1::DecisionRule::CONSENSUS_MINUS_ONE);
  record.mutable_request()->set_samples(0);
  record.set_status(v1::RECORD_STATUS_FAILED);
  record.set_error("party RUS unreachable\nafter 3 attempts");
  const std::string failed = ComparisonRecordHeader(record);
  EXPECT_THAT(failed, HasSubstr("consensus minus one"));
  EXPECT_THAT(failed, Not(HasSubstr("the scenario's")));
  EXPECT_THAT(failed, HasSubstr("Robustness   none"));
  // The error's second line lines up under its first.
  EXPECT_THAT(failed, HasSubstr("Error        party RUS unreachable\n"
                                "               after 3 attempts\n"));
}

TEST(RecordsComparisonTest, OneLinePerRow) {
  const std::vector<std::string> lines = Lines(ComparisonRowsText(Record()));
  // The header line, four rows, the line on diffs and concessions.
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_THAT(lines[0], HasSubstr("DRAFT"));
  EXPECT_THAT(lines[0], HasSubstr("ROBUST"));
  EXPECT_THAT(lines[1], HasSubstr("paper-sequence"));
  EXPECT_THAT(lines[1], HasSubstr("baseline"));
  EXPECT_THAT(lines[1], HasSubstr("consensus (absent party blocks)"));
  EXPECT_THAT(lines[1], HasSubstr("6 of 24"));
  EXPECT_THAT(lines[1], HasSubstr("reachable"));
  EXPECT_THAT(lines[1], HasSubstr("85.5% (80%-89.7%)"));
  EXPECT_THAT(lines[2], HasSubstr("without RUS:stake"));
  EXPECT_THAT(lines[3], HasSubstr("out of reach"));
  EXPECT_THAT(lines[3], HasSubstr("6% (3.5%-10%)"));
  EXPECT_THAT(lines[4], HasSubstr("error: party RUS unreachable"));
  EXPECT_THAT(lines[5], HasSubstr("1 structural diff and 1 concession search"));

  v1::ComparisonRecord running = Record();
  running.clear_result();
  running.set_status(v1::RECORD_STATUS_RUNNING);
  EXPECT_EQ(ComparisonRowsText(running),
            "No result yet: the comparison is running.\n");
  running.set_status(v1::RECORD_STATUS_INTERRUPTED);
  EXPECT_THAT(ComparisonRowsText(running), HasSubstr("interrupted"));
}

TEST(RecordsComparisonTest, ReplayRequestIsTheRecordedOne) {
  const v1::ComparisonRecord record = Record();
  v1::CompareRequest request = ComparisonReplayRequest(record, true);
  EXPECT_TRUE(request.include_graphs());
  // The scenario's rule is named, so another coordinator's rule cannot
  // stand in for it.
  ASSERT_EQ(request.rules_size(), 1);
  EXPECT_EQ(request.rules(0).kind(), v1::DecisionRule::UNANIMITY);
  request.clear_rules();
  request.set_include_graphs(false);
  EXPECT_TRUE(MessageDifferencer::Equals(request, record.request()));

  v1::ComparisonRecord with_rules = Record();
  with_rules.mutable_request()->add_rules()->set_kind(
      v1::DecisionRule::CONSENSUS);
  with_rules.mutable_scenario()->clear_rule();
  EXPECT_TRUE(MessageDifferencer::Equals(
      ComparisonReplayRequest(with_rules, false), with_rules.request()));
  v1::ComparisonRecord no_rule = Record();
  no_rule.mutable_scenario()->clear_rule();
  EXPECT_EQ(ComparisonReplayRequest(no_rule, false).rules(0).kind(),
            v1::DecisionRule::CONSENSUS);
}

TEST(RecordsComparisonTest, ReplayVerdict) {
  const v1::ComparisonRecord record = Record();
  v1::Comparison replayed = record.result();
  // Timings and ids may differ; the order of rows too.
  replayed.set_elapsed_ms(99);
  replayed.set_comparison_id("comparison-other");
  replayed.mutable_rows()->SwapElements(0, 2);
  ReplayVerdict same = CompareComparisonReplay(record, replayed);
  EXPECT_TRUE(same.matches) << same.line;
  EXPECT_EQ(same.line,
            "Replay matches record comparison-20261127-230726-abef00: 4 rows "
            "with the same reachability, sequence counts and robustness.");

  v1::Comparison changed = record.result();
  changed.mutable_rows(2)->mutable_exploration()->set_full_charter_reachable(
      true);
  changed.mutable_rows(2)->mutable_exploration()->set_consensus_sequences("2");
  changed.mutable_rows(0)->mutable_robustness()->set_reachable(170);
  ReplayVerdict differs = CompareComparisonReplay(record, changed);
  EXPECT_FALSE(differs.matches);
  EXPECT_THAT(differs.line,
              HasSubstr("alt-a / transformation / consensus (absent party "
                        "blocks): consensus sequences 2 (recorded 0), full "
                        "charter reachable (recorded not reachable)"));
  EXPECT_THAT(differs.line, HasSubstr("robustness 170 of 200 (recorded 171 "
                                      "of 200)"));

  v1::Comparison fewer = record.result();
  fewer.mutable_rows()->RemoveLast();
  fewer.mutable_rows(0)->set_variant("hardline");
  ReplayVerdict missing = CompareComparisonReplay(record, fewer);
  EXPECT_FALSE(missing.matches);
  EXPECT_THAT(missing.line, HasSubstr("without RUS:stake: missing from the "
                                      "replay"));
  EXPECT_THAT(missing.line, HasSubstr("paper-sequence / hardline / consensus "
                                      "(absent party blocks): not in the "
                                      "record"));

  v1::ComparisonRecord failed = record;
  failed.set_status(v1::RECORD_STATUS_FAILED);
  failed.clear_result();
  ReplayVerdict nothing = CompareComparisonReplay(failed, record.result());
  EXPECT_FALSE(nothing.matches);
  EXPECT_THAT(nothing.line, HasSubstr("FAILED and holds no result"));
}

}  // namespace
}  // namespace concert::cli
