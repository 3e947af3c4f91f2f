#include "clients/concert/render/text_table.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/concert/render/format_text.h"

namespace concert::cli {

TextTable::TextTable(std::vector<std::string> headers)
    : headers_(std::move(headers)), max_widths_(headers_.size(), 0) {}

void TextTable::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

void TextTable::SetMaxWidth(std::size_t column, int width) {
  if (column < max_widths_.size()) max_widths_[column] = std::max(width, 0);
}

std::string TextTable::Render() const {
  // Cells are cut to their column's limit first, so that the widths below
  // are those of what is printed.
  const auto fitted = [this](const std::vector<std::string>& row) {
    std::vector<std::string> cells = row;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (max_widths_[c] > 0) {
        cells[c] = TruncateToWidth(cells[c], max_widths_[c]);
      }
    }
    return cells;
  };
  std::vector<std::vector<std::string>> lines;
  lines.reserve(rows_.size() + 1);
  lines.push_back(fitted(headers_));
  for (const auto& row : rows_) lines.push_back(fitted(row));
  // Every column but the last is padded to its widest cell, in characters
  // on screen (DisplayWidth skips colour codes and UTF-8 continuations).
  std::vector<int> widths(headers_.size(), 0);
  for (const auto& row : lines) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  std::string out;
  for (const auto& cells : lines) {
    std::string text;
    for (std::size_t c = 0; c + 1 < cells.size(); ++c) {
      absl::StrAppend(&text, PadRight(cells[c], widths[c]), "  ");
    }
    if (!cells.empty()) absl::StrAppend(&text, cells.back());
    // Empty trailing cells leave no trailing blanks.
    text.erase(text.find_last_not_of(' ') + 1);
    absl::StrAppend(&out, text, "\n");
  }
  return out;
}

std::string TruncateToWidth(absl::string_view text, int width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  if (width <= 0) return "";
  // Copy code points until width-1 columns are used (escape sequences are
  // copied whole and cost nothing), then end with the ellipsis.
  std::string out;
  bool styled = false;
  int used = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0x1b && i + 1 < text.size() && text[i + 1] == '[') {
      std::size_t end = i + 2;
      while (end < text.size() && !(text[end] >= '@' && text[end] <= '~')) {
        ++end;
      }
      end = std::min(end + 1, text.size());
      absl::StrAppend(&out, text.substr(i, end - i));
      styled = true;
      i = end;
      continue;
    }
    if (used == width - 1) break;
    // One code point: its lead byte and continuation bytes (10xxxxxx).
    std::size_t end = i + 1;
    while (end < text.size() &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      ++end;
    }
    absl::StrAppend(&out, text.substr(i, end - i));
    ++used;
    i = end;
  }
  // "a very…", not "a very …".
  while (!out.empty() && out.back() == ' ') out.pop_back();
  absl::StrAppend(&out, "…");
  if (styled) absl::StrAppend(&out, "\x1b[0m");
  return out;
}

}  // namespace concert::cli
