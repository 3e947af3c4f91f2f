// The terminal table: columns as wide as their widest cell in characters,
// so that a long or non-ASCII name does not push the next column out of
// line.
#include "clients/concert/render/text_table.h"

#include "gtest/gtest.h"

namespace concert::cli {
namespace {

TEST(TextTableTest, ColumnsFitTheirWidestCellInCharacters) {
  TextTable table({"ID", "NAME", "HEALTH"});
  table.AddRow({"DPRK", "Democratic People's Republic of Korea", "SERVING"});
  table.AddRow({"CIV", "Côte d'Ivoire", "DOWN"});
  table.AddRow({"X"});
  EXPECT_EQ(table.Render(),
            "ID    NAME                                   HEALTH\n"
            "DPRK  Democratic People's Republic of Korea  SERVING\n"
            "CIV   Côte d'Ivoire                          DOWN\n"
            "X\n");
}

}  // namespace
}  // namespace concert::cli
