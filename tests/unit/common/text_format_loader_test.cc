#include "services/common/text_format_loader.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "tests/support/test_inputs.h"

namespace concert {
namespace {

using ::concert::testing::kDraftText;
using ::concert::testing::kScenarioText;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

TEST(TextFormatLoaderTest, ParsesScenarioAndDraft) {
  absl::StatusOr<v1::Scenario> s = ParseScenarioFromString(kScenarioText, "s");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->parties_size(), 2);
  absl::StatusOr<v1::CharterDraft> d = ParseDraftFromString(kDraftText, "d");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->proposals(2).prerequisites(0), "p2");
}

TEST(TextFormatLoaderTest, SyntaxErrorHasOneBasedLineAndColumn) {
  // The 3 is on line 2, column 14.
  absl::StatusOr<v1::CharterDraft> d =
      ParseDraftFromString("id: \"d\"\nstages { id: 3 }\n", "bad.textproto");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(d.status().message(),
            "bad.textproto:2:14: Expected string, got: 3");
}

TEST(TextFormatLoaderTest, ReportsEverySyntaxErrorTheParserReports) {
  v1::CharterDraft draft;
  std::vector<Problem> errors =
      ParseTextProto("id: \"d\nxx\"\nstages { id: \"S1\" }\n", "bad.textproto",
                     &draft, nullptr);
  std::vector<std::string> lines = ::concert::testing::Strings(errors);
  EXPECT_THAT(
      lines,
      ElementsAre(
          "bad.textproto:1:7: String literals cannot cross line boundaries.",
          // The loader adds a hint (textproto_hint_test.cc).
          ::testing::StartsWith(
              "bad.textproto:2:3: Message type \"concert.v1.CharterDraft\" "
              "has no field named \"xx\""),
          "bad.textproto:2:4: String literals cannot cross line boundaries."));
}

TEST(TextFormatLoaderTest, UnknownFieldIsAnError) {
  absl::StatusOr<v1::Scenario> s = ParseScenarioFromString("stages { }\n", "x");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()),
              HasSubstr("no field named \"stages\""));
}

TEST(TextFormatLoaderTest, LoadsFilesAndNamesThemInLocations) {
  const std::string path = WriteFile("loader_draft.textproto", kDraftText);
  absl::StatusOr<Loaded<v1::CharterDraft>> d =
      LoadWithLocations<v1::CharterDraft>(path);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->locations.file(), path);
  EXPECT_EQ(d->message.id(), "d");
  EXPECT_TRUE(LoadDraft(path).ok());
  // A draft is not a scenario.
  absl::StatusOr<v1::Scenario> wrong = LoadScenario(path);
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(std::string(wrong.status().message()), HasSubstr(path + ":"));
}

TEST(TextFormatLoaderTest, MissingFileIsNotFoundNamingThePath) {
  const std::string path = ::testing::TempDir() + "no/such/file.textproto";
  for (const absl::Status& status :
       {LoadScenario(path).status(), LoadDraft(path).status(),
        DetectKind(path).status()}) {
    EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
    EXPECT_THAT(std::string(status.message()), HasSubstr(path));
  }
  // A directory is there, but is not a file to read.
  const absl::Status directory = LoadDraft(::testing::TempDir()).status();
  EXPECT_EQ(directory.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(directory.message()),
              HasSubstr("it is a directory, not a regular file"));
}

TEST(SourceLocationsTest, FindsNestedObjectsAndFallsBackToTheParent) {
  absl::StatusOr<Loaded<v1::Scenario>> s =
      ParseWithLocations<v1::Scenario>(kScenarioText, "s");
  ASSERT_TRUE(s.ok()) << s.status();
  const SourceLocations& at = s->locations;
  EXPECT_EQ(at.Line({{"dimensions", 1}}), 5);
  EXPECT_EQ(at.Line({{"parties", 0}, {"interests"}, {"rules", 0}}), 14);
  EXPECT_EQ(at.Line({{"parties", 0},
                     {"interests"},
                     {"rules", 0},
                     {"condition"},
                     {"thresholds", 0}}),
            19);
  EXPECT_EQ(at.Line({{"parties", 1}}), 32);
  // Not written out: the party's line.
  EXPECT_EQ(at.Line({{"parties", 1}, {"weight"}}), 32);
  EXPECT_EQ(at.Line({{"parties", 7}}), 0);
  EXPECT_EQ(SourceLocations().Line({{"parties", 0}}), 0);
}

