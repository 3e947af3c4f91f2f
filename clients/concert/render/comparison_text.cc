// The terminal report of a comparison (comparison_report.h): the table
// fitted to the terminal (comparison_fit.h), then the sections wrapped to
// it. No line is ever wider than the width asked for: whatever still does
// not fit (a lone word longer than a line) is cut with "…".
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/comparison_fit.h"
#include "clients/concert/render/comparison_report.h"
#include "clients/concert/render/comparison_sections.h"
#include "clients/concert/render/comparison_table.h"
#include "clients/concert/render/format_text.h"
#include "clients/concert/render/text_table.h"

namespace concert::cli {
namespace {

// Wrapping width when the terminal sets none.
constexpr int kUnlimited = 1 << 20;

class TextComparison {
 public:
  TextComparison(const v1::Comparison& comparison,
                 const ComparisonRenderOptions& options)
      : c_(comparison),
        width_(options.width > 0 ? options.width : kUnlimited),
        color_(options.color) {}

  std::string Render() {
    for (const std::string& line : Wrap(ComparisonTitle(c_), width_)) {
      absl::StrAppend(&out_, Bold(line), "\n");
    }
    if (const std::string study = StudyText(c_); !study.empty()) {
      absl::StrAppend(&out_, WrapHanging("", study, width_, 2));
    }
    absl::StrAppend(&out_, "\n", Table());
    Errors();
    Robustness();
    Diffs();
    Concessions();
    return Fit(out_);
  }

 private:
  std::string Bold(const std::string& s) const {
    return Styled(s, Style::kBold, color_);
  }

  // The table; notes whether every error in it was shown whole.
  std::string Table() {
    const ComparisonTable table = BuildComparisonTable(c_);
    const FittedColumns fit =
        FitColumns(table, width_ == kUnlimited ? 0 : width_);
    std::vector<std::string> headers;
    for (std::size_t c : fit.columns) {
      headers.push_back(Bold(table.columns[c].header));
    }
    TextTable text(std::move(headers));
    for (std::size_t i = 0; i < fit.widths.size(); ++i) {
      text.SetMaxWidth(i, fit.widths[i]);
    }
    // Errors are read whole: a cut one is listed again below the table.
    errors_whole_ = true;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (table.columns[c].id != "error") continue;
      int shown = -1;
      for (std::size_t i = 0; i < fit.columns.size(); ++i) {
        if (fit.columns[i] == c) shown = fit.widths[i];
      }
      for (const auto& row : table.rows) {
        errors_whole_ =
            errors_whole_ && DisplayWidth(row[c].text) <= std::max(shown, 0);
      }
    }
    for (const auto& row : table.rows) {
      std::vector<std::string> cells;
      for (std::size_t i = 0; i < fit.columns.size(); ++i) {
        const std::size_t c = fit.columns[i];
        const std::string& id = table.columns[c].id;
        std::string cell = row[c].terminal();
        if (DisplayWidth(cell) > fit.widths[i] && !row[c].narrow.empty()) {
          cell = row[c].narrow;
        }
        if (id == "full_charter_reachable" && !cell.empty()) {
          cell =
              Styled(cell, cell == "yes" ? Style::kGreen : Style::kRed, color_);
        } else if (id == "error" && !cell.empty()) {
          cell = Styled(cell, Style::kRed, color_);
        }
        cells.push_back(std::move(cell));
      }
      text.AddRow(std::move(cells));
    }
    return text.Render();
  }

  void Section(const std::string& title) {
    absl::StrAppend(&out_, "\n", Bold(title), "\n");
  }

  // `text` under `indent`, continuation lines hanging two further in.
  void Para(int indent, const std::string& text) {
    const std::string prefix(static_cast<std::size_t>(indent), ' ');
    absl::StrAppend(&out_, WrapHanging(prefix, text, width_, indent + 2));
  }

  // The rows' errors, when the table had no room for them whole.
  void Errors() {
    if (errors_whole_) return;
    bool any = false;
    for (const v1::ComparisonRow& row : c_.rows()) {
      if (row.error().empty()) continue;
      if (!any) Section("Errors");
      any = true;
      Para(2, RowLabel(row));
      Para(4, Styled(row.error(), Style::kRed, color_));
    }
  }

  // `items` after `label`, continuation lines under the first item. A line
  // that breaks keeps the separator (without its spaces) at its end, which
  // WrapList does not count: leave room for it.
  void List(const std::string& label, const std::vector<std::string>& items,
            absl::string_view separator) {
    const int room =
        width_ - DisplayWidth(label) -
        DisplayWidth(absl::StripTrailingAsciiWhitespace(separator));
    absl::StrAppend(&out_,
                    IndentLines(label, WrapList(items, separator, room)));
  }

  void Robustness() {
    const std::vector<RobustnessFacts> rows = RobustnessSection(c_);
    if (rows.empty()) return;
    Section("Robustness");
    for (const RobustnessFacts& r : rows) {
      Para(2, r.row);
      Para(4, r.summary);
      if (!r.sensitivity.empty()) {
        List("    sensitivity: ", r.sensitivity, " · ");
      }
    }
  }

  void Diffs() {
    const std::vector<DiffFacts> diffs = DiffSection(c_);
    if (diffs.empty()) return;
    Section("Structural differences");
    for (const DiffFacts& d : diffs) {
      Para(2, d.title);
      if (d.items.empty()) Para(4, "no structural difference");
      for (const DiffItem& item : d.items) {
        List(absl::StrCat("    ", item.label, ": "), item.items, ", ");
      }
    }
  }

  void Concessions() {
    const std::vector<ConcessionFacts> searches = ConcessionSection(c_);
    if (searches.empty()) return;
    Section("Concessions");
    for (const ConcessionFacts& s : searches) {
      Para(2, s.row);
      Para(4, s.summary);
      int n = 0;
      for (const ConcessionFacts::Option& o : s.options) {
        Para(4, absl::StrCat(++n, ". ", o.parties, ": ",
                             absl::StrJoin(o.moves, "; ")));
      }
      if (!s.note.empty()) Para(4, absl::StrCat("note: ", s.note));
    }
  }

  // Cuts every line to the width (the last resort; see the file comment).
  std::string Fit(const std::string& text) const {
    if (width_ == kUnlimited) return text;
    std::string out;
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      absl::StrAppend(&out, TruncateToWidth(line, width_), "\n");
    }
    out.pop_back();  // StrSplit gave one empty piece after the last '\n'
    return out;
  }

  const v1::Comparison& c_;
  const int width_;
  const bool color_;
  std::string out_;
  bool errors_whole_ = true;
};

}  // namespace

std::string ComparisonText(const v1::Comparison& comparison,
                           const ComparisonRenderOptions& options) {
  return TextComparison(comparison, options).Render();
}

}  // namespace concert::cli
