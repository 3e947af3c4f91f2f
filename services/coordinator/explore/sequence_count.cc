#include "services/coordinator/explore/sequence_count.h"

#include <bit>
#include <numeric>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace concert::coordinator {
namespace {

// Groups the proposals of `block` by prerequisite links inside it.
std::vector<ProposalSet> Components(const DraftIndex& index,
                                    ProposalSet block) {
  const int n = index.size();
  std::vector<int> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (ProposalSet rest = block; rest != 0; rest &= rest - 1) {
    const int i = std::countr_zero(rest);
    for (ProposalSet r = index.requires_of(i) & block; r != 0; r &= r - 1) {
      parent[find(std::countr_zero(r))] = find(i);
    }
  }
  std::vector<ProposalSet> by_root(n, 0);
  for (ProposalSet rest = block; rest != 0; rest &= rest - 1) {
    const int i = std::countr_zero(rest);
    by_root[find(i)] |= Bit(i);
  }
  std::vector<ProposalSet> out;
  for (ProposalSet m : by_root) {
    if (m != 0) out.push_back(m);
  }
  return out;
}

}  // namespace

absl::StatusOr<SequenceCounter> SequenceCounter::Build(
    const DraftIndex& index, std::uint64_t max_states) {
  SequenceCounter counter;
  counter.strict_ = index.strict();
  std::vector<ProposalSet> blocks;
  if (index.strict()) {
    for (int s = 0; s < index.stage_count(); ++s) {
      if (index.stage_members(s) != 0) blocks.push_back(index.stage_members(s));
    }
  } else if (index.all() != 0) {
    blocks.push_back(index.all());
  }
  ProposalSet later = 0;
  for (ProposalSet b : blocks) later |= b;

  counter.admissible_ = 1;
  for (ProposalSet members : blocks) {
    later &= ~members;
    Block block;
    block.members = members;
    int total = 0;
    Count product = 1;
    Count denominator = 1;
    for (ProposalSet m : Components(index, members)) {
      Component c;
      c.members = m;
      absl::Status status =
          CountComponent(index, members, index.strict() ? later : 0, max_states,
                         &counter.states_, &c);
      if (!status.ok()) return status;
      total += std::popcount(m);
      denominator *= Factorial(std::popcount(m));
      product *= c.completions[0];
      block.components.push_back(std::move(c));
    }
    block.full = Factorial(total) / denominator * product;
    counter.place_.resize(index.size());
    for (std::size_t c = 0; c < block.components.size(); ++c) {
      for (ProposalSet m = block.components[c].members; m != 0; m &= m - 1) {
        counter.place_[std::countr_zero(m)] = {
            static_cast<int>(counter.blocks_.size()), static_cast<int>(c)};
      }
    }
    counter.admissible_ *= block.full;
    counter.blocks_.push_back(std::move(block));
  }
  return counter;
}

absl::Status SequenceCounter::CountComponent(
    const DraftIndex& index, ProposalSet block, ProposalSet later,
    std::uint64_t max_states, std::uint64_t* states, Component* c) {
  const ProposalSet members = c->members;
  // Proposals of the component that may follow `ideal`: prerequisites in
  // earlier strict stages are met, in later ones never.
  auto candidates = [&](ProposalSet ideal) {
    ProposalSet out = 0;
    for (ProposalSet rest = members & ~ideal; rest != 0; rest &= rest - 1) {
      const int i = std::countr_zero(rest);
      const ProposalSet r = index.requires_of(i);
      if ((r & later) == 0 && (r & block & ~ideal) == 0) out |= Bit(i);
    }
    return out;
  };

  std::vector<std::vector<ProposalSet>> levels{{0}};
  c->completions.emplace(0, 0);
  ++*states;
  while (!levels.back().empty()) {
    std::vector<ProposalSet> next;
    for (ProposalSet ideal : levels.back()) {
      for (ProposalSet cand = candidates(ideal); cand != 0; cand &= cand - 1) {
        const ProposalSet to = ideal | (cand & -cand);
        if (!c->completions.try_emplace(to, 0).second) continue;
        next.push_back(to);
        if (++*states > max_states) {
          return absl::ResourceExhaustedError(absl::StrCat(
              "the budget would be exceeded by counting the admissible orders: "
              "the draft's groups of proposals linked by prerequisites have "
              "more than ",
              max_states, " adoptable subsets in all (max_states ", max_states,
              "); raise the budget (--max-states)"));
        }
      }
    }
    levels.push_back(std::move(next));
  }
  // Completions, from the largest ideals down.
  for (auto level = levels.rbegin(); level != levels.rend(); ++level) {
    for (ProposalSet ideal : *level) {
      Count sum = ideal == members ? 1 : 0;
      for (ProposalSet cand = candidates(ideal); cand != 0; cand &= cand - 1) {
        sum += c->completions.find(ideal | (cand & -cand))->second;
      }
      c->completions[ideal] = std::move(sum);
    }
  }
  return absl::OkStatus();
}

Count SequenceCounter::BlockCompletions(const Block& block,
                                        ProposalSet adopted) const {
  int remaining = 0;
  Count product = 1;
  Count denominator = 1;
  for (const Component& c : block.components) {
    const ProposalSet ideal = adopted & c.members;
    auto it = c.completions.find(ideal);
    if (it == c.completions.end() || it->second == 0) return 0;
    product *= it->second;
    const int r = std::popcount(c.members & ~adopted);
    remaining += r;
    denominator *= Factorial(r);
  }
  return Factorial(remaining) / denominator * product;
}

double SequenceCounter::StepWeight(ProposalSet adopted, int proposal) const {
  const auto [b, c] = place_[proposal];
  const Component& component = blocks_[b].components[c];
  const ProposalSet ideal = adopted & component.members;
  auto from = component.completions.find(ideal);
  auto to = component.completions.find(ideal | Bit(proposal));
  if (from == component.completions.end() ||
      to == component.completions.end() || from->second == 0) {
    return 0;
  }
  const int remaining = std::popcount(component.members & ~adopted);
  return remaining * CountRatio(to->second, from->second);
}

Count SequenceCounter::Completions(ProposalSet adopted) const {
  Count total = 1;
  bool current_seen = false;
  for (const Block& block : blocks_) {
    if ((block.members & ~adopted) == 0) {
      // Done — unless a strict stage is complete after an unfinished one.
      if (strict_ && current_seen) return 0;
      continue;
    }
    if (strict_ && current_seen) {
      // A later strict stage: nothing of it may be adopted yet.
      if ((block.members & adopted) != 0) return 0;
      total *= block.full;
      continue;
    }
    current_seen = true;
    total *= BlockCompletions(block, adopted);
    if (total == 0) return 0;
  }
  return total;
}

absl::StatusOr<Count> CountAdmissibleByLattice(const DraftIndex& index,
                                               std::uint64_t max_states) {
  absl::flat_hash_map<ProposalSet, Count> level{{0, Count(1)}};
  std::uint64_t states = 1;
  for (int k = 0; k < index.size(); ++k) {
    absl::flat_hash_map<ProposalSet, Count> next;
    for (const auto& [set, count] : level) {
      for (ProposalSet c = index.Candidates(set); c != 0; c &= c - 1) {
        auto [it, added] = next.try_emplace(set | (c & -c), 0);
        it->second += count;
        if (added && ++states > max_states) {
          return absl::ResourceExhaustedError(
              absl::StrCat("the lattice of adoptable sets has more than ",
                           max_states, " sets"));
        }
      }
    }
    level = std::move(next);
  }
  auto full = level.find(index.all());
  return full == level.end() ? Count(0) : full->second;
}

}  // namespace concert::coordinator
