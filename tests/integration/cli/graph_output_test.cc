// `concert explore --graph` as a user runs it (the embedded forum): a path
// that cannot be written is refused before any exploration (exit 2, nothing
// recorded), the proposal-level graph is the default picture, and the
// lattice is drawn on request within its node budget — beyond it, one line
// says so and the proposal-level graph is drawn instead.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/stat.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/net/child_process.h"

namespace concert::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSrc = CONCERT_SOURCE_DIR;
const std::string kConcert =
    std::string(CONCERT_BINARY_DIR) + "/clients/concert/concert";
// Eleven proposals, 33 reachable sets on the built-in scenario: a small
// lattice.
const std::string kSmallDraft =
    kSrc + "/scenarios/drafts/us-proposal-2004.textproto";

class GraphOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("concert-graph-output-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // A database of the test's own: what was recorded is what it shows.
    setenv("CONCERT_DB", (dir_ / "records.db").c_str(), 1);
  }
  void TearDown() override { fs::remove_all(dir_); }

  CommandResult Explore(const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {kConcert, "explore", kSmallDraft};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunCommand(argv);
  }

  static std::string Read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  fs::path dir_;
};

TEST_F(GraphOutputTest, AnUnwritablePathIsRefusedBeforeTheWork) {
  const CommandResult missing = Explore({"--graph", "/nonexistent/x.svg"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_THAT(missing.err, HasSubstr("/nonexistent/x.svg"));
  EXPECT_THAT(missing.err, HasSubstr("does not exist"));
  const CommandResult folder = Explore({"--graph", dir_.string() + "/"});
  EXPECT_EQ(folder.exit_code, 2) << folder.err;
  const fs::path as_folder = dir_ / "picture.svg";
  fs::create_directories(as_folder);
  const CommandResult is_folder = Explore({"--graph", as_folder.string()});
  EXPECT_EQ(is_folder.exit_code, 2) << is_folder.err;
  EXPECT_THAT(is_folder.err, HasSubstr("is a folder"));
  const CommandResult kind = Explore({"--graph", (dir_ / "x.png").string()});
  EXPECT_EQ(kind.exit_code, 2) << kind.err;
  EXPECT_THAT(kind.err, HasSubstr(".dot or .svg"));
  if (geteuid() != 0) {  // root writes anywhere
    const fs::path locked = dir_ / "locked";
    fs::create_directories(locked);
    chmod(locked.c_str(), 0500);
    const CommandResult unwritable =
        Explore({"--graph", (locked / "x.dot").string()});
    EXPECT_EQ(unwritable.exit_code, 2) << unwritable.err;
    EXPECT_THAT(unwritable.err, HasSubstr("not writable"));
    chmod(locked.c_str(), 0700);
  }
  // None of them explored: no record was written.
  const CommandResult list = RunCommand({kConcert, "records", "list"});
  EXPECT_THAT(list.out, Not(HasSubstr("exploration-")));
}

TEST_F(GraphOutputTest, TheProposalLevelGraphIsTheDefault) {
  const fs::path dot = dir_ / "proposals.dot";
  const CommandResult explore = Explore({"--graph", dot.string()});
  ASSERT_EQ(explore.exit_code, 0) << explore.err;
  EXPECT_THAT(explore.err, HasSubstr("proposal-level graph written to"));
  const std::string text = Read(dot);
  EXPECT_THAT(text, HasSubstr("digraph proposals"));
  EXPECT_THAT(text, HasSubstr("(us-proposal-2004)"));
  EXPECT_THAT(text, HasSubstr("label=\"Legend\""));
}

TEST_F(GraphOutputTest, TheLatticeOnRequestWithinItsBudget) {
  const fs::path svg = dir_ / "lattice.svg";
  const CommandResult drawn =
      Explore({"--graph", svg.string(), "--graph-kind", "lattice"});
  ASSERT_EQ(drawn.exit_code, 0) << drawn.err;
  EXPECT_THAT(drawn.err, HasSubstr("state lattice written to"));
  const std::string picture = Read(svg);
  EXPECT_THAT(picture, HasSubstr("<svg"));
  EXPECT_THAT(picture, HasSubstr("state lattice:"));
  EXPECT_THAT(picture, HasSubstr("Legend"));

  const fs::path over = dir_ / "over.dot";
  const CommandResult fallback =
      Explore({"--graph", over.string(), "--graph-kind", "lattice",
               "--graph-max-nodes", "10"});
  ASSERT_EQ(fallback.exit_code, 0) << fallback.err;
  EXPECT_THAT(fallback.err,
              HasSubstr("the lattice has 33 states, over the budget of 10 "
                        "(--graph-max-nodes); drawing the "
                        "proposal-level graph instead"));
  EXPECT_THAT(Read(over), HasSubstr("digraph proposals"));
}

}  // namespace
}  // namespace concert::testing
