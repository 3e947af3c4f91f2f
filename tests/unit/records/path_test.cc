// DefaultDatabasePath precedence and record ids.
#include "services/coordinator/records/path.h"

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <regex>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/records_test.h"

namespace concert::coordinator {
namespace {

// Saves the variables it touches and restores them after the test.
class DatabasePathTest : public testing::RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    for (const char* name : kNames) {
      const char* value = std::getenv(name);
      saved_.emplace_back(
          name, value ? std::optional<std::string>(value) : std::nullopt);
      unsetenv(name);
    }
  }
  void TearDown() override {
    for (const auto& [name, value] : saved_) {
      if (value) {
        setenv(name.c_str(), value->c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
    RecordsTest::TearDown();
  }

  static constexpr const char* kNames[] = {"CONCERT_DB", "XDG_DATA_HOME",
                                           "HOME"};
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST_F(DatabasePathTest, FollowsFlagThenEnvironmentThenXdgThenHome) {
  setenv("HOME", PathOf("home").c_str(), 1);
  setenv("XDG_DATA_HOME", PathOf("xdg").c_str(), 1);
  setenv("CONCERT_DB", PathOf("env.db").c_str(), 1);
  EXPECT_EQ(*DefaultDatabasePath(PathOf("flag.db")), PathOf("flag.db"));
  EXPECT_EQ(*DefaultDatabasePath(""), PathOf("env.db"));

  unsetenv("CONCERT_DB");
  auto xdg = DefaultDatabasePath("");
  ASSERT_TRUE(xdg.ok()) << xdg.status();
  EXPECT_EQ(*xdg, PathOf("xdg/concert/concert.db"));
  EXPECT_TRUE(std::filesystem::is_directory(PathOf("xdg/concert")));

  // A relative XDG_DATA_HOME is invalid per the XDG spec and ignored.
  setenv("XDG_DATA_HOME", "relative/dir", 1);
  auto home = DefaultDatabasePath("");
  ASSERT_TRUE(home.ok()) << home.status();
  EXPECT_EQ(*home, PathOf("home/.local/share/concert/concert.db"));
  EXPECT_TRUE(
      std::filesystem::is_directory(PathOf("home/.local/share/concert")));

  unsetenv("XDG_DATA_HOME");
  EXPECT_EQ(*DefaultDatabasePath(""),
            PathOf("home/.local/share/concert/concert.db"));
  unsetenv("HOME");
  EXPECT_EQ(DefaultDatabasePath("").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(*DefaultDatabasePath("x.db"), "x.db");
}

TEST_F(DatabasePathTest, CreatesEachNewLevelPrivateAndKeepsExistingOnes) {
  namespace fs = std::filesystem;
  const mode_t old_mask = umask(022);
  ASSERT_TRUE(fs::create_directory(PathOf("home")));
  fs::permissions(PathOf("home"), fs::perms(0755));
  setenv("HOME", PathOf("home").c_str(), 1);
  auto path = DefaultDatabasePath("");
  umask(old_mask);
  ASSERT_TRUE(path.ok()) << path.status();
  const auto mode = [](const std::string& dir) {
    return static_cast<int>(fs::status(dir).permissions() & fs::perms::all);
  };
  EXPECT_EQ(mode(PathOf("home")), 0755);
  for (const char* level :
       {"home/.local", "home/.local/share", "home/.local/share/concert"}) {
    EXPECT_EQ(mode(PathOf(level)), 0700) << level;
  }
}

TEST(RecordIdTest, NamesKindTimeAndRandomSuffix) {
  const std::string a = NewRecordId("session");
  const std::string b = NewRecordId("session");
  EXPECT_TRUE(
      std::regex_match(a, std::regex("session-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}")))
      << a;
  EXPECT_NE(a, b);
  EXPECT_EQ(FormatRecordTime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRecordTime(1700000000123), "2023-11-14T22:13:20.123Z");
}

}  // namespace
}  // namespace concert::coordinator
