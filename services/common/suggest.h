// "Did you mean ...?": the one place that decides which known name a
// mistyped one was meant to be — for subcommands and flags of every program,
// and for field and enum value names in scenario, draft and profile files.
#ifndef CONCERT_SERVICES_COMMON_SUGGEST_H_
#define CONCERT_SERVICES_COMMON_SUGGEST_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace concert {

// Edits (insert, delete, substitute, swap two neighbours) turning `a` into
// `b`, ignoring case and counting '-' and '_' as the same character:
// "rnu" is 1 from "run", "--varient" 1 from "--variant".
int EditDistance(absl::string_view a, absl::string_view b);

// The fewest edits turning `word` into some stretch of `name` (the rest of
// `name` free): "requires" is 2 from "prerequisites" (its "requis").
int EditDistanceToPart(absl::string_view word, absl::string_view name);

// The candidate `word` was most likely meant to be, or "" when none is close
// enough. Close enough: at most one edit in four of the word's length (at
// least one) from the whole candidate, or — for a word of five or more
// characters — from a stretch of a longer candidate. A candidate equal to
// `word` is never suggested. Ties go to the earlier candidate.
std::string Nearest(absl::string_view word,
                    const std::vector<std::string>& candidates);

// "; did you mean 'NAME'?" for Nearest(word, candidates), else "".
std::string DidYouMean(absl::string_view word,
                       const std::vector<std::string>& candidates);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_SUGGEST_H_
