// How `concert compare` prints a v1::Comparison: for the terminal, as
// Markdown, CSV, JSON, and as one self-contained HTML page. Pure functions
// over the wire messages (the HTML page runs Graphviz `dot` to draw the
// consensus graphs); no gRPC, no terminal queries.
//
// The table is the same in every format (comparison_table.h): one row per
// ComparisonRow — draft, variant, rule, what-if, sequences, share, whether
// the full charter is reachable, the largest adoptable set, the top blocker
// and who is behind it, the pivotal party, the best sequence, robustness and
// the row's error. Text, Markdown and HTML follow it with the robustness
// study per row, the structural diffs and the concession searches
// (comparison_sections.h).
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_REPORT_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_REPORT_H_

#include <span>
#include <string>

#include "absl/status/statusor.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/compare.pb.h"

namespace concert::cli {

struct ComparisonRenderOptions {
  // Terminal columns the text report must fit (no line is wider); 0: no
  // limit. The table drops its least important columns and cuts long cells
  // with "…" rather than wrap; the sections wrap.
  int width = 0;
  // ANSI colour and bold in the text report.
  bool color = false;
  // The Graphviz program the HTML page draws the consensus graphs with.
  std::string dot_program = "dot";
};

// The terminal report: a title, the study, the table fitted to
// `options.width`, then the robustness, diff and concession sections.
std::string ComparisonText(const v1::Comparison& comparison,
                           const ComparisonRenderOptions& options = {});

// The same as GitHub-flavoured Markdown: the whole table (nothing dropped or
// cut), then the sections as tables and lists. Text from the data is
// escaped, so an id cannot break a table.
std::string ComparisonMarkdown(const v1::Comparison& comparison);

// One line per row for spreadsheets, after a header line of column ids
// (comparison_table.h: the table's columns, the robustness study's numbers,
// "sensitivity_PARTY" per party). RFC 4180: fields with a comma, quote or
// line break are quoted, quotes doubled; lines end in CRLF.
std::string ComparisonCsv(const v1::Comparison& comparison);

// The whole message in protobuf's JSON mapping, pretty-printed with the
// .proto field names, and every field printed even at its default (false,
// 0, "") so a reader sees `"full_charter_reachable": false`. Parses back
// into an equal message. INTERNAL only if protobuf cannot print it.
absl::StatusOr<std::string> ComparisonJson(const v1::Comparison& comparison);

// One self-contained HTML page (inline style and SVG; no scripts, fonts or
// anything fetched): the table (id "comparison-table"), the robustness
// intervals as a plot (svg id "robustness-plot"), the structural diffs, each
// draft's consensus graph (in a div of class "consensus-graph", drawn from
// the draft's unmodified baseline row, when the comparison included graphs;
// `drafts` supply the proposals; a draft without a graph or not among
// `drafts` says so), a party × proposal heat map of objections per draft
// (table class "heat-map") and the concession searches. Every string from
// the data is HTML-escaped. A graph that Graphviz cannot draw is reported
// on the page, not as an error; INTERNAL is reserved for failures that
// leave no page.
absl::StatusOr<std::string> ComparisonHtml(
    const v1::Comparison& comparison, std::span<const v1::CharterDraft> drafts,
    const ComparisonRenderOptions& options = {});

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_REPORT_H_
