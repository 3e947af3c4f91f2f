// Every question an exploration of a draft could ever ask: each set of
// proposals that admissible steps reach (votes aside), with its candidates.
//
// A level's questions depend on the level before, so a lattice walk costs a
// round trip per level — unless every question is known in advance. For a
// small draft (strict stages, or few free proposals) the admissible sets are
// few, and asking them all at once costs one round trip in all: the
// prefetching vote source and the comparison's robustness study both start
// here. The table is dense: the questions in the draft's lattice order
// (services/common/lattice_order.h) — sets in level order, each with its
// candidates in increasing proposal order — so a question is one index, and
// a party that walks that order itself can be asked a range of it.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_QUESTION_TABLE_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_QUESTION_TABLE_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/status/statusor.h"
#include "services/common/draft_index.h"
#include "services/common/lattice_order.h"
#include "services/coordinator/core/vote_source.h"

namespace concert::coordinator {

class QuestionTable {
 public:
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};

  // Walks the admissible sets of `index` from the empty set. Fails with
  // RESOURCE_EXHAUSTED, before holding more, when the questions would pass
  // `max_questions` (the caller then walks the lattice level by level).
  static absl::StatusOr<QuestionTable> Build(const DraftIndex& index,
                                             std::uint64_t max_questions);

  // Build's table, kept for the whole process for recent draft shapes
  // (services/common/shape_cache.h): a robustness study explores one draft
  // once per sample, and its table is the same each time. Also keeps that a
  // shape's table passes a limit, so a draft too big to ask ahead is found
  // so without walking max_questions again.
  static absl::StatusOr<std::shared_ptr<const QuestionTable>> Shared(
      const DraftIndex& index, std::uint64_t max_questions);
  // Whether Shared would answer for `index` from what it keeps, without
  // walking the lattice.
  static bool IsKept(const DraftIndex& index, std::uint64_t max_questions);

  // Admissible sets, in level order (the empty set first); the full set,
  // when admissible, is last and has no questions.
  const std::vector<ProposalSet>& sets() const { return sets_; }
  // Position of a set in sets(), or kNone when no admissible order reaches it.
  std::uint32_t Find(ProposalSet set) const { return set_ids_.Find(set); }
  // Questions of set i: [first_question(i), first_question(i + 1)).
  std::uint64_t first_question(std::uint32_t set) const {
    return first_question_[set];
  }
  // The candidates set i has questions about.
  ProposalSet candidates(std::uint32_t set) const { return candidates_[set]; }
  // The question of set i about proposal p (a candidate of the set), or
  // kNoQuestion.
  static constexpr std::uint64_t kNoQuestion = ~std::uint64_t{0};
  std::uint64_t QuestionOf(std::uint32_t set, int proposal) const;

  // Position in sets() of the set question q leads to (its set plus its
  // proposal). Lists the questions on first use, as questions() does.
  std::uint32_t target(std::uint64_t q) const { return List().targets[q]; }

  // Every question, set by set: what one Ask of everything sends. Listed
  // on first use (thread-safe), not by Build: a lattice ask whose parties
  // all walk the order names the questions by range and never needs the
  // list (LatticePrefix, core/vote_source.h).
  const std::vector<Question>& questions() const { return List().questions; }
  std::uint64_t size() const { return size_; }
  // The table as a lattice ask names it: size() questions, listed only
  // when some party must be sent each one. Valid while the table lives.
  LatticePrefix prefix() const;
  // Whether the full set of proposals is admissible at all.
  bool full_admissible() const { return full_ != kNone; }
  std::uint32_t full() const { return full_; }
  int proposals() const { return proposals_; }

 private:
  // The questions and their targets, listed from sets_ and candidates_ on
  // first use.
  struct Listed {
    absl::once_flag once;
    std::vector<Question> questions;
    std::vector<std::uint32_t> targets;
  };
  const Listed& List() const;

  int proposals_ = 0;
  std::vector<ProposalSet> sets_;
  SetNumbers set_ids_{0};
  // sets_.size() + 1 entries.
  std::vector<std::uint64_t> first_question_;
  std::vector<ProposalSet> candidates_;  // one per set
  std::uint64_t size_ = 0;
  std::unique_ptr<Listed> listed_ = std::make_unique<Listed>();
  std::uint32_t full_ = kNone;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_QUESTION_TABLE_H_
