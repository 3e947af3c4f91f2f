#include "services/coordinator/explore/question_table.h"

#include <algorithm>
#include <bit>
#include <span>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/shape_cache.h"

namespace concert::coordinator {

absl::StatusOr<QuestionTable> QuestionTable::Build(
    const DraftIndex& index, std::uint64_t max_questions) {
  QuestionTable table;
  table.proposals_ = index.size();
  table.set_ids_ = SetNumbers(index.size());
  // One question past the limit tells that there are more; the walk stops
  // there, so a huge lattice costs no more than the limit.
  const std::uint64_t limit =
      max_questions == ~std::uint64_t{0} ? max_questions : max_questions + 1;
  // A set's questions are contiguous, sets come in number order, and a
  // set's candidates in increasing index: a set's first question and its
  // candidates say where each of its questions is.
  const std::uint64_t walked = WalkLattice(
      index, limit,
      [&table](const LatticeQuestion& q) {
        while (table.first_question_.size() <= q.set_number) {
          table.first_question_.push_back(q.index);
          table.candidates_.push_back(0);
        }
        table.candidates_[q.set_number] |= Bit(q.proposal);
      },
      &table.set_ids_, &table.sets_);
  if (walked > max_questions) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the draft's admissible questions pass ", max_questions,
                     " (at ", table.sets_.size(), " sets and counting)"));
  }
  table.size_ = walked;
  // Sets without questions (the full set, dead ends of strict stages) close
  // the index: one entry per set, and one past the last.
  while (table.first_question_.size() <= table.sets_.size()) {
    table.first_question_.push_back(walked);
  }
  table.candidates_.resize(table.sets_.size(), 0);
  table.full_ = table.Find(index.all());
  return table;
}

const QuestionTable::Listed& QuestionTable::List() const {
  Listed& listed = *listed_;
  absl::call_once(listed.once, [this, &listed] {
    listed.questions.reserve(size_);
    listed.targets.reserve(size_);
    for (std::uint32_t set = 0; set < sets_.size(); ++set) {
      for (ProposalSet c = candidates_[set]; c != 0; c &= c - 1) {
        const int p = std::countr_zero(c);
        listed.questions.emplace_back(sets_[set],
                                      static_cast<std::uint32_t>(p));
        listed.targets.push_back(set_ids_.Find(sets_[set] | Bit(p)));
      }
    }
  });
  return listed;
}

LatticePrefix QuestionTable::prefix() const {
  return LatticePrefix(
      size_, [this] { return std::span<const Question>(questions()); });
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
  const ProposalSet mask = candidates_[set];
  const ProposalSet bit = Bit(proposal);
  if ((mask & bit) == 0) return kNoQuestion;
  return first_question_[set] + std::popcount(mask & (bit - 1));
}

}  // namespace concert::coordinator
