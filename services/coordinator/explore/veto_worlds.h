// Veto power counted by the lattice walk itself. For each party, the
// consensus sequences there would be if its OBJECT votes counted as ABSTAIN
// — "its world" — walked side by side with consensus, level by level.
//
// Setting an objection aside never makes a step fail (every rule is
// monotone in that), so a world reaches every set consensus reaches, and
// more: the "relaxed" sets, reached only once some party's objection is set
// aside. A world's count is kept as a delta over the consensus count on the
// consensus sets (zero until a path through a relaxed set rejoins them),
// and in full on the relaxed sets. The relaxed sets' questions go out with
// the walk's own ask of their level: over gRPC, a separate re-walk asked
// once per level of its own, a round trip each; now it asks nothing.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_VETO_WORLDS_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_VETO_WORLDS_H_

#include <cstdint>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "services/coordinator/explore/context.h"
#include "services/coordinator/explore/count.h"

namespace concert::coordinator {

class VetoWorlds {
 public:
  // One world per party of `context`.
  explicit VetoWorlds(const ExploreContext& context);

  // This level's relaxed sets, in set order (their questions are asked
  // after the level's consensus nodes').
  const std::vector<ProposalSet>& relaxed() const { return relaxed_; }

  // A step from the level's consensus node `node` (0-based in the level)
  // that passed into the next level's consensus node `to` (0-based).
  void Passed(std::size_t node, std::size_t to);
  // A step from consensus node `node` (consensus count `count`) on
  // proposal `p` into `child` that failed: the worlds whose party objected
  // and, set aside, lets it pass reach `child`.
  void Failed(std::size_t node, const Count& count, ProposalSet child, int p,
              std::span<const std::uint8_t> votes);
  // A step from relaxed set `r` (index into relaxed()) into `child`;
  // `plain` is its outcome under the rule as it is.
  void FromRelaxed(std::size_t r, ProposalSet child, int p,
                   std::span<const std::uint8_t> votes, bool plain);

  // Moves to the next level. `next` maps the next level's consensus sets
  // to their ids; the id minus `end` is a node's 0-based place, of
  // `next_nodes`.
  void NextLevel(const absl::flat_hash_map<ProposalSet, std::uint32_t>& next,
                 std::uint32_t end, std::size_t next_nodes);

  // At the last level: each party's count at the full set `all`, which is
  // consensus node `full_node` (count `consensus`) or, when full_node < 0,
  // reached by no consensus path.
  std::vector<Count> AtFullSet(ProposalSet all, int full_node,
                               const Count& consensus) const;

  // Memory held, roughly (for the walk's budget).
  std::uint64_t bytes() const;

 private:
  const ExploreContext& context_;
  const int parties_;
  // This level: deltas over consensus per node x party (empty: all zero),
  // and the relaxed sets with their counts per set x party.
  std::vector<Count> delta_;
  std::vector<ProposalSet> relaxed_;
  std::vector<Count> relaxed_counts_;
  // The next level, as it is found.
  std::vector<Count> next_delta_;
  absl::flat_hash_map<ProposalSet, std::uint32_t> next_relaxed_;
  std::vector<Count> next_relaxed_counts_;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_VETO_WORLDS_H_
