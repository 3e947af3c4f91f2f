#include "services/common/file_check.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/test_inputs.h"

namespace concert {
namespace {

using ::concert::testing::kDraftText;
using ::concert::testing::kScenarioText;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Files in a directory of the test's own.
class FileCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "file_check_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name() +
           "/";
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + name;
    std::ofstream(path) << text;
    return path;
  }

  std::string dir_;
};

// The base draft with one effect on a dimension the scenario lacks.
std::string DraftWithUnknownDimension() {
  std::string text = kDraftText;
  text.replace(text.find("\"denuc\""), 7, "\"trade\"");
  return text;
}

TEST_F(FileCheckTest, ValidFilesAreOk) {
  const std::string s = Write("s.textproto", kScenarioText);
  const std::string d = Write("d.textproto", kDraftText);
  CheckReport report = CheckFiles({s, d}, "");
  EXPECT_TRUE(report.ok()) << FormatCheckReport(report);
  ASSERT_EQ(report.files.size(), 2u);
  EXPECT_EQ(report.files[0].kind, FileKind::kScenario);
  EXPECT_EQ(report.files[1].kind, FileKind::kDraft);
  EXPECT_THAT(report.notes, ElementsAre("drafts cross-checked against " + s));
  EXPECT_EQ(FormatCheckReport(report),
            s + ": ok (scenario)\n" + d +
                ": ok (draft)\nnote: drafts cross-checked against " + s + "\n");
}

TEST_F(FileCheckTest, CrossChecksDraftsAgainstGivenScenario) {
  const std::string s = Write("s.textproto", kScenarioText);
  const std::string d = Write("d.textproto", DraftWithUnknownDimension());
  CheckReport report = CheckFiles({d, s}, "/nonexistent/default.textproto");
  EXPECT_FALSE(report.ok());
  EXPECT_THAT(
      report.ProblemStrings(),
      ElementsAre(d + ":18: proposal 'p3': effect on dimension 'trade', which "
                      "scenario 'mini' does not declare"));
  EXPECT_TRUE(report.files[1].ok());
}

TEST_F(FileCheckTest, FallsBackToTheDefaultScenario) {
  const std::string s = Write("default.textproto", kScenarioText);
  const std::string d = Write("d.textproto", DraftWithUnknownDimension());
  CheckReport report = CheckFiles({d}, s);
  EXPECT_THAT(report.ProblemStrings(), ElementsAre(HasSubstr("'trade'")));
  EXPECT_THAT(report.notes, ElementsAre("drafts cross-checked against " + s));

  // No default: the draft alone is fine, and the report says it was not
  // cross-checked.
  report = CheckFiles({d}, dir_ + "missing.textproto");
  EXPECT_TRUE(report.ok());
  EXPECT_THAT(report.notes, ElementsAre(HasSubstr("not cross-checked")));
}

TEST_F(FileCheckTest, ReportsSyntaxValidationAndMissingFilesTogether) {
  const std::string bad = Write("bad.textproto",
                                "# proto-message: concert.v1.CharterDraft\n"
                                "id: \"d\"\nstages { id: 3 }\n");
  std::string broken_scenario = kScenarioText;
  broken_scenario +=
      "dimensions { id: \"security\" }\nparties { id: \"A\" weight: -1 }\n";
  const std::string s = Write("s.textproto", broken_scenario);
  const std::string missing = dir_ + "missing.textproto";
  CheckReport report = CheckFiles({bad, s, missing}, "");
  EXPECT_FALSE(report.ok());
  EXPECT_THAT(
      report.ProblemStrings(),
      ElementsAre(
          bad + ":3:14: Expected string, got: 3",
          s + ":41: dimension 'security': duplicate id (first declared at "
              "line 4)",
          s + ":42: party 'A': duplicate id (first declared at line 7)",
          s + ":42: party 'A': negative weight -1",
          HasSubstr("cannot read '" + missing + "'")));
  EXPECT_THAT(
      FormatCheckReport(report),
      HasSubstr(s + ": 3 problems (scenario)\n" + missing + ": 1 problem\n"));
}

TEST_F(FileCheckTest, GuessesTheKindOfABrokenFileWithoutHeader) {
  // Parses further as a draft (stages is a draft field), fails on line 3.
  const std::string f =
      Write("f.textproto", "id: \"d\"\nstages { id: \"S\" }\nbogus: 1\n");
  CheckReport report = CheckFiles({f}, "");
  EXPECT_EQ(report.files[0].kind, FileKind::kDraft);
  EXPECT_THAT(report.ProblemStrings(), ElementsAre(HasSubstr(f + ":3:")));
}

TEST_F(FileCheckTest, AmbiguousFileAsksForAHeader) {
  const std::string f = Write("f.textproto", "id: \"x\"\n");
  CheckReport report = CheckFiles({f}, "");
  EXPECT_EQ(report.files[0].kind, FileKind::kUnknown);
  EXPECT_THAT(report.ProblemStrings(),
              ElementsAre(HasSubstr("# proto-message:")));
}

TEST_F(FileCheckTest, NoFilesIsOk) {
  CheckReport report = CheckFiles({}, "");
  EXPECT_TRUE(report.ok());
  EXPECT_THAT(report.files, IsEmpty());
}

}  // namespace
}  // namespace concert
