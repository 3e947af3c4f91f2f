#include "clients/concert/render/comparison_fit.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "clients/concert/render/format_text.h"

namespace concert::cli {
namespace {

bool SaysNothing(const ComparisonCell& cell) {
  return cell.text.empty() || cell.text == "—";
}

}  // namespace

std::vector<std::size_t> ShownColumns(const ComparisonTable& table) {
  std::vector<std::size_t> shown;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (!table.columns[c].for_people) continue;
    const bool any =
        std::any_of(table.rows.begin(), table.rows.end(),
                    [c](const std::vector<ComparisonCell>& row) {
                      return c < row.size() && !row[c].text.empty();
                    });
    if (any) shown.push_back(c);
  }
  return shown;
}

FittedColumns FitColumns(const ComparisonTable& table, int width) {
  struct Candidate {
    std::size_t column;
    int natural;
    // With the narrow forms of its cells where they have one.
    int narrow;
    // Cut no further while another column can go instead: twice the
    // minimum, or less when the column's narrow forms take less.
    int comfortable;
    int minimum;
    int rank;
    bool says_nothing;
  };
  std::vector<Candidate> kept;
  for (std::size_t c : ShownColumns(table)) {
    const ComparisonColumn& column = table.columns[c];
    int natural = DisplayWidth(column.header);
    int narrow = DisplayWidth(column.header);
    bool says_nothing = true;
    for (const auto& row : table.rows) {
      if (c >= row.size()) continue;
      const int full = DisplayWidth(row[c].terminal());
      natural = std::max(natural, full);
      narrow = std::max(
          narrow, row[c].narrow.empty() ? full : DisplayWidth(row[c].narrow));
      says_nothing = says_nothing && SaysNothing(row[c]);
    }
    kept.push_back(Candidate{
        .column = c,
        .natural = natural,
        .narrow = narrow,
        .comfortable = std::min({natural, narrow, 2 * column.min_width}),
        .minimum = std::min(natural, column.min_width),
        .rank = column.drop_rank,
        .says_nothing = says_nothing});
  }
  const auto needed = [&kept](int Candidate::*measure) {
    int sum = kept.empty() ? 0 : 2 * (static_cast<int>(kept.size()) - 1);
    for (const Candidate& k : kept) sum += k.*measure;
    return sum;
  };
  // Drops the droppable column `first` prefers (columns that say nothing
  // before any other, then the highest rank); false when none is left.
  const auto drop = [&kept](bool only_silent) {
    auto victim = kept.end();
    for (auto it = kept.begin(); it != kept.end(); ++it) {
      // A column that is never dropped goes when it says nothing (no row
      // has a what-if).
      if ((it->rank == 0 && !it->says_nothing) ||
          (only_silent && !it->says_nothing)) {
        continue;
      }
      if (victim == kept.end() || (it->says_nothing && !victim->says_nothing) ||
          (it->says_nothing == victim->says_nothing &&
           it->rank > victim->rank)) {
        victim = it;
      }
    }
    if (victim == kept.end()) return false;
    kept.erase(victim);
    return true;
  };
  if (width > 0) {
    // Columns that say nothing go before any cell is cut; then columns go
    // by rank while the rest cannot be shown comfortably.
    while (needed(&Candidate::natural) > width && drop(true)) {
    }
    // Then narrow forms ("cons−1/blocks") before cutting anything.
    if (needed(&Candidate::natural) > width) {
      for (Candidate& k : kept) k.natural = k.narrow;
    }
    while (needed(&Candidate::comfortable) > width && drop(false)) {
    }
  }
  FittedColumns fitted;
  for (const Candidate& k : kept) {
    fitted.columns.push_back(k.column);
    fitted.widths.push_back(k.natural);
  }
  if (width <= 0 || needed(&Candidate::natural) <= width) return fitted;
  const int budget =
      width - (kept.empty() ? 0 : 2 * (static_cast<int>(kept.size()) - 1));
  // Cut the droppable columns first, the others (which say which row it
  // is) only when that is not enough.
  bool keep_identity = true;
  {
    int least = 0;
    for (const Candidate& k : kept)
      least += k.rank == 0 ? k.natural : k.minimum;
    keep_identity = least <= budget;
  }
  // The width of column k under a cap: at most the cap (unless it is an
  // identity column kept whole), at least its minimum.
  const auto width_of = [keep_identity](const Candidate& k, int cap) {
    if (keep_identity && k.rank == 0) return k.natural;
    return std::max(k.minimum, std::min(k.natural, cap));
  };
  const auto total = [&kept, &width_of](int cap) {
    int sum = 0;
    for (const Candidate& k : kept) sum += width_of(k, cap);
    return sum;
  };
  // The largest cap that fits; the columns cut to it share what is left
  // over, one column each, leftmost first.
  int low = 0;
  int high = 0;
  for (const Candidate& k : kept) high = std::max(high, k.natural);
  while (low < high) {
    const int mid = (low + high + 1) / 2;
    if (total(mid) <= budget) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  int spare = budget - total(low);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    int w = width_of(kept[i], low);
    if (spare > 0 && w < kept[i].natural) {
      ++w;
      --spare;
    }
    fitted.widths[i] = w;
  }
  return fitted;
}

}  // namespace concert::cli
