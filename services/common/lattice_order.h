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
