// The comparison as one HTML page (comparison_report.h): a file to open or
// mail that needs nothing else — the style is inline, the figures are SVG
// in the page, and a Content-Security-Policy forbids fetching anything.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/comparison_fit.h"
#include "clients/concert/render/comparison_html_parts.h"
#include "clients/concert/render/comparison_report.h"
#include "clients/concert/render/comparison_sections.h"
#include "clients/concert/render/comparison_table.h"

namespace concert::cli {
namespace {

constexpr char kStyle[] = R"css(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
  color: #1f2328; margin: 24px; max-width: 1600px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
p.study, p.graph-missing, .note { color: #57606a; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; }
#comparison-table { font-size: 13px; }
#comparison-table th, #comparison-table td { border: 1px solid #d0d7de; padding: 3px 6px;
  text-align: left; vertical-align: top; }
#comparison-table th { background: #f6f8fa; white-space: nowrap; }
#comparison-table td.number { text-align: right; white-space: nowrap; }
#comparison-table td.yes { color: #1a7f37; font-weight: 600; }
#comparison-table td.no { color: #cf222e; font-weight: 600; }
#comparison-table td.error { color: #cf222e; }
#comparison-table td details { min-width: 14em; }
#comparison-table td summary { cursor: pointer; }
#comparison-table tr.what-if td { background: #fbfbfc; }
#robustness-plot .grid { stroke: #d0d7de; stroke-width: 1; }
#robustness-plot .axis, #robustness-plot .label { font-size: 12px; fill: #1f2328; }
#robustness-plot .interval { stroke: #0969da; stroke-width: 4; stroke-linecap: round; opacity: .45; }
#robustness-plot .share { fill: #0969da; }
.consensus-graph { overflow: auto; max-height: 900px; border: 1px solid #d0d7de; padding: 8px; }
.consensus-graph svg { max-width: 100%; height: auto; }
figure { margin: 12px 0 24px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
table.heat-map { margin: 8px 0 24px; font-size: 12px; }
table.heat-map caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
table.heat-map th, table.heat-map td { border: 1px solid #eaeef2; padding: 2px 4px; }
table.heat-map td { min-width: 26px; text-align: center; }
table.heat-map td.untabled { background: repeating-linear-gradient(45deg, #fff, #fff 3px, #eaeef2 3px, #eaeef2 6px); }
table.heat-map th.proposal { vertical-align: bottom; }
table.heat-map th.proposal span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
.legend { display: inline-block; width: 160px; height: 10px; vertical-align: middle;
  background: linear-gradient(to right, #ffffff, #a50f15); border: 1px solid #d0d7de; }
ul.diff li, ol.concessions li { margin: 2px 0; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
)css";

// Cells longer than this (bytes) that have an abbreviation show it first.
constexpr std::size_t kLongCell = 40;

// Columns whose cells are numbers: right-aligned.
bool Numeric(const std::string& id) {
  return id == "admissible_sequences" || id == "consensus_sequences" ||
         id == "consensus_share" || id == "largest_adoptable";
}

std::string Table(const v1::Comparison& comparison) {
  const ComparisonTable table = BuildComparisonTable(comparison);
  const std::vector<std::size_t> shown = ShownColumns(table);
  std::string out =
      "<div class=\"table-wrap\"><table id=\"comparison-table\">\n<thead><tr>";
  for (std::size_t c : shown) {
    absl::StrAppend(&out, R"(<th scope="col" data-column=")",
                    HtmlEscape(table.columns[c].id), R"(">)",
                    HtmlEscape(table.columns[c].header), "</th>");
  }
  absl::StrAppend(&out, "</tr></thead>\n<tbody>\n");
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const v1::ComparisonRow& source = comparison.rows(static_cast<int>(r));
    absl::StrAppend(&out, "<tr",
                    source.what_if().empty() ? "" : R"( class="what-if")", ">");
    for (std::size_t c : shown) {
      const std::string& id = table.columns[c].id;
      const ComparisonCell& cell = table.rows[r][c];
      std::string cls;
      if (Numeric(id)) cls = "number";
      if (id == "full_charter_reachable" && !cell.text.empty()) cls = cell.text;
      if (id == "error" && !cell.text.empty()) cls = "error";
      absl::StrAppend(&out, "<td",
                      cls.empty() ? "" : R"( class=")" + cls + R"(")", ">");
      if (!cell.brief.empty() && cell.text.size() > kLongCell) {
        // A long sequence reads as its abbreviation, and opens to the
        // whole (no script needed).
        absl::StrAppend(&out, "<details><summary>", HtmlEscape(cell.brief),
                        "</summary>", HtmlEscape(cell.text), "</details>");
      } else {
        absl::StrAppend(&out, HtmlEscape(cell.text));
      }
      absl::StrAppend(&out, "</td>");
    }
    absl::StrAppend(&out, "</tr>\n");
  }
  absl::StrAppend(&out, "</tbody>\n</table></div>\n");
  return out;
}

std::string Robustness(const v1::Comparison& comparison) {
  const std::vector<RobustnessFacts> rows = RobustnessSection(comparison);
  if (rows.empty()) return "";
  std::string out = absl::StrCat(
      "<section id=\"robustness\">\n<h2>Robustness</h2>\n",
      RobustnessPlotSvg(comparison), "<ul class=\"robustness\">\n");
  for (const RobustnessFacts& r : rows) {
    absl::StrAppend(&out, "<li><strong>", HtmlEscape(r.row),
                    "</strong>: ", HtmlEscape(r.summary));
    if (!r.sensitivity.empty()) {
      std::vector<std::string> parties;
      for (const std::string& s : r.sensitivity)
        parties.push_back(HtmlEscape(s));
      absl::StrAppend(&out, R"(<br><span class="note">sensitivity: )",
                      absl::StrJoin(parties, " · "), "</span>");
    }
    absl::StrAppend(&out, "</li>\n");
  }
  absl::StrAppend(&out, "</ul>\n</section>\n");
  return out;
}

std::string Diffs(const v1::Comparison& comparison) {
  const std::vector<DiffFacts> diffs = DiffSection(comparison);
  if (diffs.empty()) return "";
  std::string out = "<section id=\"diffs\">\n<h2>Structural differences</h2>\n";
  for (const DiffFacts& d : diffs) {
    absl::StrAppend(&out, "<h3>", HtmlEscape(d.title), "</h3>\n");
    if (d.items.empty()) {
      absl::StrAppend(&out,
                      "<p class=\"note\">No structural difference.</p>\n");
      continue;
    }
    absl::StrAppend(&out, "<ul class=\"diff\">\n");
    for (const DiffItem& item : d.items) {
      std::vector<std::string> items;
      for (const std::string& s : item.items) {
        items.push_back(absl::StrCat("<code>", HtmlEscape(s), "</code>"));
      }
      absl::StrAppend(&out, "<li>", HtmlEscape(item.label), ": ",
                      absl::StrJoin(items, ", "), "</li>\n");
    }
    absl::StrAppend(&out, "</ul>\n");
  }
  absl::StrAppend(&out, "</section>\n");
  return out;
}

std::string Graphs(const v1::Comparison& comparison,
                   std::span<const v1::CharterDraft> drafts,
                   const ComparisonRenderOptions& options) {
  if (comparison.draft_ids().empty()) return "";
  std::string out =
      "<section id=\"graphs\">\n<h2>Consensus graphs</h2>\n"
      R"(<p class="note">Reachable sets of adopted proposals; the best )"
      "sequence in bold blue, dead ends in red, the full charter in "
      "green.</p>\n";
  int index = 0;
  for (const std::string& id : comparison.draft_ids()) {
    absl::StrAppend(&out, GraphFigure(DraftRow(comparison, id), id, drafts,
                                      options.dot_program, index++));
  }
  absl::StrAppend(&out, "</section>\n");
  return out;
}

std::string HeatMaps(const v1::Comparison& comparison) {
  std::string maps;
  for (const std::string& id : comparison.draft_ids()) {
    const v1::ComparisonRow* row = DraftRow(comparison, id);
    if (row == nullptr || row->heat().parties().empty()) {
      absl::StrAppend(&maps, R"(<p class="note">)", HtmlEscape(id),
                      ": no heat map.</p>\n");
      continue;
    }
    absl::StrAppend(&maps, HeatMapTable(row->heat(), RowLabel(*row)));
  }
  if (maps.empty()) return "";
  return absl::StrCat(
      "<section id=\"heat-maps\">\n<h2>Objections</h2>\n"
      R"(<p class="note">Per draft, how often each party objects to each )"
      "proposal, as a share of the explored sets where the proposal was "
      R"(tabled: 0% <span class="legend"></span> 100%. Hover a cell for the )"
      "counts; hatched: never tabled.</p>\n",
      maps, "</section>\n");
}

std::string Concessions(const v1::Comparison& comparison) {
  const std::vector<ConcessionFacts> searches = ConcessionSection(comparison);
  if (searches.empty()) return "";
  std::string out = "<section id=\"concessions\">\n<h2>Concessions</h2>\n";
  for (const ConcessionFacts& s : searches) {
    absl::StrAppend(&out, "<h3>", HtmlEscape(s.row), "</h3>\n<p>",
                    HtmlEscape(s.summary), "</p>\n");
    if (!s.options.empty()) {
      absl::StrAppend(&out, "<ol class=\"concessions\">\n");
      for (const ConcessionFacts::Option& o : s.options) {
        std::vector<std::string> moves;
        for (const std::string& m : o.moves) moves.push_back(HtmlEscape(m));
        absl::StrAppend(&out, "<li><strong>", HtmlEscape(o.parties),
                        "</strong>: ", absl::StrJoin(moves, "; "), "</li>\n");
      }
      absl::StrAppend(&out, "</ol>\n");
    }
    if (!s.note.empty()) {
      absl::StrAppend(&out, R"(<p class="note">)", HtmlEscape(s.note),
                      "</p>\n");
    }
  }
  absl::StrAppend(&out, "</section>\n");
  return out;
}

}  // namespace

absl::StatusOr<std::string> ComparisonHtml(
    const v1::Comparison& comparison, std::span<const v1::CharterDraft> drafts,
    const ComparisonRenderOptions& options) {
  const std::string title = ComparisonTitle(comparison);
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
      // Nothing may be fetched: the page is one file.
      R"(<meta http-equiv="Content-Security-Policy" content="default-src )"
      "'none'; style-src 'unsafe-inline'\">\n",
      R"(<meta name="viewport" content="width=device-width, )"
      "initial-scale=1\">\n<title>",
      HtmlEscape(title), "</title>\n<style>", kStyle,
      "</style>\n</head>\n<body>\n", "<header>\n<h1>", HtmlEscape(title),
      "</h1>\n");
  if (const std::string study = StudyText(comparison); !study.empty()) {
    absl::StrAppend(&out, R"(<p class="study">)", HtmlEscape(study), "</p>\n");
  }
  absl::StrAppend(&out, "</header>\n<section id=\"table\">\n<h2>Table</h2>\n",
                  Table(comparison), "</section>\n", Robustness(comparison),
                  Diffs(comparison), Graphs(comparison, drafts, options),
                  HeatMaps(comparison), Concessions(comparison),
                  "</body>\n</html>\n");
  return out;
}

}  // namespace concert::cli
