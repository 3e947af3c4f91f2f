#include "clients/concert/render/text_table.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/code_point_width.h"
#include "clients/concert/render/format_text.h"

namespace concert::cli {

TextTable::TextTable(std::vector<std::string> headers)
    : headers_(std::move(headers)),
      max_widths_(headers_.size(), 0),
      wrap_(headers_.size(), false) {}

void TextTable::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

void TextTable::SetMaxWidth(std::size_t column, int width) {
  if (column < max_widths_.size()) max_widths_[column] = std::max(width, 0);
}

void TextTable::SetWrap(std::size_t column) {
  if (column < wrap_.size()) wrap_[column] = true;
}

void TextTable::SetOptional(std::size_t column) {
  if (column < headers_.size() && std::find(optional_.begin(), optional_.end(),
                                            column) == optional_.end()) {
    optional_.push_back(column);
  }
}

namespace {

// Columns are this far apart.
constexpr int kGap = 2;

// The widest word of `text` (words split at spaces).
int LongestWord(absl::string_view text) {
  int longest = 0;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    longest = std::max(longest, DisplayWidth(word));
  }
  return longest;
}

// "STATUS" → "status", "CREATED (UTC)" → "created (UTC)": a header as the
// label of an item in a row's block.
std::string ItemLabel(absl::string_view header) {
  std::string label(header);
  const std::size_t end = std::min(label.find(" ("), label.size());
  for (std::size_t i = 0; i < end; ++i) {
    label[i] = absl::ascii_tolower(static_cast<unsigned char>(label[i]));
  }
  return label;
}

}  // namespace

std::vector<std::vector<std::string>> TextTable::FittedLines() const {
  // Cells are cut to their column's limit first, so that the widths are
  // those of what is printed.
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
  return lines;
}

std::string TextTable::RenderColumns(
    const std::vector<std::vector<std::string>>& lines,
    const std::vector<std::size_t>& columns,
    const std::vector<int>& widths) const {
  std::string out;
  for (const auto& cells : lines) {
    // Each cell as the lines it takes: one, unless it wraps.
    std::vector<std::vector<std::string>> parts;
    std::size_t height = 1;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const std::string& cell = cells[columns[i]];
      if (wrap_[columns[i]] && DisplayWidth(cell) > widths[i]) {
        parts.push_back(Wrap(cell, widths[i]));
      } else {
        parts.push_back({cell});
      }
      height = std::max(height, parts.back().size());
    }
    for (std::size_t k = 0; k < height; ++k) {
      std::string text;
      for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string part = k < parts[i].size() ? parts[i][k] : "";
        if (i + 1 < columns.size()) {
          absl::StrAppend(&text, PadRight(part, widths[i]),
                          std::string(kGap, ' '));
        } else {
          absl::StrAppend(&text, part);
        }
      }
      // Empty trailing cells leave no trailing blanks.
      text.erase(text.find_last_not_of(' ') + 1);
      absl::StrAppend(&out, text, "\n");
    }
  }
  return out;
}

std::string TextTable::RenderBlocks(
    const std::vector<std::vector<std::string>>& lines,
    const std::vector<std::size_t>& columns, int width) const {
  constexpr int kIndent = 2;
  const int room = std::max(width - kIndent, 1);
  std::string out;
  for (std::size_t r = 1; r < lines.size(); ++r) {
    const std::vector<std::string>& cells = lines[r];
    absl::StrAppend(&out, TruncateToWidth(cells[columns[0]], width), "\n");
    // The other cells as "label value" items, " · " between them; a line
    // breaks between words, preferably between items.
    std::string line;
    int line_width = 0;
    const auto flush = [&] {
      if (line.empty()) return;
      absl::StrAppend(&out, std::string(kIndent, ' '), line, "\n");
      line.clear();
      line_width = 0;
    };
    for (std::size_t i = 1; i < columns.size(); ++i) {
      const std::string& cell = cells[columns[i]];
      if (cell.empty()) continue;
      const std::string item =
          absl::StrCat(ItemLabel(lines[0][columns[i]]), " ", cell);
      // An item that would fit a line of its own starts one rather than
      // leave its label at the end of this one.
      const int item_width = DisplayWidth(item);
      if (!line.empty() && item_width <= room &&
          line_width + 3 + item_width > room) {
        flush();
      }
      bool first_word = true;
      for (absl::string_view word :
           absl::StrSplit(item, ' ', absl::SkipEmpty())) {
        const std::string fitted = TruncateToWidth(word, room);
        const int word_width = DisplayWidth(fitted);
        const absl::string_view separator = first_word ? " · " : " ";
        first_word = false;
        if (!line.empty() &&
            line_width + DisplayWidth(separator) + word_width > room) {
          flush();
        }
        if (!line.empty()) {
          absl::StrAppend(&line, separator);
          line_width += DisplayWidth(separator);
        }
        absl::StrAppend(&line, fitted);
        line_width += word_width;
      }
    }
    flush();
  }
  return out;
}

