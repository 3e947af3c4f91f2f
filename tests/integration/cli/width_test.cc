// Every text report of `concert` laid out for 60, 80 and 120 columns
// (issue 12), as $COLUMNS asks when the output is no terminal: no line is
// wider, and no word is split — each report holds the words of the same
// report laid out for 1000 columns. The one exception: a single word wider
// than the room it has (a long identifier under a deep indent, a long path)
// stays whole on a line of its own.
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/format_text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cli/environment_run.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

constexpr int kWidths[] = {60, 80, 120};

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

// The words of `text`, sorted and lowercased, each once, without those
// `skip` names (ids and timings that differ from one run to the next). A
// word split by a line break would show as two words neither has.
std::vector<std::string> Words(
    const std::string& text,
    const std::function<bool(const std::string&)>& skip) {
  std::vector<std::string> words;
  for (absl::string_view word :
       absl::StrSplit(text, absl::ByAnyChar(" \n"), absl::SkipEmpty())) {
    // Lowercased, once each, without the dots between items: a table's
    // header is a label of every row in a block per row.
    if (word == "·") continue;
    if (!skip || !skip(std::string(word))) {
      words.push_back(absl::AsciiStrToLower(word));
    }
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

bool IsRecordId(const std::string& word) {
  return absl::StrContains(word, "session-") ||
         absl::StrContains(word, "exploration-");
}

// The text before an exploration report's last line ("Explored 5 states ·
// 198 questions · 2 ms · 99k questions/s"), whose timings differ per run.
std::string WithoutTimings(const std::string& report) {
  const std::size_t at = report.rfind("\nExplored ");
  return at == std::string::npos ? report : report.substr(0, at);
}

// Every line of `text` fits `width` columns, or is one word.
void ExpectFits(const std::string& text, int width) {
  for (const std::string& line : Lines(text)) {
    if (cli::DisplayWidth(line) <= width) continue;
    EXPECT_EQ(std::string(absl::StripAsciiWhitespace(line)).find(' '),
              std::string::npos)
        << "a line of " << cli::DisplayWidth(line) << " columns at " << width
        << ":\n"
        << line;
  }
}

class WidthTest : public ::testing::Test {
 protected:
  // `concert ARGS...` with COLUMNS=`width` (and --db, when `db`).
  CommandResult Concert(int width, const std::vector<std::string>& args,
                        bool db = true) {
    std::vector<std::string> argv = {ConcertBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    if (db) argv.insert(argv.end(), {"--db", db_});
    return RunCommand(WithEnvironment({absl::StrCat("COLUMNS=", width)}, argv));
  }

  // `args` at each width fits it, with the words it has at 1000 columns
  // (but those `skip` names, in the part of the output `cut` keeps). The
  // output at 1000 columns. `widths`: the widths tried.
  std::string ExpectLaidOut(
      const std::vector<std::string>& args, bool db = true,
      const std::function<bool(const std::string&)>& skip = nullptr,
      const std::function<std::string(const std::string&)>& cut =
          [](const std::string& out) { return out; },
      const std::vector<int>& widths = {std::begin(kWidths),
                                        std::end(kWidths)}) {
    const CommandResult wide = Concert(1000, args, db);
    EXPECT_FALSE(wide.out.empty()) << wide.err;
    for (int width : widths) {
      SCOPED_TRACE(absl::StrCat(args[0], " at ", width, " columns"));
      const CommandResult narrow = Concert(width, args, db);
      EXPECT_EQ(narrow.exit_code, wide.exit_code) << narrow.err;
      ExpectFits(narrow.out, width);
      EXPECT_EQ(Words(cut(narrow.out), skip), Words(cut(wide.out), skip))
          << narrow.out;
    }
    return wide.out;
  }

  // The record id the first line of `out` names ("... session-...").
  static std::string IdIn(const std::string& out, const std::string& kind) {
    const std::size_t at = out.find(kind + "-");
    if (at == std::string::npos) return "";
    return out.substr(at, out.find_first_of(" \n", at) - at);
  }

  TempDir dir_;
  std::string db_ = dir_.File("records.db");
};

TEST_F(WidthTest, SessionTranscriptBriefAndRecord) {
  const std::string draft = ShippedDraftPath("paper-sequence");
  const std::string transcript =
      ExpectLaidOut({"run", draft, "--no-color"}, true, IsRecordId);
  EXPECT_THAT(transcript, HasSubstr("Round 1 "));
  const std::string brief =
      ExpectLaidOut({"run", draft, "--brief", "--no-color"}, true, IsRecordId);
  EXPECT_THAT(brief, HasSubstr("Round  1  ADOPTED"));
  EXPECT_LT(Lines(brief).size(), Lines(transcript).size() / 5);

  const std::string id = IdIn(brief, "session");
  ASSERT_FALSE(id.empty()) << brief;
  ExpectLaidOut({"records", "show", id, "--no-color"});
  // The listing: a table or a block per record, every id whole.
  for (int width : kWidths) {
    const CommandResult list =
        Concert(width, {"records", "list", "--limit", "0"});
    EXPECT_EQ(list.exit_code, 0) << list.err;
    ExpectFits(list.out, width);
    EXPECT_THAT(list.out, HasSubstr(id));
    EXPECT_THAT(list.out, HasSubstr("consensus"));  // the rule
  }
}

// Every width, on drafts whose blockers carry long red-line ids (the
// objections then go under their proposal) and whose stage titles are long.
TEST_F(WidthTest, ExplorationReportAndRecord) {
  for (const char* draft : {"action-for-action-2007", "paper-sequence",
                            "us-proposal-2004", "helsinki-template"}) {
    SCOPED_TRACE(draft);
    const std::string report =
        ExpectLaidOut({"explore", ShippedDraftPath(draft), "--no-color"}, true,
                      IsRecordId, WithoutTimings, {60, 80, 120});
    const std::string id = IdIn(report, "exploration");
    ASSERT_FALSE(id.empty()) << report;
    ExpectLaidOut({"records", "show", id, "--no-color"}, true, nullptr,
                  WithoutTimings, {60, 80, 120});
  }
}

// The comparison report fits by cutting cells with "…" (comparison_fit.h),
// so only its width is checked; the record's rows wrap whole.
TEST_F(WidthTest, ComparisonReportAndRecord) {
  const std::vector<std::string> compare = {
      "compare",
      ShippedDraftPath("action-for-action-2007"),
      ShippedDraftPath("bloc-3plus3"),
      "--variants",
      "baseline",
      "--rules",
      "consensus,qualified-majority",
      "--no-color"};
  std::string id;
  for (int width : kWidths) {
    SCOPED_TRACE(absl::StrCat("compare at ", width, " columns"));
    const CommandResult report = Concert(width, compare);
    EXPECT_EQ(report.exit_code, 0) << report.err;
    ExpectFits(report.out, width);
    id = IdIn(report.out, "comparison");
  }
  ASSERT_FALSE(id.empty());
  // A narrow terminal gets a block per row, headed by the draft: the
  // first column's header is the one word it drops.
  ExpectLaidOut({"records", "show", id, "--no-color"}, true,
                [](const std::string& word) { return word == "DRAFT"; });
}

TEST_F(WidthTest, PartiesTable) {
  for (int width : kWidths) {
    SCOPED_TRACE(absl::StrCat("parties at ", width, " columns"));
    const CommandResult parties = Concert(width, {"parties"});
    EXPECT_EQ(parties.exit_code, 0) << parties.err;
    ExpectFits(parties.out, width);
    // The long name whole, its words in order (wrapped or not).
    std::vector<std::string> words = Words(parties.out, nullptr);
    for (const char* word :
         {"dprk", "democratic", "people's", "republic", "korea"}) {
      EXPECT_NE(std::find(words.begin(), words.end(), word), words.end())
          << word;
    }
  }
}

TEST_F(WidthTest, CheckReport) {
  // A draft with two problems, one with a long message.
  const std::string bad = dir_.File("bad-draft.textproto");
  {
    FILE* f = std::fopen(bad.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(
        "# proto-message: concert.v1.CharterDraft\n"
        "id: \"bad\"\n"
        "stages { id: \"S1\" }\n"
        "proposals { id: \"a\" stage: \"S9\" title: \"A proposal whose "
        "stage does not exist\" prerequisites: \"nowhere\" }\n",
        f);
    std::fclose(f);
  }
  ExpectLaidOut(
      {"check", ShippedScenarioPath(), ShippedDraftPath("paper-sequence"), bad},
      /*db=*/false);
}

}  // namespace
}  // namespace concert::testing
