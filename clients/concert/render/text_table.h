// A plain-text table for terminal listings: columns as wide as their widest
// cell (counted in characters, not bytes, so names like "Côte" align), two
// spaces between columns, the last column unpadded.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_TEXT_TABLE_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_TEXT_TABLE_H_

#include <string>
#include <vector>

namespace concert::cli {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers);
  // A row; missing cells are empty, extra cells are dropped.
  void AddRow(std::vector<std::string> cells);
  // The header line and every row, each ending in '\n'.
  std::string Render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_TEXT_TABLE_H_
