#include "services/coordinator/explore/question_table.h"

#include <bit>
#include <utility>

#include "absl/strings/str_cat.h"

namespace concert::coordinator {

absl::StatusOr<QuestionTable> QuestionTable::Build(
    const DraftIndex& index, std::uint64_t max_questions) {
  QuestionTable table;
  table.proposals_ = index.size();
  std::vector<ProposalSet> level = {0};
  table.set_ids_.emplace(ProposalSet{0}, 0);
  table.sets_.push_back(0);
  // Level by level, so that sets() is in level order and a set's successors
  // all come after it.
  while (!level.empty()) {
    std::vector<ProposalSet> next;
    for (ProposalSet set : level) {
      const std::uint32_t id = table.set_ids_.at(set);
      if (table.first_question_.size() != id) {
        return absl::InternalError("question table out of order");
      }
      table.first_question_.push_back(table.questions_.size());
      const ProposalSet candidates = index.Candidates(set);
      if (table.questions_.size() + std::popcount(candidates) > max_questions) {
        return absl::ResourceExhaustedError(absl::StrCat(
            "the draft's admissible questions pass ", max_questions, " (at ",
            table.sets_.size(), " sets and counting)"));
      }
      for (ProposalSet rest = candidates; rest != 0; rest &= rest - 1) {
        const int p = std::countr_zero(rest);
        Question& q = table.questions_.emplace_back();
        q.adopted = set;
        q.proposal = static_cast<std::uint32_t>(p);
        const ProposalSet after = set | Bit(p);
        auto [it, added] = table.set_ids_.emplace(
            after, static_cast<std::uint32_t>(table.sets_.size()));
        if (added) {
          table.sets_.push_back(after);
          next.push_back(after);
        }
        table.targets_.push_back(it->second);
      }
    }
    level = std::move(next);
  }
  table.first_question_.push_back(table.questions_.size());
  table.full_ = table.Find(index.all());
  return table;
}

std::uint64_t QuestionTable::QuestionOf(std::uint32_t set, int proposal) const {
  const ProposalSet adopted = sets_[set];
  for (std::uint64_t q = first_question_[set]; q < first_question_[set + 1];
       ++q) {
    if (questions_[q].proposal == static_cast<std::uint32_t>(proposal)) {
      return adopted == questions_[q].adopted ? q : kNoQuestion;
    }
  }
  return kNoQuestion;
}

}  // namespace concert::coordinator
