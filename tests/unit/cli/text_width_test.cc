// Output that fits the terminal (issue 12): the width chosen from the
// terminal, $COLUMNS or the default; the display width of Unicode text;
// cutting and wrapping that never split a word; and tables that fit a width
// by wrapping columns, leaving optional ones out, or printing a block per
// row.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/concert/commands/terminal_width.h"
#include "clients/concert/render/code_point_width.h"
#include "clients/concert/render/format_text.h"
#include "clients/concert/render/text_table.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace concert::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

std::vector<std::string> Words(const std::string& text) {
  return absl::StrSplit(text, absl::ByAnyChar(" \n"), absl::SkipEmpty());
}

// The words of `text` in sorted order: a wrapped table reads its cells'
// words in another order, but must hold the same ones, whole.
std::vector<std::string> SortedWords(const std::string& text) {
  std::vector<std::string> words = Words(text);
  std::sort(words.begin(), words.end());
  return words;
}

TEST(ChooseOutputWidthTest, TerminalThenColumnsThenDefaultNeverBelowMinimum) {
  EXPECT_EQ(ChooseOutputWidth(132, "80"), 132);
  EXPECT_EQ(ChooseOutputWidth(std::nullopt, "80"), 80);
  EXPECT_EQ(ChooseOutputWidth(0, "90"), 90);  // no terminal width known
  EXPECT_EQ(ChooseOutputWidth(std::nullopt, nullptr), kDefaultOutputWidth);
  EXPECT_EQ(ChooseOutputWidth(std::nullopt, ""), kDefaultOutputWidth);
  EXPECT_EQ(ChooseOutputWidth(std::nullopt, "wide"), kDefaultOutputWidth);
  EXPECT_EQ(ChooseOutputWidth(std::nullopt, "-5"), kDefaultOutputWidth);
  EXPECT_EQ(ChooseOutputWidth(40, "120"), kMinOutputWidth);
  EXPECT_EQ(ChooseOutputWidth(std::nullopt, "20"), kMinOutputWidth);
  EXPECT_EQ(kMinOutputWidth, 60);
  EXPECT_EQ(kDefaultOutputWidth, 100);
}

TEST(CodePointWidthTest, WideZeroAndNarrow) {
  EXPECT_EQ(CodePointWidth(U'a'), 1);
  EXPECT_EQ(CodePointWidth(U'é'), 1);
  EXPECT_EQ(CodePointWidth(U'✔'), 1);
  EXPECT_EQ(CodePointWidth(U'→'), 1);
  EXPECT_EQ(CodePointWidth(U'北'), 2);          // CJK ideograph
  EXPECT_EQ(CodePointWidth(U'한'), 2);          // Hangul syllable
  EXPECT_EQ(CodePointWidth(U'Ａ'), 2);          // fullwidth A
  EXPECT_EQ(CodePointWidth(U'\U0001F600'), 2);  // emoji
  EXPECT_EQ(CodePointWidth(U'\u0301'), 0);      // combining acute
  EXPECT_EQ(CodePointWidth(U'\u200D'), 0);      // zero-width joiner
  EXPECT_EQ(CodePointWidth(U'\u200B'), 0);      // zero-width space
  EXPECT_EQ(CodePointWidth(U'\u00AD'), 1);      // soft hyphen: shown
  EXPECT_EQ(CodePointWidth(U'\x1b'), 0);        // a control character
}

TEST(DisplayWidthTest, UnicodeAware) {
  EXPECT_EQ(DisplayWidth("北京"), 4);
  EXPECT_EQ(DisplayWidth("조선민주주의인민공화국"), 22);
  EXPECT_EQ(DisplayWidth("e\u0301"), 1);  // e + combining acute
  EXPECT_EQ(DisplayWidth("Côte d'Ivoire"), 13);
  // A family emoji: three wide emoji joined by two zero-width joiners is
  // counted 6 (terminals differ; no joined emoji are printed here).
  EXPECT_EQ(DisplayWidth("\U0001F468\u200D\U0001F469\u200D\U0001F467"), 6);
  EXPECT_EQ(DisplayWidth("\x1b[1m北\x1b[0m"), 2);
  // Malformed UTF-8 takes a column a byte.
  EXPECT_EQ(DisplayWidth("a\xff\xfe"), 3);
  EXPECT_EQ(DisplayWidth("\xe5\x8c"), 2);  // a cut-off sequence
}

TEST(PadRightTest, WideCharactersPadByColumns) {
  EXPECT_EQ(PadRight("北京", 6), "北京  ");
}

TEST(TruncateToWidthTest, NeverSplitsAWideCharacter) {
  EXPECT_EQ(TruncateToWidth("北京上海", 5), "北京…");
  EXPECT_EQ(DisplayWidth(TruncateToWidth("北京上海", 5)), 5);
  EXPECT_EQ(TruncateToWidth("北京上海", 4), "北…");
  EXPECT_EQ(TruncateToWidth("cafe\u0301 noir", 6), "cafe\u0301…");
}

