// The Markdown report of a comparison (comparison_report.h): the whole
// table, then the sections as tables and lists.
#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "clients/concert/render/comparison_fit.h"
#include "clients/concert/render/comparison_report.h"
#include "clients/concert/render/comparison_sections.h"
#include "clients/concert/render/comparison_table.h"
#include "clients/concert/render/markdown_escape.h"

namespace concert::cli {
namespace {

std::string Row(const std::vector<std::string>& cells) {
  return absl::StrCat("| ", absl::StrJoin(cells, " | "), " |\n");
}

std::string Rule(std::size_t columns) {
  std::string out = "|";
  for (std::size_t i = 0; i < columns; ++i) absl::StrAppend(&out, "---|");
  return out + "\n";
}

std::string Table(const v1::Comparison& comparison) {
  const ComparisonTable table = BuildComparisonTable(comparison);
  const std::vector<std::size_t> shown = ShownColumns(table);
  std::vector<std::string> headers;
  headers.reserve(shown.size());
  for (std::size_t c : shown)
    headers.push_back(MarkdownEscape(table.columns[c].header));
  std::string out = Row(headers) + Rule(shown.size());
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    cells.reserve(shown.size());
    for (std::size_t c : shown) cells.push_back(MarkdownEscape(row[c].text));
    absl::StrAppend(&out, Row(cells));
  }
  return out;
}

std::string Robustness(const v1::Comparison& comparison) {
  const std::vector<RobustnessFacts> rows = RobustnessSection(comparison);
  if (rows.empty()) return "";
  std::string out = "\n## Robustness\n\n";
  for (const RobustnessFacts& r : rows) {
    absl::StrAppend(&out, "- **", MarkdownEscape(r.row),
                    "**: ", MarkdownEscape(r.summary));
    if (!r.sensitivity.empty()) {
      std::vector<std::string> parties;
      for (const std::string& s : r.sensitivity)
        parties.push_back(MarkdownEscape(s));
      absl::StrAppend(&out,
                      "\n  - sensitivity: ", absl::StrJoin(parties, " · "));
    }
    absl::StrAppend(&out, "\n");
  }
  return out;
}

std::string Diffs(const v1::Comparison& comparison) {
  const std::vector<DiffFacts> diffs = DiffSection(comparison);
  if (diffs.empty()) return "";
  std::string out = "\n## Structural differences\n";
  for (const DiffFacts& d : diffs) {
    absl::StrAppend(&out, "\n### ", MarkdownEscape(d.title), "\n\n");
    if (d.items.empty()) absl::StrAppend(&out, "No structural difference.\n");
    for (const DiffItem& item : d.items) {
      std::vector<std::string> items;
      for (const std::string& s : item.items)
        items.push_back(MarkdownEscape(s));
      absl::StrAppend(&out, "- ", MarkdownEscape(item.label), ": ",
                      absl::StrJoin(items, ", "), "\n");
    }
  }
  return out;
}

std::string Concessions(const v1::Comparison& comparison) {
  const std::vector<ConcessionFacts> searches = ConcessionSection(comparison);
  if (searches.empty()) return "";
  std::string out = "\n## Concessions\n";
  for (const ConcessionFacts& s : searches) {
    absl::StrAppend(&out, "\n### ", MarkdownEscape(s.row), "\n\n",
                    MarkdownEscape(s.summary), "\n\n");
    int n = 0;
    for (const ConcessionFacts::Option& o : s.options) {
      std::vector<std::string> moves;
      for (const std::string& m : o.moves) moves.push_back(MarkdownEscape(m));
      absl::StrAppend(&out, ++n, ". **", MarkdownEscape(o.parties),
                      "**: ", absl::StrJoin(moves, "; "), "\n");
    }
    if (!s.note.empty()) {
      absl::StrAppend(&out, n > 0 ? "\n" : "", "Note: ", MarkdownEscape(s.note),
                      "\n");
    }
  }
  return out;
}

}  // namespace

std::string ComparisonMarkdown(const v1::Comparison& comparison) {
  std::string out =
      absl::StrCat("# ", MarkdownEscape(ComparisonTitle(comparison)), "\n\n");
  if (const std::string study = StudyText(comparison); !study.empty()) {
    absl::StrAppend(&out, MarkdownEscape(study), "\n\n");
  }
  absl::StrAppend(&out, Table(comparison), Robustness(comparison),
                  Diffs(comparison), Concessions(comparison));
  return out;
}

}  // namespace concert::cli
