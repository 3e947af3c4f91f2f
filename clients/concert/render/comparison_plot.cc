// The robustness plot of the comparison page (comparison_html_parts.h):
// hand-written SVG, one line per row, so the page needs no plotting library
// and no script.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/concert/render/comparison_html_parts.h"
#include "clients/concert/render/comparison_table.h"
#include "clients/concert/render/format_text.h"
#include "clients/concert/render/report_numbers.h"
#include "clients/concert/render/text_table.h"

namespace concert::cli {
namespace {

// Geometry, in SVG user units (CSS pixels at scale 1).
constexpr int kRowHeight = 24;
constexpr int kTop = 28;  // room for the axis labels
constexpr int kPlotWidth = 420;
constexpr int kRightMargin = 16;
constexpr int kCharWidth = 7;  // of the 12px labels, roughly
constexpr int kMaxLabel = 64;  // characters; longer labels are cut with "…"

}  // namespace

std::string RobustnessPlotSvg(const v1::Comparison& comparison) {
  std::vector<const v1::ComparisonRow*> rows;
  int label_chars = 10;
  for (const v1::ComparisonRow& row : comparison.rows()) {
    if (row.robustness().samples() == 0) continue;
    rows.push_back(&row);
    label_chars =
        std::max(label_chars, std::min(kMaxLabel, DisplayWidth(RowLabel(row))));
  }
  if (rows.empty()) return "";
  const int left = label_chars * kCharWidth + 16;
  const int width = left + kPlotWidth + kRightMargin;
  const int height = kTop + static_cast<int>(rows.size()) * kRowHeight + 8;
  const auto x_of = [left](double share) {
    return left + std::clamp(share, 0.0, 1.0) * kPlotWidth;
  };
  std::string svg = absl::StrFormat(
      R"(<svg id="robustness-plot" xmlns="http://www.w3.org/2000/svg" )"
      R"(width="%d" height="%d" viewBox="0 0 %d %d" role="img" )"
      R"(aria-label="Share of perturbed forums that keep the full )"
      R"(charter reachable, with 95%% intervals">)"
      "\n",
      width, height, width, height);
  // The axis: gridlines every 25%, labelled above.
  for (int tick = 0; tick <= 100; tick += 25) {
    const double x = x_of(tick / 100.0);
    absl::StrAppendFormat(
        &svg,
        R"(<line class="grid" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>)"
        R"(<text class="axis" x="%.1f" y="%d" text-anchor="middle">%d%%</text>)"
        "\n",
        x, kTop - 6, x, height - 4, x, kTop - 10, tick);
  }
  int i = 0;
  for (const v1::ComparisonRow* row : rows) {
    const v1::Robustness& r = row->robustness();
    const std::string label = RowLabel(*row);
    const int y = kTop + i * kRowHeight + kRowHeight / 2;
    const std::string tip = absl::StrCat(
        label, ": ", FormatShare(r.share()), " of ", r.samples(),
        " samples reach the full charter (", r.reachable(), "); 95% interval ",
        FormatShare(r.share_low()), "–", FormatShare(r.share_high()));
    absl::StrAppendFormat(
        &svg,
        R"(<g class="plot-row"><title>%s</title>)"
        R"(<text class="label" x="%d" y="%d" text-anchor="end">%s</text>)"
        R"(<line class="interval" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>)"
        R"(<circle class="share" cx="%.1f" cy="%d" r="4.5"/></g>)"
        "\n",
        HtmlEscape(tip), left - 10, y + 4,
        HtmlEscape(TruncateToWidth(label, kMaxLabel)), x_of(r.share_low()), y,
        x_of(r.share_high()), y, x_of(r.share()), y);
    ++i;
  }
  absl::StrAppend(&svg, "</svg>\n");
  return svg;
}

}  // namespace concert::cli
