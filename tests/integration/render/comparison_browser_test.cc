// The comparison's HTML page as a browser sees it: headless Chromium dumps
// the DOM it built from the file (so the page parses as meant, not only as
// written) and takes a screenshot, which the test keeps and names in its log.
// Chromium is a test dependency (scripts/test installs it): missing, the
// test fails and says so, rather than passing without having looked.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/comparison_report.h"
#include "tests/support/comparison_fixture.h"
#include "tests/support/net/child_process.h"

namespace concert::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

// The first executable `name` on PATH, or "".
std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  for (absl::string_view dir : absl::StrSplit(path, ':', absl::SkipEmpty())) {
    const std::string candidate = absl::StrCat(dir, "/", name);
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

int Occurrences(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

class ComparisonInBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = FindOnPath("chromium");
    ASSERT_FALSE(chromium_.empty())
        << "chromium is not installed (not on PATH). scripts/test installs "
           "it with the other test packages (CONCERT_TEST_PACKAGES in "
           "scripts/lib/setup.sh); or: apt-get install chromium";
    // Under the build's Testing/ folder, where ctest keeps its own output:
    // the screenshot stays there for people to look at.
    dir_ = fs::path(CONCERT_BINARY_DIR) / "Testing" / "comparison-report";
    fs::create_directories(dir_);
    profile_ = dir_ / absl::StrCat("chromium-profile-", getpid());
    fixture_ = testing::SixPartyComparison();
    auto html = ComparisonHtml(fixture_.comparison, fixture_.drafts);
    ASSERT_TRUE(html.ok()) << html.status();
    // A page per test: ctest runs them in parallel.
    page_ = dir_ /
            absl::StrCat(
                "comparison-",
                ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                ".html");
    std::ofstream(page_) << *html;
    ASSERT_TRUE(fs::exists(page_));
  }

  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(profile_, ignored);
  }

  // Chromium headless on the page with `flags`; fails the test when it
  // does not exit 0.
  testing::CommandResult Chromium(const std::vector<std::string>& flags) {
    std::vector<std::string> argv = {
        chromium_, "--headless", "--no-sandbox", "--disable-gpu",
        // A profile of its own: no state shared with other runs or users.
        absl::StrCat("--user-data-dir=", profile_.string()),
        "--disable-dev-shm-usage", "--no-first-run"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.push_back(absl::StrCat("file://", page_.string()));
    testing::CommandResult result = testing::RunCommand(argv);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result;
  }

  std::string chromium_;
  fs::path dir_, profile_, page_;
  testing::RealisticComparison fixture_;
};

TEST_F(ComparisonInBrowser, TheDomHasTheTableEveryGraphThePlotAndTheHeatMaps) {
  const testing::CommandResult result = Chromium({"--dump-dom"});
  const std::string& dom = result.out;
  ASSERT_THAT(dom, HasSubstr("</html>")) << result.err;
  EXPECT_THAT(dom, HasSubstr("id=\"comparison-table\""));
  // One line per row, after the header.
  const auto table = dom.find("id=\"comparison-table\"");
  ASSERT_NE(table, std::string::npos);
  const std::string rows =
      dom.substr(table, dom.find("</table>", table) - table);
  EXPECT_EQ(Occurrences(rows, "<tr"), fixture_.comparison.rows_size() + 1);
  // Every draft's graph is an SVG inside its container.
  const int drafts = fixture_.comparison.draft_ids_size();
  ASSERT_EQ(drafts, 2);
  EXPECT_EQ(Occurrences(dom, "class=\"consensus-graph\""), drafts);
  for (int i = 0; i < drafts; ++i) {
    const auto at = dom.find(absl::StrCat("id=\"graph-", i, "\""));
    ASSERT_NE(at, std::string::npos) << "graph " << i;
    const auto svg = dom.find("<svg", at);
    const auto end = dom.find("</div>", at);
    EXPECT_LT(svg, end) << "graph " << i << " has no SVG";
    EXPECT_THAT(dom, HasSubstr(fixture_.comparison.draft_ids(i)));
  }
  EXPECT_THAT(dom, Not(HasSubstr("class=\"graph-missing\"")));
  EXPECT_THAT(dom, HasSubstr("id=\"robustness-plot\""));
  EXPECT_EQ(Occurrences(dom, "class=\"heat-map\""), drafts);
}

TEST_F(ComparisonInBrowser, TakesAScreenshot) {
  const fs::path png = dir_ / "comparison.png";
  std::error_code ignored;
  fs::remove(png, ignored);
  Chromium({absl::StrCat("--screenshot=", png.string()),
            "--window-size=1400,2000", "--hide-scrollbars"});
  ASSERT_TRUE(fs::exists(png)) << png;
  std::ifstream in(png, std::ios::binary);
  std::string signature(8, '\0');
  in.read(signature.data(), 8);
  EXPECT_EQ(signature, "\x89PNG\r\n\x1a\n");
  // A blank 1400x2000 page compresses to a few kilobytes; text, a table and
  // two graphs take far more.
  EXPECT_GT(fs::file_size(png), 50'000u);
  std::cout << "screenshot of the comparison page: " << png.string()
            << std::endl;
}

}  // namespace
}  // namespace concert::cli