std::string TextTable::Render() const {
  const std::vector<std::vector<std::string>> lines = FittedLines();
  std::vector<std::size_t> columns(headers_.size());
  std::vector<int> widths(headers_.size(), 0);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    columns[c] = c;
    for (const auto& row : lines) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  return RenderColumns(lines, columns, widths);
}

std::string TextTable::Render(int width) const {
  const std::vector<std::vector<std::string>> lines = FittedLines();
  if (headers_.empty()) return "";
  // Tries `columns` with wrap columns no narrower than `floor` (nor their
  // widest word or header); the table, or empty when it does not fit.
  const auto try_fit = [&](const std::vector<std::size_t>& columns,
                           int floor) -> std::string {
    std::vector<int> widths, narrowest;
    for (std::size_t c : columns) {
      int natural = 0, longest = DisplayWidth(lines[0][c]);
      for (const auto& row : lines) {
        natural = std::max(natural, DisplayWidth(row[c]));
        longest = std::max(longest, LongestWord(row[c]));
      }
      widths.push_back(natural);
      narrowest.push_back(wrap_[c] ? std::max(longest, std::min(natural, floor))
                                   : natural);
    }
    int total = kGap * static_cast<int>(columns.size() - 1);
    for (int w : widths) total += w;
    // Narrow the widest wrap column a column at a time, so that the room
    // is shared out evenly.
    while (total > width) {
      std::size_t widest = widths.size();
      for (std::size_t i = 0; i < widths.size(); ++i) {
        if (widths[i] > narrowest[i] &&
            (widest == widths.size() || widths[i] > widths[widest])) {
          widest = i;
        }
      }
      if (widest == widths.size()) return "";
      --widths[widest];
      --total;
    }
    return RenderColumns(lines, columns, widths);
  };
  // Wrap columns stay comfortably wide (kRoomy) while optional columns
  // go one by one; only without them may they shrink, to their widest word
  // but not below kNarrow (narrower, a cell reads a word a line: a block
  // per row reads better).
  constexpr int kRoomy = 20;
  constexpr int kNarrow = 16;
  std::vector<std::size_t> columns(headers_.size());
  for (std::size_t c = 0; c < columns.size(); ++c) columns[c] = c;
  for (std::size_t dropped = 0;; ++dropped) {
    if (std::string table = try_fit(columns, kRoomy); !table.empty()) {
      return table;
    }
    if (dropped == optional_.size()) break;
    columns.erase(
        std::remove(columns.begin(), columns.end(), optional_[dropped]),
        columns.end());
  }
  if (std::string table = try_fit(columns, kNarrow); !table.empty()) {
    return table;
  }
  return RenderBlocks(lines, columns, width);
}

std::string TruncateToWidth(absl::string_view text, int width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  if (width <= 0) return "";
  // Copy code points while they leave a column for the ellipsis (escape
  // sequences are copied whole and cost nothing; zero-width marks stay with
  // the character they follow), then end with the ellipsis.
  std::string out;
  bool styled = false;
  int used = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (const std::size_t escape = AnsiEscapeLength(text, i); escape > 0) {
      absl::StrAppend(&out, text.substr(i, escape));
      styled = true;
      i += escape;
      continue;
    }
    const DecodedCodePoint decoded = DecodeUtf8At(text, i);
    const int columns = CodePointWidth(decoded.code_point);
    if (used + columns > width - 1) break;
    absl::StrAppend(&out, text.substr(i, decoded.length));
    used += columns;
    i += decoded.length;
  }
  // "a very…", not "a very …".
  while (!out.empty() && out.back() == ' ') out.pop_back();
  absl::StrAppend(&out, "…");
  if (styled) absl::StrAppend(&out, "\x1b[0m");
  return out;
}

}  // namespace concert::cli
