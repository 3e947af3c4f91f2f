// Every shipped draft's proposal-level graph as a browser shows it: each
// draft of scenarios/drafts/ explored on the six-party scenario (in this
// process, with the built-in party models) and drawn with Graphviz; the SVG
// must carry the title, the legend and every proposal id of the draft. One
// page shows every SVG, opened in headless Chromium and screenshotted (one
// browser start, not one per draft). The SVGs, the page and the screenshot
// stay under the build's Testing/ folder, named in the log, for people to
// look at.
// Chromium and Graphviz are test dependencies (scripts/test installs them):
// missing, the test fails and says so.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/graphviz.h"
#include "clients/concert/render/proposal_graph.h"
#include "services/common/text_format_loader.h"
#include "services/coordinator/core/in_process_vote_source.h"
#include "services/coordinator/explore/explorer.h"
#include "tests/support/net/child_process.h"

namespace concert::coordinator {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  for (absl::string_view dir : absl::StrSplit(path, ':', absl::SkipEmpty())) {
    const std::string candidate = absl::StrCat(dir, "/", name);
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

std::vector<fs::path> ShippedDrafts() {
  std::vector<fs::path> drafts;
  for (const auto& entry : fs::directory_iterator(fs::path(CONCERT_SOURCE_DIR) /
                                                  "scenarios" / "drafts")) {
    if (entry.path().extension() == ".textproto") {
      drafts.push_back(entry.path());
    }
  }
  std::sort(drafts.begin(), drafts.end());
  return drafts;
}

TEST(ProposalGraphInBrowser, EveryShippedDraftDrawsWithTitleLegendAndIds) {
  const std::string chromium = FindOnPath("chromium");
  ASSERT_FALSE(chromium.empty())
      << "chromium is not installed (not on PATH). scripts/test installs it "
         "with the other test packages; or: apt-get install chromium";
  ASSERT_FALSE(FindOnPath("dot").empty())
      << "Graphviz is not installed; apt-get install graphviz";
  const fs::path dir =
      fs::path(CONCERT_BINARY_DIR) / "Testing" / "proposal-graphs";
  fs::create_directories(dir);
  const fs::path profile = dir / absl::StrCat("chromium-profile-", getpid());

  auto scenario = LoadScenario(
      absl::StrCat(CONCERT_SOURCE_DIR, "/scenarios/six-party.textproto"));
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  const std::vector<fs::path> drafts = ShippedDrafts();
  ASSERT_GE(drafts.size(), 10u);
  std::string page =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Proposal "
      "graphs</title><style>img{display:block;max-width:100%;margin:0 0 "
      "24px}</style></head><body>\n";
  for (const fs::path& path : drafts) {
    SCOPED_TRACE(path.filename().string());
    auto draft = LoadDraft(path.string());
    ASSERT_TRUE(draft.ok()) << draft.status();
    const auto start = std::chrono::steady_clock::now();
    InProcessVoteSource source(*scenario);
    auto exploration = Explore({&*scenario, &*draft, "", {}}, {}, source);
    ASSERT_TRUE(exploration.ok()) << exploration.status();

    SvgOptions options;
    options.subject = draft->id();
    auto svg = RenderSvg(ProposalGraphDot(*exploration, *draft), options);
    ASSERT_TRUE(svg.ok()) << svg.status();
    // Graphviz writes '-' as "&#45;" in SVG text.
    const std::string text = absl::StrReplaceAll(*svg, {{"&#45;", "-"}});
    // The title (the draft's id beside its title), the legend, and every
    // proposal by its id.
    EXPECT_THAT(text, HasSubstr(absl::StrCat("(", draft->id(), ")")));
    EXPECT_THAT(text, HasSubstr("variant: baseline"));
    EXPECT_THAT(text, HasSubstr(">Legend<"));
    for (const v1::Proposal& p : draft->proposals()) {
      EXPECT_THAT(text, HasSubstr(absl::StrCat(" ", p.id(), "</text>")))
          << p.id();
    }
    std::cout << draft->id() << ": explored and drawn in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - start)
                     .count()
              << " ms" << std::endl;
    const std::string file = absl::StrCat(draft->id(), ".svg");
    std::ofstream(dir / file) << *svg;
    absl::StrAppend(&page, "<img src=\"", file, "\" alt=\"", draft->id(),
                    "\">\n");
  }
  absl::StrAppend(&page, "</body></html>\n");
  const fs::path html = dir / "index.html";
  std::ofstream(html) << page;

  const fs::path png = dir / "proposal-graphs.png";
  std::error_code ignored;
  fs::remove(png, ignored);
  const testing::CommandResult shot = testing::RunCommand(
      {chromium, "--headless", "--no-sandbox", "--disable-gpu",
       absl::StrCat("--user-data-dir=", profile.string()),
       "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
       absl::StrCat("--screenshot=", png.string()),
       absl::StrCat("--window-size=1400,", 900 * drafts.size()),
       absl::StrCat("file://", html.string())});
  fs::remove_all(profile, ignored);
  EXPECT_EQ(shot.exit_code, 0) << shot.err;
  ASSERT_TRUE(fs::exists(png)) << png;
  std::ifstream in(png, std::ios::binary);
  std::string signature(8, '\0');
  in.read(signature.data(), 8);
  EXPECT_EQ(signature, "\x89PNG\r\n\x1a\n");
  // A blank page compresses to a few kilobytes; a dozen graphs do not.
  EXPECT_GT(fs::file_size(png), 200'000u);
  std::cout << "the drafts' proposal-level graphs: " << html.string()
            << "\nscreenshot: " << png.string() << std::endl;
}

}  // namespace
}  // namespace concert::coordinator
