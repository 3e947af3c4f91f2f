// `concert compare` as a user runs it, against the processes a deployment
// runs: a study with a fixed seed reproduces across runs and across a
// party's restart, its shards merge to the unsharded study, what-if and
// --spread flags are checked, a study with per-component sizes keeps and
// states them, and the comparison is a record.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <google/protobuf/util/json_util.h>

#include "concert/v1/compare.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/net/child_process.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

CommandResult Compare(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {ConcertBinary(), "compare"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

v1::Comparison ParseComparison(const std::string& json) {
  v1::Comparison c;
  const auto s = google::protobuf::util::JsonStringToMessage(json, &c);
  EXPECT_TRUE(s.ok()) << s.message() << "\n" << json.substr(0, 400);
  return c;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// What a study found, row by row: the outcome and the robustness counts.
std::vector<std::string> Findings(const v1::Comparison& c) {
  std::vector<std::string> out;
  for (const v1::ComparisonRow& row : c.rows()) {
    v1::Robustness r = row.robustness();
    out.push_back(row.draft_id() + "/" + row.variant() + " " +
                  row.exploration().consensus_sequences() + " " +
                  r.ShortDebugString());
  }
  return out;
}

const std::vector<std::string> kStudy = {
    "--variants", "baseline,transformation",
    "--samples",  "9",
    "--spread",   "0.6",
    "--seed",     "21",
    "--format",   "json"};

std::vector<std::string> StudyArgs(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {ShippedDraftPath("paper-sequence"),
                                   ShippedDraftPath("arf-three-stage")};
  args.insert(args.end(), kStudy.begin(), kStudy.end());
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(CompareCliTest, AStudyReproducesAcrossAPartyRestart) {
  TempDir dir;
  ProcessForum forum = ProcessForum::Start(dir);
  ASSERT_NE(forum.coordinator.process, nullptr);
  const std::vector<std::string> remote = {"--coordinator",
                                           forum.coordinator.address};
  const CommandResult first = Compare(StudyArgs(remote));
  ASSERT_EQ(first.exit_code, 0) << first.err;

  // DPRK's process goes away and a new one takes its place, at the same
  // address: it perturbs its model from the seed alone, so it agrees.
  const std::string address = forum.addresses[5];
  forum.parties[5]->Signal(SIGTERM);
  forum.parties[5]->Wait();
  forum.parties[5] = StartPartyProcess("DPRK", address);
  ASSERT_NE(forum.parties[5], nullptr);
  const CommandResult second = Compare(StudyArgs(remote));
  ASSERT_EQ(second.exit_code, 0) << second.err;

  const v1::Comparison a = ParseComparison(first.out);
  const v1::Comparison b = ParseComparison(second.out);
  EXPECT_EQ(Findings(a), Findings(b));
  EXPECT_EQ(a.study_sha256(), b.study_sha256());
  EXPECT_NE(a.comparison_id(), b.comparison_id());
  int uncertain = 0;
  for (const v1::ComparisonRow& row : a.rows()) {
    uncertain += row.robustness().reachable() > 0 &&
                 row.robustness().reachable() < row.robustness().samples();
  }
  EXPECT_GT(uncertain, 0) << "the perturbation should matter somewhere";

  // The comparison is a record.
  const CommandResult list =
      RunCommand({ConcertBinary(), "records", "list", "--coordinator",
                  forum.coordinator.address});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr(a.comparison_id()));
}

TEST(CompareCliTest, ShardsMergeToTheUnshardedStudy) {
  TempDir dir;
  const std::vector<std::string> db = {"--db", dir.File("records.db")};
  const CommandResult whole = Compare(StudyArgs(db));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  std::vector<std::string> merge = {ConcertBinary(), "compare", "merge",
                                    "--format", "json"};
  for (int i = 1; i <= 3; ++i) {
    const std::string out = dir.File("shard-" + std::to_string(i) + ".json");
    std::vector<std::string> args = db;
    args.insert(args.end(),
                {"--shard", std::to_string(i) + "/3", "--out", out});
    const CommandResult shard = Compare(StudyArgs(args));
    ASSERT_EQ(shard.exit_code, 0) << shard.err;
    merge.push_back(out);
  }
  const CommandResult merged = RunCommand(merge);
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(Findings(ParseComparison(merged.out)),
            Findings(ParseComparison(whole.out)));

  // The unsharded study is a record, and replaying it reproduces it.
  const std::string id = ParseComparison(whole.out).comparison_id();
  const CommandResult replay =
      Compare({"--replay", id, "--db", dir.File("records.db")});
  EXPECT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_THAT(replay.out, HasSubstr("Replay matches record " + id));

  // One shard twice is refused, saying so.
  const CommandResult twice =
      RunCommand({ConcertBinary(), "compare", "merge", merge[5], merge[5]});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_THAT(twice.err, HasSubstr("given twice"));
}

TEST(CompareCliTest, BadFlagsAreRefusedBeforeAnyWork) {
  const std::string draft = ShippedDraftPath("paper-sequence");
  struct Case {
    std::vector<std::string> args;
    const char* says;
  };
  const Case cases[] = {
      {{draft, "--set", "MARS.security_assurance.ideal=1"}, "no party 'MARS'"},
      {{draft, "--set", "DPRK.happiness.ideal=1"}, "no dimension 'happiness'"},
      {{draft, "--set", "DPRK.normalization.ideal=lots"}, "NUMBER"},
      {{draft, "--without", "RUS"}, "PARTY:RULE_ID"},
      {{draft, "--shard", "4/3"}, "--shard 4/3"},
      {{draft, "--variants", "utopia"}, "unknown variant 'utopia'"},
      {{draft, "--rules", "consensus,anarchy"}, "anarchy"},
      {{draft, "--out", "/no/such/dir/report.html"}, "does not exist"},
      {{draft, "--spread", "lots"},
       "--spread lots: 'lots' is not a number; give one number, or "
       "components NAME=SIZE"},
      {{draft, "--spread", "-0.5"}, "a size must be a finite number >= 0"},
      {{draft, "--spread", "ideal=1,size=2"},
       "unknown component 'size'; the components are ideal, salience, "
       "threshold and condition"},
      {{draft, "--spread", "ideal=1,salience=much"},
       "salience: 'much' is not a number"},
      {{draft, "--spread", "threshold=nan"},
       "a size must be a finite number >= 0"},
      {{draft, "--spread", "ideal=1,ideal=2"}, "ideal is given twice"},
      {{draft, "--spread", "ideal=1,0.5"}, "write each component as NAME=SIZE"},
  };
  for (const Case& c : cases) {
    const CommandResult result = Compare(c.args);
    EXPECT_EQ(result.exit_code, 2) << c.says << "\n" << result.err;
    EXPECT_THAT(result.err, HasSubstr(c.says));
  }
}

// --spread with per-component sizes: the parties (served over gRPC by the
// embedded forum) perturb each component by its own size, the result and
// the record keep the sizes, the reports state them, a replay reproduces
// the study, and it is another study than one of a single spread.
TEST(CompareCliTest, AStudyWithPerComponentSizes) {
  TempDir dir;
  const std::string components =
      "ideal=1,salience=0.2,threshold=0.5,condition=0.5";
  const auto study = [&](const std::string& spread, const std::string& out) {
    return Compare({ShippedDraftPath("paper-sequence"),
                    ShippedDraftPath("arf-three-stage"), "--variants",
                    "baseline,transformation", "--samples", "9", "--seed", "21",
                    "--spread", spread, "--format", "json", "--out",
                    dir.File(out), "--db", dir.File("records.db")});
  };
  const CommandResult sized = study(components, "sized.json");
  ASSERT_EQ(sized.exit_code, 0) << sized.err;
  const v1::Comparison c = ParseComparison(ReadFile(dir.File("sized.json")));
  ASSERT_TRUE(c.has_perturbation());
  EXPECT_EQ(c.perturbation().ideal_spread(), 1);
  EXPECT_EQ(c.perturbation().salience_spread(), 0.2);
  EXPECT_EQ(c.perturbation().threshold_spread(), 0.5);
  EXPECT_EQ(c.perturbation().condition_spread(), 0.5);
  EXPECT_EQ(c.spread(), 0);
  int uncertain = 0;
  for (const v1::ComparisonRow& row : c.rows()) {
    uncertain += row.robustness().reachable() > 0 &&
                 row.robustness().reachable() < row.robustness().samples();
  }
  EXPECT_GT(uncertain, 0) << "the perturbation should matter somewhere";

  // The reports state the sizes (rendered here from the JSON).
  const CommandResult text =
      RunCommand({ConcertBinary(), "compare", "merge", dir.File("sized.json"),
                  "--format", "text"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("ideals ±1, saliences ±20%, thresholds ±0.5, "
                                  "conditions ±0.5, seed 21"));

  // Every size 0 is the unperturbed forum: another study, and no flips.
  const CommandResult zeros =
      study("ideal=0,salience=0,threshold=0,condition=0", "zeros.json");
  ASSERT_EQ(zeros.exit_code, 0) << zeros.err;
  const v1::Comparison z = ParseComparison(ReadFile(dir.File("zeros.json")));
  EXPECT_NE(z.study_sha256(), c.study_sha256());
  for (const v1::ComparisonRow& row : z.rows()) {
    const bool full = row.exploration().full_charter_reachable();
    EXPECT_EQ(row.robustness().reachable(), full ? 9u : 0u);
  }

  // A study of one spread never merges with it.
  const CommandResult one = study("0.6", "one.json");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const CommandResult mixed =
      RunCommand({ConcertBinary(), "compare", "merge", dir.File("sized.json"),
                  dir.File("one.json")});
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_THAT(mixed.err, HasSubstr("another study"));

  // The record keeps the sizes: replaying it reproduces the study.
  const CommandResult replay =
      Compare({"--replay", c.comparison_id(), "--db", dir.File("records.db")});
  EXPECT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_THAT(replay.out,
              HasSubstr("Replay matches record " + c.comparison_id()));
  EXPECT_THAT(replay.out, HasSubstr("ideals ±1, saliences ±20%"));
}

TEST(CompareCliTest, WhatIfRowsAndAnHtmlReport) {
  TempDir dir;
  const std::string html = dir.File("report.html");
  const CommandResult result = Compare(
      {ShippedDraftPath("paper-sequence"), ShippedDraftPath("arf-three-stage"),
       "--variants", "baseline", "--without",
       "USA:usa_peace_after_denuclearization", "--concessions", "--format",
       "html", "--out", html, "--db", dir.File("records.db")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string page = ReadFile(html);
  EXPECT_THAT(page, HasSubstr("without USA:usa_peace_after_denuclearization"));
  EXPECT_THAT(page, HasSubstr("<svg"));
  EXPECT_THAT(page, HasSubstr("dprk_survival_before_dismantlement"));
}

}  // namespace
}  // namespace concert::testing
