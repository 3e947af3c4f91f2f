#include "services/common/suggest.h"

#include <algorithm>
#include <cstddef>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace concert {
namespace {

char Fold(char c) { return c == '_' ? '-' : absl::ascii_tolower(c); }

bool Same(char a, char b) { return Fold(a) == Fold(b); }

// Optimal string alignment over rows of `word` and columns of `name`. With
// `free_ends`, the alignment may start and end anywhere in `name`.
int Distance(absl::string_view word, absl::string_view name, bool free_ends) {
  const std::size_t n = word.size();
  const std::size_t m = name.size();
  // Three rows: two back for a swap of neighbours.
  std::vector<int> before(m + 1);
  std::vector<int> last(m + 1);
  std::vector<int> row(m + 1);
  for (std::size_t j = 0; j <= m; ++j)
    last[j] = free_ends ? 0 : static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= m; ++j) {
      const int substitute =
          last[j - 1] + (Same(word[i - 1], name[j - 1]) ? 0 : 1);
      int best = std::min({last[j] + 1, row[j - 1] + 1, substitute});
      if (i > 1 && j > 1 && Same(word[i - 1], name[j - 2]) &&
          Same(word[i - 2], name[j - 1])) {
        best = std::min(best, before[j - 2] + 1);
      }
      row[j] = best;
    }
    std::swap(before, last);
    std::swap(last, row);
  }
  if (!free_ends) return last[m];
  return *std::min_element(last.begin(), last.end());
}

}  // namespace

int EditDistance(absl::string_view a, absl::string_view b) {
  return Distance(a, b, /*free_ends=*/false);
}

int EditDistanceToPart(absl::string_view word, absl::string_view name) {
  return Distance(word, name, /*free_ends=*/true);
}

std::string Nearest(absl::string_view word,
                    const std::vector<std::string>& candidates) {
  const int allowed = std::max<int>(1, static_cast<int>(word.size()) / 4);
  int best = std::numeric_limits<int>::max();
  const std::string* found = nullptr;
  for (const std::string& candidate : candidates) {
    int d = EditDistance(word, candidate);
    if (d == 0) continue;  // the word itself, or it differs only in case
    if (word.size() >= 5 && candidate.size() > word.size()) {
      d = std::min(d, EditDistanceToPart(word, candidate));
    }
    if (d <= allowed && d < best) {
      best = d;
      found = &candidate;
    }
  }
  return found == nullptr ? "" : *found;
}

std::string DidYouMean(absl::string_view word,
                       const std::vector<std::string>& candidates) {
  const std::string nearest = Nearest(word, candidates);
  if (nearest.empty()) return "";
  return absl::StrCat("; did you mean '", nearest, "'?");
}

}  // namespace concert
