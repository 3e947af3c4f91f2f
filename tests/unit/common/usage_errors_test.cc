#include "services/common/usage_errors.h"

#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace concert {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A small `concert`: two commands, one with a flag taking a value.
class UsageHintsTest : public ::testing::Test {
 protected:
  UsageHintsTest() {
    app_.require_subcommand(1);
    CLI::App* run = app_.add_subcommand("run", "");
    run->add_option("draft", draft_);
    run->add_option("--variant", variant_);
    run->add_flag("--no-color", no_color_);
    CLI::App* records = app_.add_subcommand("records", "");
    records->require_subcommand(1);
    records->add_subcommand("list", "");
    records->add_subcommand("show", "");
  }

  std::vector<std::string> Hints(std::vector<std::string> words) {
    words.insert(words.begin(), "concert");
    std::vector<char*> argv;
    for (std::string& w : words) argv.push_back(w.data());
    return UsageHints(app_, static_cast<int>(argv.size()), argv.data());
  }

  CLI::App app_{"test", "concert"};
  std::string draft_;
  std::string variant_;
  bool no_color_ = false;
};

TEST_F(UsageHintsTest, AMistypedCommandNamesTheNearOne) {
  EXPECT_THAT(Hints({"rnu"}),
              ElementsAre("'rnu' is not a command; did you mean 'run'?"));
  EXPECT_THAT(Hints({"records", "lst"}),
              ElementsAre("'lst' is not a command of records; did you mean "
                          "'list'?"));
}

TEST_F(UsageHintsTest, AnUnknownCommandWithoutANearOneListsThem) {
  EXPECT_THAT(Hints({"deploy"}),
              ElementsAre("'deploy' is not a command; the commands are: run, "
                          "records"));
}

TEST_F(UsageHintsTest, AMistypedFlagNamesTheNearOne) {
  EXPECT_THAT(Hints({"run", "--varient", "x"}),
              ElementsAre("unknown flag '--varient' of run; did you mean "
                          "'--variant'?"));
  EXPECT_THAT(Hints({"run", "--varient=x", "d.textproto"}),
              ElementsAre("unknown flag '--varient' of run; did you mean "
                          "'--variant'?"));
  EXPECT_THAT(Hints({"run", "--bogus"}),
              ElementsAre("unknown flag '--bogus' of run"));
}

TEST_F(UsageHintsTest, KnownWordsAndFlagValuesGetNoHint) {
  EXPECT_THAT(Hints({"run", "d.textproto", "--variant", "rnu", "--no-color"}),
              IsEmpty());
  EXPECT_THAT(Hints({"records", "show", "ID"}), IsEmpty());
  EXPECT_THAT(Hints({"run", "--", "--varient"}), IsEmpty());
}

TEST_F(UsageHintsTest, ReportUsageErrorExitsTwoForAnErrorAndZeroForHelp) {
  std::vector<std::string> words = {"concert", "rnu"};
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  try {
    app_.parse(static_cast<int>(argv.size()), argv.data());
    FAIL() << "parsed";
  } catch (const CLI::ParseError& e) {
    EXPECT_EQ(ReportUsageError(app_, e, "concert", 2, argv.data()),
              kUsageExitCode);
  }
  EXPECT_EQ(
      ReportUsageError(app_, CLI::CallForHelp(), "concert", 2, argv.data()), 0);
}

}  // namespace
}  // namespace concert
