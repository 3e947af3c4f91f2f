#include "clients/concert/render/format_text.h"

#include "gtest/gtest.h"

namespace concert::cli {
namespace {

TEST(DisplayWidthTest, CountsCodePointsAndSkipsAnsi) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("✔ support"), 9);
  EXPECT_EQ(DisplayWidth("x ≥ 4"), 5);
  EXPECT_EQ(DisplayWidth("\x1b[32mok\x1b[0m"), 2);
  EXPECT_EQ(DisplayWidth(""), 0);
}

TEST(PadRightTest, PadsByDisplayWidth) {
  EXPECT_EQ(PadRight("✘", 3), "✘  ");
  EXPECT_EQ(PadRight("long", 2), "long");
}

TEST(WrapTest, BreaksAtSpacesWithinWidth) {
  auto lines = Wrap("the quick brown fox jumps over the lazy dog", 15);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "the quick brown");
  EXPECT_EQ(lines[1], "fox jumps over");
  EXPECT_EQ(lines[2], "the lazy dog");
  EXPECT_TRUE(Wrap("   ", 20).empty());
}

TEST(WrapTest, LongWordGetsItsOwnLine) {
  auto lines = Wrap("a supercalifragilisticexpialidocious b", 12);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], "supercalifragilisticexpialidocious");
}

TEST(WrapListTest, SeparatorStaysAtLineEnd) {
  auto lines = WrapList({"alpha", "beta", "gamma", "delta"}, " → ", 16);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "alpha → beta →");
  EXPECT_EQ(lines[1], "gamma → delta");
}

TEST(WrapWithPrefixTest, IndentsContinuationLines) {
  EXPECT_EQ(WrapWithPrefix("ab: ", "one two three four", 14),
            "ab: one two\n    three four\n");
  EXPECT_EQ(WrapWithPrefix("ab: ", "", 14), "");
}

TEST(WrapHangingTest, ContinuationHangsAtTheGivenColumn) {
  EXPECT_EQ(WrapHanging("Label: ", "one two three four five", 20, 2),
            "Label: one two three\n  four five\n");
}

TEST(StyledTest, PlainWhenDisabled) {
  EXPECT_EQ(Styled("x", Style::kRed, false), "x");
  EXPECT_EQ(Styled("x", Style::kRed, true), "\x1b[31mx\x1b[0m");
}

}  // namespace
}  // namespace concert::cli
