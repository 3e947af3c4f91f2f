// The terminal report of a comparison: whatever the width, no line is wider
// (measured as the terminal counts, DisplayWidth), the table keeps the
// columns that say which row it is and whether the charter is reachable,
// and a wide terminal shows everything.
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clients/concert/render/comparison_fit.h"
#include "clients/concert/render/comparison_report.h"
#include "clients/concert/render/comparison_table.h"
#include "clients/concert/render/format_text.h"
#include "tests/support/comparison_fixture.h"

namespace concert::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The explorations of the shipped forum, made once for every test here.
const testing::RealisticComparison& SixParty() {
  static const testing::RealisticComparison* fixture =
      new testing::RealisticComparison(testing::SixPartyComparison());
  return *fixture;
}

class FitsTheWidth : public ::testing::TestWithParam<int> {};

TEST_P(FitsTheWidth, NoLineIsWiderThanTheTerminal) {
  const int width = GetParam();
  const v1::Comparison small = testing::SmallComparison();
  for (const v1::Comparison* c : {&small, &SixParty().comparison}) {
    for (bool color : {false, true}) {
      const std::string text =
          ComparisonText(*c, {.width = width, .color = color});
      ASSERT_FALSE(text.empty());
      EXPECT_EQ(text.back(), '\n');
      for (const std::string& line : Lines(text)) {
        EXPECT_LE(DisplayWidth(line), width)
            << "width " << width << (color ? " (colour)" : "") << ": " << line;
      }
      // Every draft is named in the table (perhaps cut).
      for (const std::string& id : c->draft_ids()) {
        EXPECT_THAT(text, HasSubstr(id.substr(0, 5)));
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Widths, FitsTheWidth, ::testing::Values(60, 100, 200));

TEST(ComparisonText, NarrowTerminalsKeepTheRowsIdentityAndOutcome) {
  const v1::Comparison c = testing::SmallComparison();
  const std::string text = ComparisonText(c, {.width = 60});
  const std::vector<std::string> lines = Lines(text);
  // The table's header line comes after the title and study lines.
  const auto header = std::find_if(
      lines.begin(), lines.end(),
      [](const std::string& l) { return l.rfind("draft", 0) == 0; });
  ASSERT_NE(header, lines.end()) << text;
  EXPECT_THAT(*header, HasSubstr("variant"));
  EXPECT_THAT(*header, HasSubstr("rule"));
  EXPECT_THAT(*header, HasSubstr("what-if"));
  EXPECT_THAT(*header, HasSubstr("full"));
  // The least important columns went first.
  EXPECT_THAT(*header, Not(HasSubstr("admissible")));
  EXPECT_THAT(*header, Not(HasSubstr("blocked by")));
  // The rule in its narrow form, which still tells the rules apart.
  EXPECT_THAT(text, HasSubstr("consensus/blocks"));
  EXPECT_THAT(text, HasSubstr("cons−1/blocks"));
  // No room for the error column: the errors follow the table.
  EXPECT_THAT(*header, Not(HasSubstr("error")));
  EXPECT_THAT(text, HasSubstr("Errors\n  beta · baseline · consensus (absent "
                              "party blocks)\n    party B unreachable"));
}

TEST(ComparisonText, MiddlingTerminalsCutCellsRatherThanWrap) {
  const v1::Comparison c = testing::SmallComparison();
  const std::string text = ComparisonText(c, {.width = 100});
  EXPECT_THAT(text, HasSubstr("…"));
  EXPECT_THAT(text, HasSubstr("robustness"));
  // Each row of the table is one line.
  int rows = 0;
  for (const std::string& line : Lines(text)) {
    rows += line.rfind("alpha ", 0) == 0 || line.rfind("beta ", 0) == 0;
  }
  EXPECT_EQ(rows, c.rows_size()) << text;
}

TEST(ComparisonText, WideTerminalsShowEveryColumnAndSection) {
  const v1::Comparison c = testing::SmallComparison();
  const std::string text = ComparisonText(c, {.width = 0});
  for (const char* header :
       {"draft", "variant", "rule", "what-if", "admissible", "consensus",
        "share", "full", "largest", "top blocker", "blocked by", "pivotal",
        "best sequence", "robustness", "error"}) {
    EXPECT_THAT(text, HasSubstr(header)) << header;
  }
  // Baseline for the empty variant, "—" for no what-if, the rule with its
  // absent-party rule in every row.
  EXPECT_THAT(text, HasSubstr("baseline"));
  EXPECT_THAT(text, HasSubstr("—"));
  EXPECT_THAT(text, HasSubstr("consensus (absent party blocks)"));
  EXPECT_THAT(text, HasSubstr("consensus minus one (absent party blocks)"));
  // Counts grouped; the long best sequence abbreviated with its length.
  EXPECT_THAT(text, HasSubstr("1.31e12"));
  EXPECT_THAT(text, HasSubstr("confidence_building_measure_1 → "
                              "confidence_building_measure_2 → … → "
                              "confidence_building_measure_5 (5)"));
  EXPECT_THAT(text, HasSubstr("B, <P&1>"));
  EXPECT_THAT(text, HasSubstr("25% [19.5%–31.4%]"));
  EXPECT_THAT(text, HasSubstr("unavailable: a party has HISTORY memory"));
  EXPECT_THAT(text,
              HasSubstr("party B unreachable: connection refused, retried 3 "
                        "times"));
  // The sections.
  EXPECT_THAT(text, HasSubstr("Robustness: 200 perturbed forums per row, "
                              "spread 0.1, seed 7"));
  EXPECT_THAT(text, HasSubstr("sensitivity: B 15% (30 flips) · A 5% (10 "
                              "flips) · <P&1> 0% (0 flips)"));
  EXPECT_THAT(text, HasSubstr("beta against alpha"));
  EXPECT_THAT(text, HasSubstr("moved: p3: S1 → S2"));
  EXPECT_THAT(text, HasSubstr("prerequisites: p4: +p1 −p2"));
  EXPECT_THAT(text, HasSubstr("effects: p5 security: +1 → +0.5"));
  EXPECT_THAT(text, HasSubstr("stage order: changed"));
  EXPECT_THAT(text, HasSubstr("smallest: 2 moves, exact"));
  EXPECT_THAT(text, HasSubstr("78 move sets tried of 12 candidate moves"));
  EXPECT_THAT(text, HasSubstr("1. B, <P&1>: B lifts rule r1 (adopt p1); "
                              "<P&1> tolerates p4"));
  EXPECT_THAT(text, HasSubstr("note: found at size 2"));
}

TEST(ComparisonText, ColourIsOptional) {
  const v1::Comparison c = testing::SmallComparison();
  EXPECT_THAT(ComparisonText(c, {.width = 120}), Not(HasSubstr("\x1b[")));
  EXPECT_THAT(ComparisonText(c, {.width = 120, .color = true}),
              HasSubstr("\x1b[31mno\x1b[0m"));
}

TEST(ComparisonFit, DropsColumnsThatSayNothingFirst) {
  v1::Comparison c = testing::SmallComparison();
  c.mutable_rows()->DeleteSubrange(1, 1);  // the only what-if row
  const ComparisonTable table = BuildComparisonTable(c);
  const FittedColumns all = FitColumns(table, 0);
  const FittedColumns fitted = FitColumns(table, 150);
  const auto has = [&table](const FittedColumns& f, const std::string& id) {
    for (std::size_t col : f.columns) {
      if (table.columns[col].id == id) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(all, "what_if"));
  EXPECT_TRUE(has(all, "admissible_sequences"));
  EXPECT_FALSE(has(fitted, "what_if"));  // every row "—"
  EXPECT_TRUE(has(fitted, "draft"));
  int total = 2 * (static_cast<int>(fitted.widths.size()) - 1);
  for (int w : fitted.widths) total += w;
  EXPECT_LE(total, 150);
}

TEST(ComparisonText, TheRealisticComparisonReads) {
  const std::string text =
      ComparisonText(SixParty().comparison, {.width = 200});
  EXPECT_THAT(text, HasSubstr("paper-sequence"));
  EXPECT_THAT(text, HasSubstr("arf-three-stage"));
  EXPECT_THAT(text, HasSubstr("transformation"));
  EXPECT_THAT(text, HasSubstr("arf-three-stage against paper-sequence"));
}

}  // namespace
}  // namespace concert::cli
