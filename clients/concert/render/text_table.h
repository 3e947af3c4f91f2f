// A plain-text table for terminal listings: columns as wide as their widest
// cell (counted in display columns, not bytes, so names like "Côte" and
// "北京" align), two spaces between columns, the last column unpadded. A
// column may be given a maximum width: its longer cells (and header) are cut
// to it and end in "…".
//
// Render(width) makes the table fit a terminal without cutting a word:
// columns marked to wrap are narrowed (to 20 columns, and never below their
// longest word or their header) and their cells wrap at spaces onto more
// lines of the row; if that is not enough, optional columns (ones whose
// content is said elsewhere too) are left out one by one; then the wrap
// columns may narrow down to 16 columns or their longest word; if even
// that does not
// fit, each row is printed as a block of its own — the first column on a
// line, then the others as "header value" items wrapped under it:
//   session-20261127-230726-abef00
//     status COMPLETE · draft paper-sequence · variant baseline ·
//     outcome CONSENSUS: every proposal adopted
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_TEXT_TABLE_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_TEXT_TABLE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace concert::cli {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers);
  // A row; missing cells are empty, extra cells are dropped.
  void AddRow(std::vector<std::string> cells);
  // Cells of `column` wider than `width` display columns are cut with
  // TruncateToWidth; a width below 1 (the default) means no limit. Ignored
  // for a column the table does not have.
  void SetMaxWidth(std::size_t column, int width);
  // Render(width) may wrap `column`'s cells at spaces.
  void SetWrap(std::size_t column);
  // Render(width) may leave `column` out when the table does not fit;
  // optional columns go in the order they were marked.
  void SetOptional(std::size_t column);
  // The header line and every row, each ending in '\n'; no width limit.
  std::string Render() const;
  // The same laid out in at most `width` display columns a line (see the
  // file comment); a single word wider than the whole line is the only
  // thing ever cut.
  std::string Render(int width) const;

 private:
  // Rows (the header first) with cells cut to their maximum widths.
  std::vector<std::vector<std::string>> FittedLines() const;
  // The table of `columns` with each given its width in `widths`, wrap
  // columns wrapped to it.
  std::string RenderColumns(const std::vector<std::vector<std::string>>& lines,
                            const std::vector<std::size_t>& columns,
                            const std::vector<int>& widths) const;
  // One block per row (see the file comment).
  std::string RenderBlocks(const std::vector<std::vector<std::string>>& lines,
                           const std::vector<std::size_t>& columns,
                           int width) const;

  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<int> max_widths_;        // per column; 0: no limit
  std::vector<bool> wrap_;             // per column
  std::vector<std::size_t> optional_;  // in the order they go
};

// `text` cut to at most `width` display columns (DisplayWidth): unchanged
// when it fits, else its first width-1 columns, without trailing spaces,
// followed by "…" (just "…" for width 1, nothing for width 0 or less). ANSI
// escape sequences are kept and take no room; a cut text that carried any ends
// with a reset ("\x1b[0m"), so a cut cannot leave the terminal styled.
std::string TruncateToWidth(absl::string_view text, int width);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_TEXT_TABLE_H_
