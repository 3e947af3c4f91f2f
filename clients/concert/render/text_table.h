// A plain-text table for terminal listings: columns as wide as their widest
// cell (counted in characters, not bytes, so names like "Côte" align), two
// spaces between columns, the last column unpadded. A column may be given a
// maximum width: its longer cells (and header) are cut to it and end in "…",
// so a table can be made to fit a terminal without wrapping.
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
  // The header line and every row, each ending in '\n'.
  std::string Render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<int> max_widths_;  // per column; 0: no limit
};

// `text` cut to at most `width` display columns (DisplayWidth): unchanged
// when it fits, else its first width-1 columns, without trailing spaces,
// followed by "…" (just "…" for width 1, nothing for width 0 or less). ANSI
// escape sequences are kept and take no room; a cut text that carried any ends
// with a reset ("\x1b[0m"), so a cut cannot leave the terminal styled.
std::string TruncateToWidth(absl::string_view text, int width);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_TEXT_TABLE_H_
