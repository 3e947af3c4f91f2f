// The comparison as one HTML page: self-contained, every string from the
// data escaped, and the elements the browser test looks for — the table, the
// robustness plot, a graph figure per draft, the heat maps.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clients/concert/render/comparison_html_parts.h"
#include "clients/concert/render/comparison_report.h"
#include "tests/support/comparison_fixture.h"

namespace concert::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int Occurrences(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// A cell never rounds a party that objected to 0, nor one that did not
// always object to 100; the tooltip's counts are grouped.
TEST(ComparisonHtml, HeatMapCellsNeverRoundToTheEnds) {
  v1::ObjectionHeat heat;
  heat.add_parties(std::string("A"));
  for (const char* p : {"rare", "half", "almost", "none"}) {
    heat.add_proposals(std::string(p));
    heat.add_tabled(4000);
  }
  for (std::uint64_t objections : {1, 2000, 3999, 0}) {
    heat.add_objections(objections);
  }
  const std::string html = HeatMapTable(heat, "heat");
  EXPECT_THAT(html, HasSubstr("(0.025%)\">&lt;1</td>"));
  EXPECT_THAT(html, HasSubstr("(50%)\">50</td>"));
  EXPECT_THAT(html, HasSubstr("%)\">&gt;99</td>"));
  EXPECT_THAT(html, HasSubstr("in 3,999 of 4,000 sets"));
  EXPECT_THAT(html, HasSubstr("\"></td>"));
}

TEST(ComparisonHtml, EscapesEveryStringFromTheData) {
  const v1::Comparison c = testing::SmallComparison();
  auto html = ComparisonHtml(c, {});
  ASSERT_TRUE(html.ok()) << html.status();
  // The hostile party id and what-if never appear raw.
  EXPECT_THAT(*html, Not(HasSubstr("<P&1>")));
  EXPECT_THAT(*html, Not(HasSubstr("<b>")));
  EXPECT_THAT(*html, HasSubstr("&lt;P&amp;1&gt;"));
  EXPECT_THAT(*html, HasSubstr("q&quot;uote, &lt;b&gt;&amp;amp;"));
  // The structure.
  EXPECT_THAT(*html, HasSubstr("<!DOCTYPE html>"));
  EXPECT_THAT(*html, HasSubstr("id=\"comparison-table\""));
  EXPECT_THAT(*html, HasSubstr("id=\"robustness-plot\""));
  EXPECT_EQ(Occurrences(*html, "class=\"heat-map\""), 1);  // beta failed
  EXPECT_THAT(*html, HasSubstr("beta: no heat map."));
  EXPECT_THAT(*html, HasSubstr("Graph not included"));
  EXPECT_THAT(*html, HasSubstr("<td class=\"no\">no</td>"));
  EXPECT_THAT(*html, HasSubstr("<td class=\"error\">party B unreachable"));
  EXPECT_THAT(*html, HasSubstr("id=\"diffs\""));
  EXPECT_THAT(*html, HasSubstr("id=\"concessions\""));
  // One plotted line per row with samples (only the first has them).
  EXPECT_EQ(Occurrences(*html, "class=\"plot-row\""), 1);
}

TEST(ComparisonHtml, NeedsNothingFromTheNetwork) {
  const testing::RealisticComparison fixture = testing::SixPartyComparison();
  auto html = ComparisonHtml(fixture.comparison, fixture.drafts);
  ASSERT_TRUE(html.ok()) << html.status();
  for (const char* fetch :
       {"<script", "<link", " src=", "@import", "url(http", "href=\"http"}) {
    EXPECT_THAT(*html, Not(HasSubstr(fetch))) << fetch;
  }
  EXPECT_THAT(*html, HasSubstr("Content-Security-Policy"));
}

TEST(ComparisonHtml, DrawsEachDraftsGraphInline) {
  const testing::RealisticComparison fixture = testing::SixPartyComparison();
  auto html = ComparisonHtml(fixture.comparison, fixture.drafts);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_EQ(Occurrences(*html, "<div class=\"consensus-graph\""),
            fixture.comparison.draft_ids_size());
  EXPECT_EQ(Occurrences(*html, "<svg"),
            fixture.comparison.draft_ids_size() + 1);
  EXPECT_THAT(*html, Not(HasSubstr("<?xml")));
  EXPECT_THAT(*html, Not(HasSubstr("<!DOCTYPE svg")));
  // Two graphs on one page do not share element ids (each draft's
  // proposal-level graph is the SVG element "proposal-graph", which
  // Graphviz writes with '-' as "&#45;").
  EXPECT_THAT(*html, HasSubstr("id=\"graph0-proposal&#45;graph\""));
  EXPECT_THAT(*html, HasSubstr("id=\"graph1-proposal&#45;graph\""));
  EXPECT_EQ(Occurrences(*html, "class=\"heat-map\""),
            fixture.comparison.draft_ids_size());
}

TEST(ComparisonHtml, SaysWhenAGraphCannotBeDrawn) {
  const testing::RealisticComparison fixture = testing::SixPartyComparison();
  // No drafts given: nothing to draw the graphs over.
  auto html = ComparisonHtml(fixture.comparison, {});
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr("the draft was not given"));
  // Graphviz missing: the page says so and is still made.
  html = ComparisonHtml(fixture.comparison, fixture.drafts,
                        {.dot_program = "concert-no-such-dot"});
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr("Graph not drawn: Graphviz"));
  EXPECT_THAT(*html, HasSubstr("id=\"comparison-table\""));
}

}  // namespace
}  // namespace concert::cli