TEST(DetectKindTest, UsesTheHeader) {
  EXPECT_EQ(DetectKindFromString(kScenarioText), FileKind::kScenario);
  EXPECT_EQ(DetectKindFromString(kDraftText), FileKind::kDraft);
  // The header decides even when the content would not parse as that kind.
  EXPECT_EQ(
      DetectKindFromString("# proto-message: concert.v1.Scenario\nstages {}\n"),
      FileKind::kScenario);
  EXPECT_EQ(DetectKindFromString(
                "\n# some title\n# proto-file: concert/v1/charter.proto\n"
                "id: \"x\"\n"),
            FileKind::kDraft);
  // A header comment after the first field is not a header.
  EXPECT_EQ(KindFromHeader("id: \"x\"\n# proto-message: concert.v1.Scenario\n"),
            FileKind::kUnknown);
}

TEST(DetectKindTest, FallsBackToTheContent) {
  EXPECT_EQ(DetectKindFromString("id: \"x\"\nparties { id: \"A\" }\n"),
            FileKind::kScenario);
  EXPECT_EQ(DetectKindFromString("id: \"x\"\nstages { id: \"S\" }\n"),
            FileKind::kDraft);
  // Fields common to both, an empty file, or neither: cannot tell.
  EXPECT_EQ(DetectKindFromString("id: \"x\" title: \"t\"\n"),
            FileKind::kUnknown);
  EXPECT_EQ(DetectKindFromString(""), FileKind::kUnknown);
  EXPECT_EQ(DetectKindFromString("nonsense {\n"), FileKind::kUnknown);
  // An unrelated header does not decide.
  EXPECT_EQ(DetectKindFromString(
                "# proto-message: other.Thing\nstages { id: \"S\" }\n"),
            FileKind::kDraft);
}

TEST(DetectKindTest, TellsProfiles) {
  EXPECT_EQ(DetectKindFromString("# proto-message: concert.v1.PartySpec\n"),
            FileKind::kProfile);
  // A field only PartySpec has.
  EXPECT_EQ(DetectKindFromString("id: \"A\"\ninterests {}\n"),
            FileKind::kProfile);
  // `id` alone is a field of all three kinds.
  EXPECT_EQ(DetectKindFromString("id: \"A\"\n"), FileKind::kUnknown);
  // scenario.proto declares Scenario and PartySpec: the content decides,
  // and a scenario it is when both parse.
  EXPECT_EQ(DetectKindFromString("# proto-file: concert/v1/scenario.proto\n"
                                 "id: \"A\"\nweight: 2\n"),
            FileKind::kProfile);
  EXPECT_EQ(DetectKindFromString("# proto-file: concert/v1/scenario.proto\n"
                                 "id: \"A\"\n"),
            FileKind::kScenario);
  EXPECT_EQ(KindFromHeader("# proto-file: concert/v1/scenario.proto\n"),
            FileKind::kScenario);
  EXPECT_THAT(KindsFromHeader("# proto-file: concert/v1/scenario.proto\n"),
              ::testing::ElementsAre(FileKind::kScenario, FileKind::kProfile));
  EXPECT_THAT(KindsFromHeader("id: \"A\"\n"),
              ::testing::ElementsAre(FileKind::kScenario, FileKind::kDraft,
                                     FileKind::kProfile));
  EXPECT_STREQ(FileKindName(FileKind::kProfile), "profile");
}

TEST(DetectKindTest, ReadsFiles) {
  const std::string path =
      WriteFile("detect_scenario.textproto", kScenarioText);
  absl::StatusOr<FileKind> kind = DetectKind(path);
  ASSERT_TRUE(kind.ok()) << kind.status();
  EXPECT_EQ(*kind, FileKind::kScenario);
  EXPECT_STREQ(FileKindName(*kind), "scenario");
}

}  // namespace
}  // namespace concert
