#include "services/common/lattice_order.h"

#include <algorithm>
#include <bit>
#include <optional>

#include "absl/strings/str_cat.h"
#include "services/common/shape_cache.h"

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

namespace {

// The walk itself, set by set: `per_set(first, set, set_number, taken)` for
// each set in number order, where `taken` are its candidates within the
// limit (all but a last set's tail), questions [first, first +
// popcount(taken)). Their successors are numbered before the call.
template <typename PerSet>
std::uint64_t WalkSets(const DraftIndex& index, std::uint64_t limit,
                       SetNumbers& numbers, std::vector<ProposalSet>& sets,
                       PerSet per_set) {
  sets.assign(1, ProposalSet{0});
  numbers.Insert(0, 0);
  std::uint64_t next = 0;
  // sets grows while it is walked: the breadth-first queue is the order.
  for (std::size_t k = 0; k < sets.size() && next < limit; ++k) {
    const ProposalSet set = sets[k];
    ProposalSet taken = index.Candidates(set);
    while (static_cast<std::uint64_t>(std::popcount(taken)) > limit - next) {
      taken &= ~(ProposalSet{1} << (63 - std::countl_zero(taken)));
    }
    for (ProposalSet rest = taken; rest != 0; rest &= rest - 1) {
      const ProposalSet after = set | Bit(std::countr_zero(rest));
      if (numbers.Insert(after, static_cast<std::uint32_t>(sets.size()))
              .second) {
        sets.push_back(after);
      }
    }
    per_set(next, set, static_cast<std::uint32_t>(k), taken);
    next += std::popcount(taken);
  }
  return next;
}

}  // namespace

std::uint64_t WalkLattice(const DraftIndex& index, std::uint64_t limit,
                          absl::FunctionRef<void(const LatticeQuestion&)> visit,
                          SetNumbers* numbers, std::vector<ProposalSet>* sets) {
  std::optional<SetNumbers> own;
  if (numbers == nullptr) numbers = &own.emplace(index.size());
  std::vector<ProposalSet> own_sets;
  if (sets == nullptr) sets = &own_sets;
  return WalkSets(index, limit, *numbers, *sets,
                  [&](std::uint64_t first, ProposalSet set,
                      std::uint32_t set_number, ProposalSet taken) {
                    LatticeQuestion q;
                    q.index = first;
                    q.set = set;
                    q.set_number = set_number;
                    for (ProposalSet rest = taken; rest != 0;
                         rest &= rest - 1) {
                      q.proposal = std::countr_zero(rest);
                      q.target_number = numbers->Find(set | Bit(q.proposal));
                      visit(q);
                      ++q.index;
                    }
                  });
}

LatticeRuns LatticeRuns::Walk(const DraftIndex& index, std::uint64_t end) {
  LatticeRuns runs;
  SetNumbers numbers(index.size());
  std::vector<ProposalSet> sets;
  runs.questions_ = WalkSets(index, end, numbers, sets,
                             [&runs](std::uint64_t at, ProposalSet set,
                                     std::uint32_t, ProposalSet taken) {
                               if (taken != 0)
                                 runs.runs_.push_back({at, set, taken});
                             });
  runs.complete_ = runs.questions_ < end;
  return runs;
}

std::shared_ptr<const LatticeRuns> LatticeRuns::Of(const DraftIndex& index,
                                                   std::uint64_t end) {
  static ShapeCache<LatticeRuns> kept(/*capacity=*/8);
  if (end > kMaxKeptQuestions) {
    return std::make_shared<const LatticeRuns>(Walk(index, end));
  }
  const std::vector<std::uint64_t> shape = index.Shape();
  std::shared_ptr<const LatticeRuns> runs = kept.Find(shape);
  if (runs != nullptr && (runs->complete() || runs->questions() >= end)) {
    return runs;
  }
  // Walked a little further than asked (a power of two, 4096 at least), so
  // that an ask's batches, each ending further than the last, walk the
  // order a few times in all rather than once per batch.
  const std::uint64_t walk = std::min(
      kMaxKeptQuestions, std::bit_ceil(std::max<std::uint64_t>(end, 4096)));
  runs = std::make_shared<const LatticeRuns>(Walk(index, walk));
  kept.Insert(shape, runs);
  return runs;
}

absl::Status WalkLatticeRange(
    const DraftIndex& index, std::uint64_t first, std::uint64_t count,
    absl::FunctionRef<void(std::uint64_t k, ProposalSet set,
                           ProposalSet proposals)>
        answer) {
  if (count == 0 || first > kMaxLatticeWalk ||
      count > kMaxLatticeWalk - first) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a lattice range of ", count, " question(s) from question ", first,
        " is empty or ends past question ", kMaxLatticeWalk,
        ", the furthest this party walks; ask by set instead"));
  }
  const std::uint64_t end = first + count;
  const std::shared_ptr<const LatticeRuns> runs = LatticeRuns::Of(index, end);
  const std::vector<LatticeRun>& all = runs->runs();
  // The run holding question `first`: the last one starting at or before it.
  auto it = std::upper_bound(
      all.begin(), all.end(), first,
      [](std::uint64_t q, const LatticeRun& run) { return q < run.first; });
  if (it != all.begin()) --it;
  for (; it != all.end() && it->first < end; ++it) {
    std::uint64_t at = it->first;
    ProposalSet taken = it->candidates;
    // Drop the candidates before the range's first question and after its
    // last.
    for (; at < first && taken != 0; ++at) taken &= taken - 1;
    const std::uint64_t past = at + std::popcount(taken);
    for (std::uint64_t q = past; q > end; --q) {
      taken &= ~(ProposalSet{1} << (63 - std::countl_zero(taken)));
    }
    if (taken != 0) answer(at - first, it->set, taken);
  }
  const std::uint64_t walked = std::min(runs->questions(), end);
  if (walked < end) {
    return absl::OutOfRangeError(absl::StrCat("lattice range [", first, ", ",
                                              end, ") ends past the draft's ",
                                              walked, " lattice questions"));
  }
  return absl::OkStatus();
}

}  // namespace concert
