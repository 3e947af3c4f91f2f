// The comparison as CSV, JSON and Markdown: CSV parses back field by field
// (RFC 4180), JSON keeps default fields and parses back to an equal
// message, Markdown tables hold one line per row with the data escaped —
// and all three show the same table (comparison_table.h).
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clients/concert/render/comparison_report.h"
#include "clients/concert/render/comparison_table.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/support/comparison_fixture.h"

namespace concert::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// A strict RFC 4180 reader: records end in CRLF; a quoted field may hold
// commas, CRLF and doubled quotes. Fails the test on malformed input.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  std::size_t i = 0;
  bool quoted = false;
  while (i < text.size()) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        i += 2;
      } else if (c == '"') {
        quoted = false;
        ++i;
        if (i < text.size() && text[i] != ',' && text[i] != '\r') {
          ADD_FAILURE() << "text after a closing quote at " << i;
        }
      } else {
        field.push_back(c);
        ++i;
      }
      continue;
    }
    if (c == '"') {
      if (!field.empty()) ADD_FAILURE() << "quote inside a field at " << i;
      quoted = true;
      ++i;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      ++i;
    } else if (c == '\r') {
      if (i + 1 >= text.size() || text[i + 1] != '\n') {
        ADD_FAILURE() << "CR without LF at " << i;
      }
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      i += 2;
    } else {
      if (c == '\n') ADD_FAILURE() << "bare LF at " << i;
      field.push_back(c);
      ++i;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quote";
  EXPECT_TRUE(record.empty() && field.empty()) << "no CRLF at the end";
  return records;
}

int IndexOf(const std::vector<std::string>& header, const std::string& id) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == id) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no column " << id;
  return 0;
}

TEST(ComparisonCsv, OneRecordPerRowWithEveryFieldQuotedAsNeeded) {
  const v1::Comparison c = testing::SmallComparison();
  const std::string csv = ComparisonCsv(c);
  const auto records = ParseCsv(csv);
  ASSERT_EQ(records.size(), static_cast<std::size_t>(c.rows_size()) + 1);
  const std::vector<std::string>& header = records[0];
  for (const auto& record : records) {
    EXPECT_EQ(record.size(), header.size());
  }
  EXPECT_EQ(header.front(), "draft");
  EXPECT_EQ(header.back(), "error");
  for (const char* id : {"variant",
                         "rule",
                         "what_if",
                         "admissible_sequences",
                         "consensus_sequences",
                         "consensus_share",
                         "full_charter_reachable",
                         "largest_adoptable",
                         "top_blocker",
                         "top_blocker_parties",
                         "pivotal_party",
                         "pivotal_sequences_without",
                         "best_sequence",
                         "robustness_samples",
                         "robustness_reachable",
                         "robustness_share",
                         "robustness_low",
                         "robustness_high",
                         "robustness_unavailable",
                         "sensitivity_A",
                         "sensitivity_B",
                         "sensitivity_<P&1>"}) {
    IndexOf(header, id);
  }
  EXPECT_THAT(header, Not(::testing::Contains("robustness")));
  const auto& first = records[1];
  EXPECT_EQ(first[IndexOf(header, "variant")], "baseline");
  EXPECT_EQ(first[IndexOf(header, "what_if")], "");
  EXPECT_EQ(first[IndexOf(header, "admissible_sequences")], "1307674368000");
  EXPECT_EQ(first[IndexOf(header, "full_charter_reachable")], "no");
  EXPECT_EQ(first[IndexOf(header, "largest_adoptable")], "5");
  EXPECT_EQ(first[IndexOf(header, "top_blocker_parties")], "B, <P&1>");
  EXPECT_EQ(first[IndexOf(header, "robustness_samples")], "200");
  EXPECT_EQ(first[IndexOf(header, "robustness_reachable")], "50");
  EXPECT_EQ(first[IndexOf(header, "robustness_share")], "0.25");
  EXPECT_EQ(first[IndexOf(header, "sensitivity_B")], "0.15");
  EXPECT_EQ(first[IndexOf(header, "sensitivity_<P&1>")], "0");
  // The what-if's comma and quote survive the round trip.
  EXPECT_EQ(records[2][IndexOf(header, "what_if")], "q\"uote, <b>&amp;");
  EXPECT_THAT(csv, HasSubstr("\"q\"\"uote, <b>&amp;\""));
  EXPECT_EQ(records[2][IndexOf(header, "best_sequence")], "p1 p2 p3 p4 p5 p6");
  // The failed row has its error and nothing that reads as a result.
  const auto& failed = records[4];
  EXPECT_EQ(failed[IndexOf(header, "draft")], "beta");
  EXPECT_EQ(failed[IndexOf(header, "full_charter_reachable")], "");
  EXPECT_EQ(failed[IndexOf(header, "error")],
            "party B unreachable: connection refused, retried 3 times");
}

