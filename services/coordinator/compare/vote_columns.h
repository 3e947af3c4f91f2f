// Every party's votes on every admissible question of a draft, asked in one
// Ask: the material of a comparison. Once a forum's votes are in columns,
// every decision rule, every perturbed party and every concession is decided
// here without asking again — only the parties whose model changed are
// asked anew.
#ifndef CONCERT_SERVICES_COORDINATOR_COMPARE_VOTE_COLUMNS_H_
#define CONCERT_SERVICES_COORDINATOR_COMPARE_VOTE_COLUMNS_H_

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "services/coordinator/core/forum_context.h"
#include "services/coordinator/core/vote_source.h"
#include "services/coordinator/explore/question_table.h"

namespace concert::coordinator {

// One party's votes: a v1::Vote value per question of a QuestionTable, in
// question order.
using VoteColumn = std::vector<std::uint8_t>;

// Asks the parties of `parties` (a mask over party indices) every question
// of `table` in one Ask of `source` (tabled by the caller), writing party
// i's votes to (*columns)[i] (resized to the source's party count; other
// parties' columns are left as they are). UNAVAILABLE naming the party when
// one of them does not answer.
absl::Status AskColumns(VoteSource& source, const QuestionTable& table,
                        std::uint64_t parties,
                        std::vector<VoteColumn>* columns);

// Table, then AskColumns.
absl::Status FetchColumns(VoteSource& source, const TableContext& context,
                          const QuestionTable& table, std::uint64_t parties,
                          std::vector<VoteColumn>* columns);

// What the forum can reach when its parties vote as `columns` say
// (columns[i] is party i's column; nullptr or an empty span reads as absent).
struct Reach {
  // Whether some order adopts every proposal, each step passing the rule.
  bool full = false;
  // The size of the largest set some passing order adopts.
  int largest = 0;
};
Reach ReachOf(const QuestionTable& table, const ForumContext& forum,
              std::span<const std::uint8_t* const> columns);

// Column pointers for ReachOf: party i reads `columns[i]` unless i is in
// `absent` (then nullptr).
std::vector<const std::uint8_t*> ColumnPointers(
    const std::vector<VoteColumn>& columns, std::uint64_t absent);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_COMPARE_VOTE_COLUMNS_H_
