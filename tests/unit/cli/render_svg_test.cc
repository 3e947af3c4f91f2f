// RenderSvg with stand-ins for Graphviz's `dot`: one that never finishes is
// killed at the time limit, one that fails is reported with its message,
// and no temporary file is left behind either way.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "clients/concert/render/graphviz.h"

namespace concert::coordinator {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class RenderSvgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           absl::StrCat(
               "concert-render-svg-test-", getpid(), "-",
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "tmp");
    // RenderSvg's temporary files go to $TMPDIR: a folder of the test's
    // own, so that anything left behind is seen.
    const char* old = std::getenv("TMPDIR");
    had_tmpdir_ = old != nullptr;
    if (had_tmpdir_) old_tmpdir_ = old;
    setenv("TMPDIR", (dir_ / "tmp").c_str(), 1);
  }
  void TearDown() override {
    if (had_tmpdir_) {
      setenv("TMPDIR", old_tmpdir_.c_str(), 1);
    } else {
      unsetenv("TMPDIR");
    }
    fs::remove_all(dir_);
  }

  // An executable shell script standing in for dot.
  std::string FakeDot(const std::string& body) {
    const fs::path path = dir_ / "fake-dot";
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    fs::permissions(path, fs::perms::owner_all);
    return path.string();
  }

  int LeftInTmp() const {
    int n = 0;
    for ([[maybe_unused]] const auto& entry :
         fs::directory_iterator(dir_ / "tmp")) {
      ++n;
    }
    return n;
  }

  fs::path dir_;
  bool had_tmpdir_ = false;
  std::string old_tmpdir_;
};

TEST_F(RenderSvgTest, ADotThatNeverFinishesIsKilledAtTheTimeLimit) {
  SvgOptions options;
  options.program = FakeDot("exec sleep 60");
  options.timeout = absl::Milliseconds(300);
  options.subject = "the lattice of 1,024 states of draft 'big'";
  const auto start = std::chrono::steady_clock::now();
  auto svg = RenderSvg("digraph G {}", options);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(svg.status().code(), absl::StatusCode::kDeadlineExceeded)
      << svg.status();
  const std::string message(svg.status().message());
  EXPECT_THAT(message, HasSubstr("took more than 0.3 s"));
  EXPECT_THAT(message, HasSubstr("the lattice of 1,024 states of draft 'big'"));
  EXPECT_THAT(message, HasSubstr("FILE.dot"));
  EXPECT_LT(took, std::chrono::seconds(30));
  EXPECT_EQ(LeftInTmp(), 0);
}

TEST_F(RenderSvgTest, AFailingDotIsReportedWithItsMessage) {
  SvgOptions options;
  options.program =
      FakeDot("cat > /dev/null; echo 'syntax error in line 1' >&2; exit 1");
  auto svg = RenderSvg("digraph G {}", options);
  ASSERT_EQ(svg.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(svg.status().message()),
              HasSubstr("syntax error in line 1"));
  EXPECT_EQ(LeftInTmp(), 0);
}

TEST_F(RenderSvgTest, TheDotTextGoesInAndTheSvgComesOut) {
  SvgOptions options;
  // Echoes its input inside an <svg> element, and checks its argument.
  options.program =
      FakeDot("[ \"$1\" = -Tsvg ] || exit 2; echo '<svg>'; cat; echo '</svg>'");
  auto svg = RenderSvg("digraph G { a -> b }", options);
  ASSERT_TRUE(svg.ok()) << svg.status();
  EXPECT_EQ(*svg, "<svg>\ndigraph G { a -> b }</svg>\n");
  EXPECT_EQ(LeftInTmp(), 0);
}

TEST_F(RenderSvgTest, MissingGraphvizIsAClearError) {
  auto svg = RenderSvg("digraph G {}", "concert-no-such-dot-program");
  ASSERT_EQ(svg.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(svg.status().message()),
              HasSubstr("install Graphviz"));
}

}  // namespace
}  // namespace concert::coordinator
