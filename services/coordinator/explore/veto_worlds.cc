#include "services/coordinator/explore/veto_worlds.h"

#include <algorithm>
#include <utility>

namespace concert::coordinator {

VetoWorlds::VetoWorlds(const ExploreContext& context)
    : context_(context), parties_(context.parties()) {}

void VetoWorlds::Passed(std::size_t node, std::size_t to) {
  if (delta_.empty()) return;  // every world counts as consensus here
  const std::size_t from = node * parties_;
  for (int w = 0; w < parties_; ++w) {
    if (delta_[from + w] == 0) continue;
    const std::size_t at = to * parties_ + w;
    if (next_delta_.size() <= at) next_delta_.resize((to + 1) * parties_);
    next_delta_[at] += delta_[from + w];
  }
}

void VetoWorlds::Failed(std::size_t node, const Count& count, ProposalSet child,
                        int p, std::span<const std::uint8_t> votes) {
  for (int w = 0; w < parties_; ++w) {
    if (votes[w] != v1::VOTE_OBJECT || !context_.Passes(votes, p, w)) continue;
    auto [at, added] = next_relaxed_.try_emplace(
        child, static_cast<std::uint32_t>(next_relaxed_.size()));
    if (added)
      next_relaxed_counts_.resize(next_relaxed_counts_.size() + parties_);
    Count& into = next_relaxed_counts_[std::size_t{at->second} * parties_ + w];
    into += count;
    if (!delta_.empty()) into += delta_[node * parties_ + w];
  }
}

void VetoWorlds::FromRelaxed(std::size_t r, ProposalSet child, int p,
                             std::span<const std::uint8_t> votes, bool plain) {
  const std::size_t from = r * parties_;
  for (int w = 0; w < parties_; ++w) {
    if (relaxed_counts_[from + w] == 0) continue;
    const bool passes =
        votes[w] == v1::VOTE_OBJECT ? context_.Passes(votes, p, w) : plain;
    if (!passes) continue;
    auto [at, added] = next_relaxed_.try_emplace(
        child, static_cast<std::uint32_t>(next_relaxed_.size()));
    if (added)
      next_relaxed_counts_.resize(next_relaxed_counts_.size() + parties_);
    next_relaxed_counts_[std::size_t{at->second} * parties_ + w] +=
        relaxed_counts_[from + w];
  }
}

void VetoWorlds::NextLevel(
    const absl::flat_hash_map<ProposalSet, std::uint32_t>& next,
    std::uint32_t end, std::size_t next_nodes) {
  delta_ = std::move(next_delta_);
  next_delta_ = {};
  if (!delta_.empty()) delta_.resize(next_nodes * parties_);
  // A relaxed set that consensus reached too is a consensus node: what the
  // worlds brought there is its delta. The rest are the next relaxed sets.
  std::vector<std::pair<ProposalSet, std::uint32_t>> relaxed;
  for (const auto& [set, index] : next_relaxed_) {
    auto node = next.find(set);
    if (node == next.end()) {
      relaxed.emplace_back(set, index);
      continue;
    }
    if (delta_.empty()) delta_.resize(next_nodes * parties_);
    const std::size_t to = std::size_t{node->second - end} * parties_;
    for (int w = 0; w < parties_; ++w) {
      delta_[to + w] += next_relaxed_counts_[std::size_t{index} * parties_ + w];
    }
  }
  std::sort(relaxed.begin(), relaxed.end());
  relaxed_.clear();
  relaxed_counts_.clear();
  relaxed_counts_.reserve(relaxed.size() * parties_);
  for (const auto& [set, index] : relaxed) {
    relaxed_.push_back(set);
    for (int w = 0; w < parties_; ++w) {
      relaxed_counts_.push_back(
          std::move(next_relaxed_counts_[std::size_t{index} * parties_ + w]));
    }
  }
  next_relaxed_.clear();
  next_relaxed_counts_.clear();
}

std::vector<Count> VetoWorlds::AtFullSet(ProposalSet all, int full_node,
                                         const Count& consensus) const {
  std::vector<Count> out(parties_, Count(0));
  if (full_node >= 0) {
    for (int w = 0; w < parties_; ++w) {
      out[w] = consensus;
      if (!delta_.empty())
        out[w] += delta_[std::size_t(full_node) * parties_ + w];
    }
    return out;
  }
  auto it = std::lower_bound(relaxed_.begin(), relaxed_.end(), all);
  if (it == relaxed_.end() || *it != all) return out;
  const std::size_t r = static_cast<std::size_t>(it - relaxed_.begin());
  for (int w = 0; w < parties_; ++w) out[w] = relaxed_counts_[r * parties_ + w];
  return out;
}

std::uint64_t VetoWorlds::bytes() const {
  // A Count of a few words: its object and, past 128 bits, its limbs.
  constexpr std::uint64_t kCount = sizeof(Count);
  return (delta_.capacity() + relaxed_counts_.capacity() +
          next_delta_.capacity() + next_relaxed_counts_.capacity()) *
             kCount +
         (relaxed_.capacity() + next_relaxed_.capacity()) *
             (sizeof(ProposalSet) + 8);
}

}  // namespace concert::coordinator
