// The lattice order of a draft's questions: every (adopted set, candidate)
// pair reachable from the empty set, in one order that the coordinator and
// every party can compute alone from the tabled draft. A coordinator that
// asks a small draft's every question then sends a range of this order (a
// few bytes) instead of each question (about ten bytes a question, per
// party), and a party answers the range by walking the order itself
// (EvaluateBatch.lattice_first / lattice_count in party.proto).
//
// The order: number the empty set 0; take the sets in number order; for
// each, its candidates (DraftIndex::Candidates) in increasing index; each
// candidate p is the next question (set, p), and set + p takes the next
// number if it has none yet. That is a breadth-first walk, so the sets come
// level by level (by size) and a set's successors all come after it.
#ifndef CONCERT_SERVICES_COMMON_LATTICE_ORDER_H_
#define CONCERT_SERVICES_COMMON_LATTICE_ORDER_H_

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "services/common/draft_index.h"

namespace concert {

// Numbers of sets of one draft's proposals. Dense (one word per possible
// set) for drafts of up to kDenseProposals proposals — a lookup is an array
// read, which is what the lattice walk and the coordinator's answers ahead
// do per question — and a hash map beyond, where only the sets numbered
// take memory.
class SetNumbers {
 public:
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};
  static constexpr int kDenseProposals = 16;  // 256 KiB of numbers at most

  explicit SetNumbers(int proposals);

  // The number of `set`, or kNone.
  std::uint32_t Find(ProposalSet set) const {
    if (!dense_.empty()) return dense_[set];
    auto it = sparse_.find(set);
    return it == sparse_.end() ? kNone : it->second;
  }
  // Gives `set` the number `number` unless it has one; returns the set's
  // number and whether it was given now.
  std::pair<std::uint32_t, bool> Insert(ProposalSet set, std::uint32_t number);

 private:
  std::vector<std::uint32_t> dense_;
  absl::flat_hash_map<ProposalSet, std::uint32_t> sparse_;
};

// One question of the lattice order.
struct LatticeQuestion {
  std::uint64_t index = 0;  // position in the order
  ProposalSet set = 0;
  int proposal = 0;
  std::uint32_t set_number = 0;     // number of `set`
  std::uint32_t target_number = 0;  // number of set + proposal
};

// Calls `visit` for the first `limit` questions of `index`'s lattice order,
// in order (all of them when there are fewer), and returns how many it
// visited. `numbers`, when given, must be empty and receives the numbers of
// the sets reached; `sets`, when given, the sets in number order.
std::uint64_t WalkLattice(const DraftIndex& index, std::uint64_t limit,
                          absl::FunctionRef<void(const LatticeQuestion&)> visit,
                          SetNumbers* numbers = nullptr,
                          std::vector<ProposalSet>* sets = nullptr);

// The furthest into the lattice order a party walks for a range: a range
// ending past it is refused (a party that declares answers_lattice is
// asked by range only up to here), so a range costs a party at most this
// many steps of the walk.
inline constexpr std::uint64_t kMaxLatticeWalk = std::uint64_t{1} << 20;

// The lattice order as runs: each set in number order with its candidates
// and the position of its first question. A party asked several ranges of
// one draft's order — the batches of one ask, and a robustness study's
// every sample, each a new tabling (and digest) of the same draft — finds
// a range's runs by a binary search instead of walking the order from the
// start for each range.
struct LatticeRun {
  std::uint64_t first = 0;  // position of the run's first question
  ProposalSet set = 0;
  ProposalSet candidates = 0;  // those of its questions this walk reached
};

class LatticeRuns {
 public:
  // Runs past this many questions are walked for each range and not kept:
  // they would hold megabytes for one caller.
  static constexpr std::uint64_t kMaxKeptQuestions = std::uint64_t{1} << 17;

  // The runs of `index`'s order covering at least its questions [0, end)
  // (all of them when the order is shorter). Recent draft shapes' runs are
  // kept for the whole process (services/common/shape_cache.h) and walked
  // further, by doubling, when a range ends past them. Requires
  // end <= kMaxLatticeWalk.
  static std::shared_ptr<const LatticeRuns> Of(const DraftIndex& index,
                                               std::uint64_t end);
  // Walks the runs of questions [0, end), keeping nothing.
  static LatticeRuns Walk(const DraftIndex& index, std::uint64_t end);

  const std::vector<LatticeRun>& runs() const { return runs_; }
  // Questions the runs cover: [0, questions()).
  std::uint64_t questions() const { return questions_; }
  // Whether they are the whole order (it has questions() questions).
  bool complete() const { return complete_; }

 private:
  std::vector<LatticeRun> runs_;
  std::uint64_t questions_ = 0;
  bool complete_ = false;
};

// Walks to questions [first, first + count) of the lattice order and calls
// `answer(k, set, proposals)` for each run of them about one set: the
// range's questions k, k + 1, ... ask about `set` and the proposals of
// `proposals` in increasing index (a run never spans two sets, so a party
// can compute a set's state once for all its candidates).
// INVALID_ARGUMENT, before any call, for an empty range or one ending past
// kMaxLatticeWalk; OUT_OF_RANGE (after the calls for the questions that
// exist) when the lattice ends first. The messages say which range and why,
// for the asker's log.
absl::Status WalkLatticeRange(
    const DraftIndex& index, std::uint64_t first, std::uint64_t count,
    absl::FunctionRef<void(std::uint64_t k, ProposalSet set,
                           ProposalSet proposals)>
        answer);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_LATTICE_ORDER_H_
