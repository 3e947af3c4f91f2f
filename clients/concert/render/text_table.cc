#include "clients/concert/render/text_table.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/concert/render/format_text.h"

namespace concert::cli {

TextTable::TextTable(std::vector<std::string> headers)
    : headers_(std::move(headers)) {}

void TextTable::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

std::string TextTable::Render() const {
  // Every column but the last is padded to its widest cell, in characters
  // on screen (DisplayWidth skips colour codes and UTF-8 continuations).
  std::vector<int> widths(headers_.size(), 0);
  const auto widen = [&widths](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  };
  widen(headers_);
  for (const auto& row : rows_) widen(row);
  std::string out;
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c + 1 < cells.size(); ++c) {
      absl::StrAppend(&text, PadRight(cells[c], widths[c]), "  ");
    }
    if (!cells.empty()) absl::StrAppend(&text, cells.back());
    // Empty trailing cells leave no trailing blanks.
    text.erase(text.find_last_not_of(' ') + 1);
    absl::StrAppend(&out, text, "\n");
  };
  line(headers_);
  for (const auto& row : rows_) line(row);
  return out;
}

}  // namespace concert::cli