TEST(WrapTest, WideWordsWrapByColumns) {
  const std::vector<std::string> lines =
      Wrap("北京 上海 广州 深圳 天津 重庆", 12);
  for (const std::string& line : lines) EXPECT_LE(DisplayWidth(line), 12);
  EXPECT_EQ(lines[0], "北京 上海");
}

TEST(WrapLongLinesTest, WrapsOnlyLinesTooWideKeepingTheirIndent) {
  const std::string text = absl::StrCat(
      "short    aligned\n", "  a.textproto:3:1: ",
      "an unknown field requires that is not a field of the message "
      "concert.v1.Proposal\n");
  const std::string out = WrapLongLines(text, 40);
  const std::vector<std::string> lines = Lines(out);
  EXPECT_EQ(lines[0], "short    aligned");
  EXPECT_EQ(lines[1].rfind("  a.textproto:3:1:", 0), 0u);
  for (std::size_t i = 2; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].rfind("    ", 0), 0u) << lines[i];
  }
  for (const std::string& line : lines) EXPECT_LE(DisplayWidth(line), 40);
  EXPECT_EQ(Words(out), Words(text));
}

TextTable PartiesTable() {
  TextTable table({"ID", "NAME", "ADDRESS", "WEIGHT", "HEALTH", "VERSION"});
  table.AddRow(
      {"USA", "United States", "127.0.0.1:40101", "1.00", "SERVING", "0.9.0"});
  table.AddRow({"DPRK", "Democratic People's Republic of Korea",
                "127.0.0.1:40106", "1.00", "SERVING", "0.9.0"});
  table.AddRow({"PRC", "中华人民共和国", "127.0.0.1:40102", "1.00", "no health",
                "0.9.0"});
  table.SetWrap(1);
  table.SetWrap(4);
  return table;
}

TEST(TextTableFitTest, WideEnoughIsTheUnlimitedTable) {
  const TextTable table = PartiesTable();
  EXPECT_EQ(table.Render(200), table.Render());
}

TEST(TextTableFitTest, WrapColumnsWrapAtSpacesAndColumnsStayAligned) {
  const TextTable table = PartiesTable();
  const std::string out = table.Render(80);
  const std::vector<std::string> lines = Lines(out);
  for (const std::string& line : lines) EXPECT_LE(DisplayWidth(line), 80);
  // The long name takes more lines of its row; the address column starts at
  // the same column on every line that has one.
  EXPECT_GT(lines.size(), 4u);
  const int address_at =
      DisplayWidth(lines[0].substr(0, lines[0].find("ADDRESS")));
  for (const std::string& line : lines) {
    const std::size_t at = line.find("127.0.0.1");
    if (at == std::string::npos) continue;
    EXPECT_EQ(DisplayWidth(line.substr(0, at)), address_at) << line;
  }
  EXPECT_EQ(SortedWords(out), SortedWords(table.Render())) << out;
}

TEST(TextTableFitTest, TooNarrowForATableGivesABlockPerRow) {
  const TextTable table = PartiesTable();
  const std::string out = table.Render(60);
  for (const std::string& line : Lines(out)) {
    EXPECT_LE(DisplayWidth(line), 60) << line;
  }
  EXPECT_THAT(out, HasSubstr("DPRK\n  name Democratic People's Republic of "
                             "Korea\n  address 127.0.0.1:40106 ·"));
  EXPECT_THAT(out, HasSubstr("address 127.0.0.1:40106"));
  EXPECT_THAT(out, HasSubstr("health no health"));
  EXPECT_THAT(out, Not(HasSubstr("ADDRESS")));
}

TEST(TextTableFitTest, OptionalColumnsGoBeforeTheTableBreaksUp) {
  TextTable table({"ID", "KIND", "OUTCOME"});
  table.AddRow({"session-20261127-230726-abef00", "session",
                "consensus: all 12 proposals adopted in 15 rounds"});
  table.SetOptional(1);
  table.SetWrap(2);
  const std::string wide = table.Render(120);
  EXPECT_THAT(wide, HasSubstr("KIND"));
  const std::string narrow = table.Render(60);
  EXPECT_THAT(narrow, Not(HasSubstr("KIND")));
  EXPECT_THAT(narrow, HasSubstr("ID                              OUTCOME"));
  for (const std::string& line : Lines(narrow)) {
    EXPECT_LE(DisplayWidth(line), 60) << line;
  }
}

TEST(TextTableFitTest, EveryWidthFitsAndKeepsEveryWord) {
  const TextTable table = PartiesTable();
  for (int width = 60; width <= 130; ++width) {
    SCOPED_TRACE(absl::StrCat("width ", width));
    const std::string out = table.Render(width);
    for (const std::string& line : Lines(out)) {
      EXPECT_LE(DisplayWidth(line), width) << line;
    }
    for (const std::string& word : Words(table.Render())) {
      // Headers become labels in the block form.
      if (word == "ID" || word == "NAME" || word == "ADDRESS" ||
          word == "WEIGHT" || word == "HEALTH" || word == "VERSION") {
        continue;
      }
      EXPECT_THAT(out, HasSubstr(word));
    }
  }
}

}  // namespace
}  // namespace concert::cli
