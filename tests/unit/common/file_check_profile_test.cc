// `concert check` over party profiles: how a profile is told from a scenario
// and a draft, and how it is checked with and without a scenario.
#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/common/file_check.h"
#include "tests/support/test_inputs.h"
#include "tests/unit/common/profile_inputs.h"

namespace concert {
namespace {

using ::concert::testing::kDraftText;
using ::concert::testing::kProfileText;
using ::concert::testing::kScenarioText;
using ::concert::testing::ProfileWith;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// kProfileText without its header line.
std::string HeaderlessProfile() {
  return ProfileWith("# proto-message: concert.v1.PartySpec\n", "");
}

class FileCheckProfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "file_check_profile_" +
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

TEST_F(FileCheckProfileTest, GoodProfileWithItsScenario) {
  const std::string s = Write("s.textproto", kScenarioText);
  const std::string p = Write("p.textproto", kProfileText);
  const CheckReport report = CheckFiles({p, s}, "");
  EXPECT_TRUE(report.ok()) << FormatCheckReport(report);
  ASSERT_EQ(report.files.size(), 2u);
  EXPECT_EQ(report.files[0].kind, FileKind::kProfile);
  EXPECT_THAT(report.notes, ElementsAre("profiles cross-checked against " + s));
  EXPECT_THAT(FormatCheckReport(report), HasSubstr(p + ": ok (profile)\n"));
}

TEST_F(FileCheckProfileTest, WithoutAScenarioANoteSaysSo) {
  // A variant and a dimension unknown to any scenario: not checkable here.
  const std::string p =
      Write("p.textproto", ProfileWith("name: \"v1\"", "name: \"elsewhere\""));
  CheckReport report = CheckFiles({p}, dir_ + "missing.textproto");
  EXPECT_TRUE(report.ok()) << FormatCheckReport(report);
  EXPECT_THAT(
      report.notes,
      ElementsAre("no scenario given: profiles were not cross-checked"));

  // Drafts and profiles together share the note.
  const std::string d = Write("d.textproto", kDraftText);
  report = CheckFiles({p, d}, "");
  EXPECT_THAT(report.notes,
              ElementsAre("no scenario given: drafts and profiles were not "
                          "cross-checked"));
}

TEST_F(FileCheckProfileTest, ProblemsCarryTheProfilesFileAndLine) {
  const std::string s = Write("s.textproto", kScenarioText);
  std::string text = ProfileWith("weight: 1", "weight: -1");
  text.replace(text.find("direction: UP"), 13, "");
  const std::string p = Write("p.textproto", text);
  const CheckReport report = CheckFiles({s, p}, "");
  EXPECT_TRUE(report.files[0].ok());
  EXPECT_THAT(report.ProblemStrings(),
              ElementsAre(p + ":4: party 'A': negative weight -1",
                          p + ":12: party 'A' rule 'r1': move of dimension "
                              "'denuc' has no direction (UP or DOWN)"));
  EXPECT_THAT(FormatCheckReport(report),
              HasSubstr(p + ": 2 problems (profile)\n"));
}

TEST_F(FileCheckProfileTest, VariantUnknownToTheDefaultScenario) {
  const std::string fallback = Write("default.textproto", kScenarioText);
  const std::string p =
      Write("p.textproto", ProfileWith("name: \"v1\"", "name: \"v9\""));
  const CheckReport report = CheckFiles({p}, fallback);
  EXPECT_THAT(report.ProblemStrings(),
              ElementsAre(p + ":18: party 'A' variant 'v9': names a variant "
                              "the scenario does not declare"));
  EXPECT_THAT(report.notes,
              ElementsAre("profiles cross-checked against " + fallback));
}

TEST_F(FileCheckProfileTest, IdTheScenarioLacks) {
  const std::string s = Write("s.textproto", kScenarioText);
  const std::string p =
      Write("p.textproto", ProfileWith("id: \"A\"", "id: \"DPRK\""));
  const CheckReport report = CheckFiles({s, p}, "");
  EXPECT_THAT(report.ProblemStrings(),
              ElementsAre(p + ":2: party 'DPRK': is not a party of scenario "
                              "'mini' (its parties: A, B)"));
}

TEST_F(FileCheckProfileTest, SharedProblemsOfSeveralScenariosReportedOnce) {
  const std::string s1 = Write("s1.textproto", kScenarioText);
  const std::string s2 = Write("s2.textproto", kScenarioText);
  const std::string p =
      Write("p.textproto", ProfileWith("weight: 1", "weight: -1"));
  const CheckReport report = CheckFiles({s1, s2, p}, "");
  EXPECT_THAT(report.ProblemStrings(),
              ElementsAre(p + ":4: party 'A': negative weight -1"));
  EXPECT_THAT(report.notes,
              ElementsAre("profiles cross-checked against " + s1 + ", " + s2));
}

TEST_F(FileCheckProfileTest, HeaderlessProfileIsDetected) {
  const std::string s = Write("s.textproto", kScenarioText);
  const std::string p = Write("p.textproto", HeaderlessProfile());
  const CheckReport report = CheckFiles({p, s}, "");
  EXPECT_TRUE(report.ok()) << FormatCheckReport(report);
  EXPECT_EQ(report.files[0].kind, FileKind::kProfile);

  // Only scenario.proto named: a profile, since it parses as nothing else.
  const std::string q =
      Write("q.textproto",
            "# proto-file: concert/v1/scenario.proto\n" + HeaderlessProfile());
  EXPECT_EQ(CheckFiles({q}, "").files[0].kind, FileKind::kProfile);
}

TEST_F(FileCheckProfileTest, BrokenHeaderlessProfileIsGuessed) {
  // Scenario and draft parses stop at `interests` (line 2); the profile
  // parse gets to line 3.
  const std::string f =
      Write("f.textproto",
            "id: \"A\"\ninterests { support_threshold: 0.1 }\n"
            "bogus: 1\n");
  const CheckReport report = CheckFiles({f}, "");
  EXPECT_EQ(report.files[0].kind, FileKind::kProfile);
  EXPECT_THAT(report.ProblemStrings(), ElementsAre(HasSubstr(f + ":3:")));
}

TEST_F(FileCheckProfileTest, ThreeKindAmbiguityNamesAllThreeHeaders) {
  // `id` alone is a field of all three messages.
  const std::string f = Write("f.textproto", "id: \"x\"\n");
  const CheckReport report = CheckFiles({f}, "");
  EXPECT_EQ(report.files[0].kind, FileKind::kUnknown);
  ASSERT_EQ(report.ProblemStrings().size(), 1u);
  const std::string problem = report.ProblemStrings()[0];
  EXPECT_THAT(problem, HasSubstr("'# proto-message: concert.v1.Scenario'"));
  EXPECT_THAT(problem, HasSubstr("'# proto-message: concert.v1.CharterDraft'"));
  EXPECT_THAT(problem, HasSubstr("'# proto-message: concert.v1.PartySpec'"));

  // Two kinds (scenario and draft both have a title) are as ambiguous; a
  // field only PartySpec has settles it.
  EXPECT_EQ(CheckFiles({Write("g.textproto", "id: \"x\" title: \"t\"\n")}, "")
                .files[0]
                .kind,
            FileKind::kUnknown);
  EXPECT_EQ(CheckFiles({Write("h.textproto", "id: \"x\" name: \"n\"\n")}, "")
                .files[0]
                .kind,
            FileKind::kProfile);
}

TEST_F(FileCheckProfileTest, HeaderNamingAProfileDecides) {
  // Scenario content under a profile header: read (and failed) as a profile.
  const std::string f =
      Write("f.textproto",
            "# proto-message: concert.v1.PartySpec\nparties { id: \"A\" }\n");
  const CheckReport report = CheckFiles({f}, "");
  EXPECT_EQ(report.files[0].kind, FileKind::kProfile);
  EXPECT_THAT(report.ProblemStrings(), ElementsAre(HasSubstr(f + ":2:")));
}

TEST_F(FileCheckProfileTest, ProfileNeedsIdAndInterests) {
  const std::string f =
      Write("f.textproto", "# proto-message: concert.v1.PartySpec\n");
  const CheckReport report = CheckFiles({f}, "");
  EXPECT_THAT(report.ProblemStrings(),
              ElementsAre(f + ": profile: has no party id (id: \"...\")",
                          f + ": profile: has no interest model (interests { "
                              "... })"));
  EXPECT_THAT(report.notes, ElementsAre(HasSubstr("not cross-checked")));
}

}  // namespace
}  // namespace concert