TEST(ComparisonCsv, RealisticComparisonHasOneSensitivityColumnPerParty) {
  const testing::RealisticComparison fixture = testing::SixPartyComparison();
  const auto records = ParseCsv(ComparisonCsv(fixture.comparison));
  ASSERT_EQ(records.size(),
            static_cast<std::size_t>(fixture.comparison.rows_size()) + 1);
  for (const v1::PartySpec& party : fixture.scenario.parties()) {
    IndexOf(records[0], "sensitivity_" + party.id());
  }
  for (const auto& record : records)
    EXPECT_EQ(record.size(), records[0].size());
}

TEST(ComparisonJson, PrintsDefaultFieldsAndParsesBackToAnEqualMessage) {
  v1::Comparison c = testing::SmallComparison();
  auto json = ComparisonJson(c);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr("\"full_charter_reachable\": false"));
  EXPECT_THAT(*json, HasSubstr("\"elapsed_ms\": \"0\""));
  EXPECT_THAT(*json, HasSubstr("\"what_if\": \"\""));
  EXPECT_THAT(*json, HasSubstr("\"stage_order_changed\": true"));
  EXPECT_THAT(*json, HasSubstr("\"consensus_share\": 0"));
  v1::Comparison back;
  const auto status = google::protobuf::util::JsonStringToMessage(*json, &back);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(back, c));
}

TEST(ComparisonJson, RealisticComparisonWithGraphsRoundTrips) {
  const testing::RealisticComparison fixture = testing::SixPartyComparison();
  auto json = ComparisonJson(fixture.comparison);
  ASSERT_TRUE(json.ok()) << json.status();
  v1::Comparison back;
  const auto status = google::protobuf::util::JsonStringToMessage(*json, &back);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      back, fixture.comparison));
  EXPECT_GT(back.rows(0).exploration().graph().nodes_size(), 0);
}

TEST(ComparisonMarkdown, OneTableLinePerRowAndTheSections) {
  const v1::Comparison c = testing::SmallComparison();
  const std::string md = ComparisonMarkdown(c);
  std::vector<std::string> table;
  std::istringstream in(md);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| ", 0) == 0 || line.rfind("|---", 0) == 0) {
      table.push_back(line);
    }
  }
  // Header, rule, one line per row.
  ASSERT_EQ(table.size(), static_cast<std::size_t>(c.rows_size()) + 2) << md;
  EXPECT_EQ(table[0].rfind("| draft | variant | rule | what-if |", 0), 0u)
      << table[0];
  // Cell separators: the pipes that are not escaped.
  const auto cells = [](const std::string& line) {
    int n = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      n += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    }
    return n;
  };
  for (const std::string& line : table) EXPECT_EQ(cells(line), cells(table[0]));
  // Text from the data is escaped: it can neither format nor break a table.
  EXPECT_THAT(md, HasSubstr("q\"uote, \\<b\\>&amp;"));
  EXPECT_THAT(md, HasSubstr("B, \\<P&1\\>"));
  EXPECT_THAT(md, HasSubstr("## Robustness"));
  EXPECT_THAT(md, HasSubstr("## Structural differences"));
  EXPECT_THAT(md, HasSubstr("### beta against alpha"));
  EXPECT_THAT(md, HasSubstr("## Concessions"));
  EXPECT_THAT(md, HasSubstr("1. **B, \\<P&1\\>**: B lifts rule r1 (adopt p1)"));
}

TEST(ComparisonMarkdown, APipeInAnIdDoesNotSplitACell) {
  v1::Comparison c = testing::SmallComparison();
  c.mutable_rows(0)->set_draft_id("a|b");
  const std::string md = ComparisonMarkdown(c);
  EXPECT_THAT(md, HasSubstr("| a\\|b | baseline |"));
}

TEST(ComparisonTable, TheFormatsShowTheSameCells) {
  const v1::Comparison c = testing::SmallComparison();
  const ComparisonTable table = BuildComparisonTable(c);
  const std::string text = ComparisonText(c);
  const std::string md = ComparisonMarkdown(c);
  const std::string csv = ComparisonCsv(c);
  ASSERT_EQ(table.rows.size(), static_cast<std::size_t>(c.rows_size()));
  for (const auto& row : table.rows) {
    for (std::size_t col = 0; col < table.columns.size(); ++col) {
      const ComparisonCell& cell = row[col];
      if (table.columns[col].for_people && !cell.text.empty()) {
        EXPECT_THAT(text, HasSubstr(cell.terminal()));
      }
      if (table.columns[col].for_csv && !cell.value.empty() &&
          cell.value.find_first_of(",\"") == std::string::npos) {
        EXPECT_THAT(csv, HasSubstr(cell.value));
      }
    }
  }
  EXPECT_THAT(md, HasSubstr("| 1,307,674,368,000 |"));
}

}  // namespace
}  // namespace concert::cli
