#include "services/common/lattice_order.h"

#include <bit>
#include <optional>

#include "absl/strings/str_cat.h"

namespace concert {

SetNumbers::SetNumbers(int proposals) {
  if (proposals <= kDenseProposals) {
    dense_.assign(std::size_t{1} << proposals, kNone);
  }
}

std::pair<std::uint32_t, bool> SetNumbers::Insert(ProposalSet set,
                                                  std::uint32_t number) {
  if (!dense_.empty()) {
    std::uint32_t& slot = dense_[set];
    if (slot != kNone) return {slot, false};
    slot = number;
    return {number, true};
  }
  auto [it, added] = sparse_.emplace(set, number);
  return {it->second, added};
}

std::uint64_t WalkLattice(const DraftIndex& index, std::uint64_t limit,
                          absl::FunctionRef<void(const LatticeQuestion&)> visit,
                          SetNumbers* numbers, std::vector<ProposalSet>* sets) {
  std::optional<SetNumbers> own;
  if (numbers == nullptr) numbers = &own.emplace(index.size());
  std::vector<ProposalSet> own_sets;
  if (sets == nullptr) sets = &own_sets;
  sets->assign(1, ProposalSet{0});
  numbers->Insert(0, 0);
  LatticeQuestion q;
  // sets grows while it is walked: the breadth-first queue is the order.
  for (std::size_t k = 0; k < sets->size() && q.index < limit; ++k) {
    q.set = (*sets)[k];
    q.set_number = static_cast<std::uint32_t>(k);
    for (ProposalSet rest = index.Candidates(q.set);
         rest != 0 && q.index < limit; rest &= rest - 1) {
      q.proposal = std::countr_zero(rest);
      const ProposalSet after = q.set | Bit(q.proposal);
      auto [number, added] =
          numbers->Insert(after, static_cast<std::uint32_t>(sets->size()));
      if (added) sets->push_back(after);
      q.target_number = number;
      visit(q);
      ++q.index;
    }
  }
  return q.index;
}

absl::Status WalkLatticeRange(
    const DraftIndex& index, std::uint64_t first, std::uint64_t count,
    absl::FunctionRef<void(std::uint64_t k, ProposalSet set, int proposal)>
        answer) {
  if (count == 0 || first > kMaxLatticeWalk ||
      count > kMaxLatticeWalk - first) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a lattice range of ", count, " question(s) from question ", first,
        " is empty or ends past question ", kMaxLatticeWalk,
        ", the furthest this party walks; ask by set instead"));
  }
  const std::uint64_t end = first + count;
  const std::uint64_t walked =
      WalkLattice(index, end, [&](const LatticeQuestion& q) {
        if (q.index >= first) answer(q.index - first, q.set, q.proposal);
      });
  if (walked < end) {
    return absl::OutOfRangeError(absl::StrCat("lattice range [", first, ", ",
                                              end, ") ends past the draft's ",
                                              walked, " lattice questions"));
  }
  return absl::OkStatus();
}

}  // namespace concert
