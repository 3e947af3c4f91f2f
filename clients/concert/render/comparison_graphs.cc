// The graphs of the comparison page (comparison_html_parts.h): each draft's
// proposal-level graph (proposal_graph.h) — legible whatever the size of
// the draft's lattice — drawn with Graphviz and put inline, so the page
// stands alone.
#include <span>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "clients/concert/render/comparison_html_parts.h"
#include "clients/concert/render/comparison_table.h"
#include "clients/concert/render/graphviz.h"
#include "clients/concert/render/proposal_graph.h"

namespace concert::cli {
namespace {

// A row with an exploration to draw: its lattice was walked (sampled or
// failed rows have none), which is also when the comparison sends graphs.
bool HasGraph(const v1::ComparisonRow& row) {
  return row.exploration().graph().nodes_size() > 0;
}

// dot's SVG document as an element for an HTML page: without the XML
// declaration, doctype and comments before <svg>, and with its element ids
// (node1, edge2, graph0 — the same in every graph dot draws) prefixed so
// that two graphs on one page do not share them.
std::string InlineSvg(const std::string& document, int index) {
  const std::string::size_type start = document.find("<svg");
  if (start == std::string::npos) return "";
  const std::string prefix = absl::StrCat("graph", index, "-");
  return absl::StrReplaceAll(
      document.substr(start),
      {{R"( id=")", absl::StrCat(R"( id=")", prefix)},
       {R"(href="#)", absl::StrCat(R"(href="#)", prefix)},
       {"url(#", absl::StrCat("url(#", prefix)}});
}

std::string Missing(const std::string& caption, const std::string& why) {
  return absl::StrCat(R"(<figure class="graph-figure"><figcaption>)",
                      HtmlEscape(caption), "</figcaption>",
                      R"(<p class="graph-missing">)", HtmlEscape(why),
                      "</p></figure>\n");
}

}  // namespace

const v1::ComparisonRow* DraftRow(const v1::Comparison& comparison,
                                  const std::string& draft_id) {
  const v1::ComparisonRow* baseline = nullptr;
  const v1::ComparisonRow* any = nullptr;
  for (const v1::ComparisonRow& row : comparison.rows()) {
    if (row.draft_id() != draft_id || !row.what_if().empty() ||
        !row.error().empty()) {
      continue;
    }
    if (row.variant().empty()) {
      if (HasGraph(row)) return &row;
      if (baseline == nullptr) baseline = &row;
    }
    if (any == nullptr) any = &row;
  }
  return baseline != nullptr ? baseline : any;
}

std::string GraphFigure(const v1::ComparisonRow* row,
                        const std::string& draft_id,
                        std::span<const v1::CharterDraft> drafts,
                        const std::string& dot_program, int index) {
  if (row == nullptr) {
    return Missing(draft_id, "No row of this draft was computed: no graph.");
  }
  const std::string caption = RowLabel(*row);
  if (!HasGraph(*row)) {
    return Missing(caption,
                   "Graph not included (compare with graphs to draw it).");
  }
  const v1::CharterDraft* draft = nullptr;
  for (const v1::CharterDraft& d : drafts) {
    if (d.id() == draft_id) draft = &d;
  }
  if (draft == nullptr) {
    return Missing(caption, "Graph not drawn: the draft was not given.");
  }
  coordinator::SvgOptions options;
  options.program = dot_program;
  options.subject =
      absl::StrCat("the proposal-level graph of draft '", draft_id, "'");
  absl::StatusOr<std::string> svg = coordinator::RenderSvg(
      coordinator::ProposalGraphDot(row->exploration(), *draft), options);
  if (!svg.ok()) {
    return Missing(caption,
                   absl::StrCat("Graph not drawn: ", svg.status().message()));
  }
  const std::string inline_svg = InlineSvg(*svg, index);
  if (inline_svg.empty()) {
    return Missing(caption, "Graph not drawn: Graphviz gave no SVG.");
  }
  return absl::StrCat(R"(<figure class="graph-figure"><figcaption>)",
                      HtmlEscape(caption), " — ", draft->proposals_size(),
                      " proposals, ",
                      row->exploration().necessary_orders_size(),
                      " necessary orders</figcaption>",
                      R"(<div class="consensus-graph" id="graph-)", index,
                      R"(">)", inline_svg, "</div></figure>\n");
}

}  // namespace concert::cli
