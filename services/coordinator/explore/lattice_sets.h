// The sets the lattice walk reached, one node id each, in level order (node
// 0 is the empty set), so that every edge of the consensus graph goes from a
// lower id to a higher one. Eight bytes a node: votes are used as they
// arrive and not kept (veto power is walked alongside, veto_worlds.h).
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_LATTICE_SETS_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_LATTICE_SETS_H_

#include <cstdint>
#include <vector>

#include "services/common/draft_index.h"

namespace concert::coordinator {

class LatticeSets {
 public:
  static constexpr std::uint64_t kBytesPerNode = sizeof(ProposalSet);

  // Adds `set` as the next node; returns its id.
  std::uint32_t Add(ProposalSet set) {
    sets_.push_back(set);
    return size() - 1;
  }
  std::uint32_t size() const {
    return static_cast<std::uint32_t>(sets_.size());
  }
  ProposalSet set(std::uint32_t node) const { return sets_[node]; }
  std::uint64_t bytes() const { return sets_.capacity() * kBytesPerNode; }

 private:
  std::vector<ProposalSet> sets_;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_LATTICE_SETS_H_
