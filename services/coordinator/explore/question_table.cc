#include "services/coordinator/explore/question_table.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/shape_cache.h"

namespace concert::coordinator {

absl::StatusOr<QuestionTable> QuestionTable::Build(
    const DraftIndex& index, std::uint64_t max_questions) {
  QuestionTable table;
  table.proposals_ = index.size();
  table.set_ids_ = SetNumbers(index.size());
  // Room for a small draft's every question at once: a vector grown by
  // doubling past malloc's mmap threshold maps, copies and unmaps at every
  // step, which cost more than the walk itself (1.2 ms against 0.3 ms for
  // 24,576 questions).
  const auto expected = static_cast<std::size_t>(
      std::min<std::uint64_t>(max_questions, kReservedQuestions));
  table.questions_.reserve(expected);
  table.targets_.reserve(expected);
  // One question past the limit tells that there are more; the walk stops
  // there, so a huge lattice costs no more than the limit.
  const std::uint64_t limit =
      max_questions == ~std::uint64_t{0} ? max_questions : max_questions + 1;
  const std::uint64_t walked = WalkLattice(
      index, limit,
      [&table](const LatticeQuestion& q) {
        // A set's questions are contiguous, and sets come in number order.
        while (table.first_question_.size() <= q.set_number) {
          table.first_question_.push_back(table.questions_.size());
        }
        Question& question = table.questions_.emplace_back();
        question.adopted = q.set;
        question.proposal = static_cast<std::uint32_t>(q.proposal);
        table.targets_.push_back(q.target_number);
      },
      &table.set_ids_, &table.sets_);
  if (walked > max_questions) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the draft's admissible questions pass ", max_questions,
                     " (at ", table.sets_.size(), " sets and counting)"));
  }
  // Sets without questions (the full set, dead ends of strict stages) close
  // the index: one entry per set, and one past the last.
  while (table.first_question_.size() <= table.sets_.size()) {
    table.first_question_.push_back(table.questions_.size());
  }
  table.candidates_.assign(table.sets_.size(), 0);
  for (std::uint32_t set = 0; set < table.sets_.size(); ++set) {
    for (std::uint64_t q = table.first_question_[set];
         q < table.first_question_[set + 1]; ++q) {
      table.candidates_[set] |=
          Bit(static_cast<int>(table.questions_[q].proposal));
    }
  }
  table.full_ = table.Find(index.all());
  return table;
}

namespace {

// What is kept of a shape: its table, or that it has more questions than
// `passes`.
struct KeptTable {
  std::shared_ptr<const QuestionTable> table;
  std::uint64_t passes = 0;
};

absl::Status TooMany(std::uint64_t max_questions) {
  return absl::ResourceExhaustedError(
      absl::StrCat("the draft's admissible questions pass ", max_questions));
}

// A few tables of up to max_questions (32,768 by default: ~1.2 MiB each).
ShapeCache<KeptTable>& Kept() {
  static ShapeCache<KeptTable> kept(/*capacity=*/4);
  return kept;
}

}  // namespace

bool QuestionTable::IsKept(const DraftIndex& index,
                           std::uint64_t max_questions) {
  const std::shared_ptr<const KeptTable> k = Kept().Find(index.Shape());
  return k != nullptr && (k->table != nullptr || max_questions <= k->passes);
}

absl::StatusOr<std::shared_ptr<const QuestionTable>> QuestionTable::Shared(
    const DraftIndex& index, std::uint64_t max_questions) {
  ShapeCache<KeptTable>& kept = Kept();
  const std::vector<std::uint64_t> shape = index.Shape();
  if (std::shared_ptr<const KeptTable> k = kept.Find(shape)) {
    if (k->table != nullptr) {
      if (k->table->size() <= max_questions) return k->table;
      return TooMany(max_questions);
    }
    if (max_questions <= k->passes) return TooMany(max_questions);
  }
  absl::StatusOr<QuestionTable> built = Build(index, max_questions);
  auto k = std::make_shared<KeptTable>();
  if (absl::IsResourceExhausted(built.status())) {
    k->passes = max_questions;
    kept.Insert(shape, k);
    return built.status();
  }
  if (!built.ok()) return built.status();
  k->table = std::make_shared<const QuestionTable>(*std::move(built));
  kept.Insert(shape, k);
  return k->table;
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
