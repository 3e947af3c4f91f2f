// Numbers on command lines: what CLI11 alone would let through.
#include "services/common/number_flags.h"

#include <cstdint>
#include <limits>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace concert {
namespace {

using ::testing::HasSubstr;

std::string Check(const CLI::Validator& v, std::string text) { return v(text); }

TEST(NumberFlagsTest, WholeNumbersAreDigitsInRange) {
  const CLI::Validator v = WholeNumber(1, 1000);
  EXPECT_EQ(Check(v, "1"), "");
  EXPECT_EQ(Check(v, "1000"), "");
  for (const char* bad : {"0", "1001", "-5", "+5", "5.0", "1e3", "nan", "",
                          " 5", "0x10", "99999999999999999999999"}) {
    EXPECT_THAT(Check(v, bad), HasSubstr("is not a whole number from 1 to "
                                         "1000"))
        << bad;
  }
}

TEST(NumberFlagsTest, TheWholeRangeOfAnUnsigned) {
  const CLI::Validator v =
      WholeNumber(0, std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(Check(v, "18446744073709551615"), "");
  EXPECT_NE(Check(v, "18446744073709551616"), "");
  EXPECT_NE(Check(v, "-1"), "");
}

TEST(NumberFlagsTest, FiniteNumbersInRange) {
  const CLI::Validator share = FiniteNumber(0, 1, /*min_excluded=*/true);
  EXPECT_EQ(Check(share, "0.5"), "");
  EXPECT_EQ(Check(share, "1"), "");
  for (const char* bad :
       {"0", "-0.1", "1.5", "nan", "NaN", "inf", "-inf", "1e400", "x", ""}) {
    EXPECT_THAT(Check(share, bad), HasSubstr("is not a number in (0, 1]"))
        << bad;
  }
  EXPECT_EQ(Check(FiniteNumber(0, 1), "0"), "");
}

TEST(NumberFlagsTest, ParseFiniteNumber) {
  EXPECT_EQ(*ParseFiniteNumber("0.25"), 0.25);
  EXPECT_FALSE(ParseFiniteNumber("nan").ok());
  EXPECT_FALSE(ParseFiniteNumber("1e400").ok());
  EXPECT_FALSE(ParseFiniteNumber("zero").ok());
}

}  // namespace
}  // namespace concert
