#include "services/coordinator/compare/vote_columns.h"

#include <algorithm>
#include <bit>

#include "absl/strings/str_cat.h"

namespace concert::coordinator {

absl::Status FetchColumns(VoteSource& source, const TableContext& context,
                          const QuestionTable& table, std::uint64_t parties,
                          std::vector<VoteColumn>* columns) {
  if (absl::Status s = source.Table(context); !s.ok()) return s;
  return AskColumns(source, table, parties, columns);
}

absl::Status AskColumns(VoteSource& source, const QuestionTable& table,
                        std::uint64_t parties,
                        std::vector<VoteColumn>* columns) {
  std::vector<PartyAnswers> answers;
  // The table is the lattice order: a party that walks it itself is asked
  // a range, not each question.
  if (absl::Status s = source.AskLattice(table.prefix(), parties, &answers);
      !s.ok()) {
    return s;
  }
  columns->resize(source.party_count());
  for (int i = 0; i < source.party_count(); ++i) {
    if (((parties >> i) & 1u) == 0) continue;
    const PartyAnswers& a = answers[i];
    if (!a.answered || a.votes.size() != table.size()) {
      return absl::UnavailableError(absl::StrCat(
          source.party_id(i),
          " did not answer: ", a.error.empty() ? "no votes" : a.error));
    }
    (*columns)[i] = a.votes;
  }
  return absl::OkStatus();
}

Reach ReachOf(const QuestionTable& table, const ForumContext& forum,
              std::span<const std::uint8_t* const> columns) {
  const std::size_t parties = columns.size();
  std::vector<char> reached(table.sets().size(), 0);
  std::vector<std::uint8_t> votes(parties);
  Reach reach;
  reached[0] = 1;
  // Sets are in level order, so every set's predecessors come before it.
  for (std::uint32_t s = 0; s < table.sets().size(); ++s) {
    if (!reached[s]) continue;
    reach.largest = std::max(reach.largest, std::popcount(table.sets()[s]));
    for (std::uint64_t q = table.first_question(s);
         q < table.first_question(s + 1); ++q) {
      const std::uint32_t target = table.target(q);
      if (reached[target]) continue;
      for (std::size_t i = 0; i < parties; ++i) {
        votes[i] = columns[i] == nullptr ? 0 : columns[i][q];
      }
      const int proposal = static_cast<int>(table.questions()[q].proposal);
      if (forum.rule.Passes(votes, forum.scopes[proposal])) {
        reached[target] = 1;
      }
    }
  }
  reach.full = table.full_admissible() && reached[table.full()];
  return reach;
}

std::vector<const std::uint8_t*> ColumnPointers(
    const std::vector<VoteColumn>& columns, std::uint64_t absent) {
  std::vector<const std::uint8_t*> out(columns.size(), nullptr);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (((absent >> i) & 1u) == 0 && !columns[i].empty()) {
      out[i] = columns[i].data();
    }
  }
  return out;
}

}  // namespace concert::coordinator
