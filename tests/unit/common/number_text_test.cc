// One number style for counts and shares, in the client's reports and in
// the outcome lines the coordinator stores.
#include "services/common/number_text.h"

#include <gtest/gtest.h>

namespace concert {
namespace {

TEST(GroupedCountTest, GroupsAtAnyLength) {
  EXPECT_EQ(GroupedCount("0"), "0");
  EXPECT_EQ(GroupedCount("999"), "999");
  EXPECT_EQ(GroupedCount("11440"), "11,440");
  EXPECT_EQ(GroupedCount("2432902008176640000"), "2,432,902,008,176,640,000");
  EXPECT_EQ(GroupedCount("000123"), "123");
  EXPECT_EQ(GroupedCount("000"), "0");
  EXPECT_EQ(GroupedCount("12a"), "12a");  // not a count: as given
  EXPECT_EQ(GroupedCount(""), "");
}

TEST(ShareTextTest, SignificantFiguresNeverScientificNeverFalselyRound) {
  EXPECT_EQ(ShareText(0), "0%");
  EXPECT_EQ(ShareText(1), "100%");
  EXPECT_EQ(ShareText(0.375), "37.5%");
  EXPECT_EQ(ShareText(0.000337), "0.0337%");   // records list said "0.0%"
  EXPECT_EQ(ShareText(4.3e-19), "< 0.0001%");  // was "4.3e-17%"
  EXPECT_EQ(ShareText(1 - 1e-12), "> 99.9999%");
  EXPECT_EQ(ShareText(0.99995), "99.995%");
  for (double share : {1e-9, 1e-6, 0.001, 0.5, 0.999, 0.999999}) {
    const std::string text = ShareText(share);
    EXPECT_EQ(text.find('e'), std::string::npos) << text;
    EXPECT_NE(text, "0%");
    EXPECT_NE(text, "100%");
  }
}

}  // namespace
}  // namespace concert
