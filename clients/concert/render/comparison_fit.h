// Which columns of the comparison table a terminal of a given width shows,
// and how wide: the table must fit without wrapping. When it does not fit
// as it is, the columns that say nothing (every cell "—") go first; then
// cells take their narrow forms (ComparisonCell::narrow); then columns go by
// ComparisonColumn::drop_rank (highest first) while the rest cannot each keep
// twice its minimum width; what is left is fitted by cutting the widest cells
// with "…", no column below its minimum.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_FIT_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_FIT_H_

#include <cstddef>
#include <vector>

#include "clients/concert/render/comparison_table.h"

namespace concert::cli {

// The columns a table for people shows at all: for_people, with some cell
// that is not empty (no "error" column when no row failed), in table order.
std::vector<std::size_t> ShownColumns(const ComparisonTable& table);

struct FittedColumns {
  // Indices into table.columns, in table order.
  std::vector<std::size_t> columns;
  // Per shown column, its width in display columns (cells are cut to it).
  std::vector<int> widths;
};

// The columns and widths for a terminal `width` columns wide (two columns
// between cells), measuring cells by their terminal form. `width` 0 or
// less: every shown column at its natural width. When even the columns that
// are never dropped do not fit at their minimum, they are all at their
// minimum and the caller must cut the lines.
FittedColumns FitColumns(const ComparisonTable& table, int width);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_FIT_H_
