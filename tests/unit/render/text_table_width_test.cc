// The terminal table's column limits and the cut they make: a cut cell ends
// in "…" and is exactly as wide as the limit, colour codes included.
#include <gtest/gtest.h>

#include "clients/concert/render/format_text.h"
#include "clients/concert/render/text_table.h"

namespace concert::cli {
namespace {

TEST(TruncateToWidth, CutsByCharactersAndEndsInAnEllipsis) {
  EXPECT_EQ(TruncateToWidth("short", 10), "short");
  EXPECT_EQ(TruncateToWidth("exactly", 7), "exactly");
  EXPECT_EQ(TruncateToWidth("Côte d'Ivoire", 5), "Côte…");
  EXPECT_EQ(TruncateToWidth("→→→→", 2), "→…");
  EXPECT_EQ(TruncateToWidth("abc", 1), "…");
  EXPECT_EQ(TruncateToWidth("abc", 0), "");
  EXPECT_EQ(TruncateToWidth("ab cd", 4), "ab…");
}

TEST(TruncateToWidth, KeepsColourCodesAndResetsAfterACut) {
  const std::string red = Styled("objection", Style::kRed, true);
  EXPECT_EQ(TruncateToWidth(red, 20), red);
  const std::string cut = TruncateToWidth(red, 4);
  EXPECT_EQ(DisplayWidth(cut), 4);
  EXPECT_EQ(cut, "\x1b[31mobj…\x1b[0m");
}

TEST(TextTableMaxWidth, CutsCellsAndHeaderToTheLimit) {
  TextTable table({"ID", "DESCRIPTION", "STATE"});
  table.AddRow({"a", "a very long description of the row", "ok"});
  table.AddRow({"b", "short", "failed"});
  table.SetMaxWidth(1, 8);
  table.SetMaxWidth(7, 3);  // no such column: ignored
  EXPECT_EQ(table.Render(),
            "ID  DESCRIP…  STATE\n"
            "a   a very…   ok\n"
            "b   short     failed\n");
}

TEST(TextTableMaxWidth, WithoutLimitsRendersAsBefore) {
  TextTable table({"A", "B"});
  table.AddRow({"x", "a long cell stays whole"});
  table.SetMaxWidth(1, 0);
  EXPECT_EQ(table.Render(), "A  B\nx  a long cell stays whole\n");
}

}  // namespace
}  // namespace concert::cli
