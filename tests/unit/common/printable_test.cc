#include "services/common/printable.h"

#include <string>

#include <gtest/gtest.h>

namespace concert {
namespace {

TEST(PrintableTest, PlainTextIsUnchanged) {
  EXPECT_EQ(Printable("Six-Party Talks, 2005 \xe2\x80\x94 \xed\x95\x9c"),
            "Six-Party Talks, 2005 \xe2\x80\x94 \xed\x95\x9c");
}

TEST(PrintableTest, ControlsAreWrittenAsEscapes) {
  EXPECT_EQ(Printable("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(Printable("bell\x07"), "bell\\x07");
  EXPECT_EQ(Printable("del\x7f"), "del\\x7f");
  EXPECT_EQ(Printable("csi\xc2\x9b"), "csi\\x9b");
  EXPECT_EQ(Printable("rtl\xe2\x80\xae"), "rtl\\u202e");
  EXPECT_EQ(Printable("iso\xe2\x81\xa6"), "iso\\u2066");
}

TEST(PrintableTest, LineBreaksOnlyWhereAsked) {
  EXPECT_EQ(Printable("a\nb\tc"), "a\\x0ab\\x09c");
  EXPECT_EQ(Printable("a\nb\tc", /*keep_line_breaks=*/true), "a\nb\tc");
  EXPECT_EQ(Printable("a\rb", true), "a\\x0db");
}

TEST(PrintableTest, InvalidUtf8IsWrittenByteByByte) {
  EXPECT_EQ(Printable("caf\xe9"), "caf\\xe9");
  EXPECT_EQ(Printable("\xc0\xaf"), "\\xc0\\xaf");           // overlong '/'
  EXPECT_EQ(Printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(Printable("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");
  EXPECT_EQ(Printable("cut\xe2\x80"), "cut\\xe2\\x80");
}

TEST(PrintableTest, NextCodePointDecodesEveryLength) {
  const std::string text = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
  std::size_t i = 0;
  char32_t c = 0;
  std::u32string seen;
  while (i < text.size()) {
    ASSERT_TRUE(NextCodePoint(text, &i, &c));
    seen.push_back(c);
  }
  EXPECT_EQ(seen, (std::u32string{U'a', U'\u00e9', U'\u20ac', U'\U0001F600'}));
}

}  // namespace
}  // namespace concert
