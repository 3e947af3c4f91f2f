// The pieces of the comparison's HTML page (comparison_html.cc), each in
// a file of its own: escaping, the robustness plot (SVG), the objection heat
// map, and the consensus graphs drawn by Graphviz. Internal to the page.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_HTML_PARTS_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_HTML_PARTS_H_

#include <span>
#include <string>

#include "absl/strings/string_view.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/compare.pb.h"

namespace concert::cli {

// `text` with & < > " ' as character references: safe in element content
// and in quoted attribute values, of HTML and of inline SVG.
std::string HtmlEscape(absl::string_view text);

// An inline <svg id="robustness-plot"> with one line per row that has a
// robustness study with samples: the share as a dot, its 95% interval as a
// bar, on a 0–100% axis, the row's label on the left and the numbers in a
// tooltip (<title>). Empty when no row has samples.
std::string RobustnessPlotSvg(const v1::Comparison& comparison);

// A <table class="heat-map">: parties as rows, proposals as columns, each
// cell coloured by the share of the sets where the proposal was tabled in
// which the party objected (white for none to dark red for all), the share
// in the cell and the counts in its tooltip. `caption` is plain text.
std::string HeatMapTable(const v1::ObjectionHeat& heat,
                         const std::string& caption);

// The row whose graph and heat map stand for `draft_id`: its unmodified
// baseline row (no what-if, no variant) without an error, the first with a
// graph when there are several rules; else the first unmodified row of the
// draft without an error. Null when the draft has none.
const v1::ComparisonRow* DraftRow(const v1::Comparison& comparison,
                                  const std::string& draft_id);

// A <figure> with the draft's consensus graph as inline SVG in a <div
// class="consensus-graph">, drawn from `row`'s exploration over `draft`
// with `dot_program`; `index` keeps the SVG's element ids apart from the
// other graphs' on the page. When there is no graph, no draft, or Graphviz
// fails, the figure says so instead (class "graph-missing").
std::string GraphFigure(const v1::ComparisonRow* row,
                        const std::string& draft_id,
                        std::span<const v1::CharterDraft> drafts,
                        const std::string& dot_program, int index);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_HTML_PARTS_H_
