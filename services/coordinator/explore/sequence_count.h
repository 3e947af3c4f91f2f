// Counting the admissible orders of a draft — its sequences, whatever the
// votes — and the admissible completions of any adopted set, which give the
// weights for sampling orders uniformly.
//
// The count is the number of linear extensions of the prerequisite order
// under the stage rule, computed without walking the whole lattice of the
// draft: under STRICT stage order the stages are adopted one after another,
// so the count is the product of per-stage counts; within a stage (or the
// whole draft under FREE), proposals not linked by prerequisites interleave
// freely, so the count of independent components c of sizes n_c is
//   (sum n_c)! / prod(n_c!) * prod count(c),
// and only each component's lattice of ideals (its sets closed under
// prerequisites) is walked. 25 independent proposals thus cost 25 states,
// not 2^25; four strict stages of ten chained proposals cost 44.
// A component whose prerequisites can never be met (a cycle, or a
// prerequisite in a later strict stage) counts 0, as the lattice walk would.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_SEQUENCE_COUNT_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_SEQUENCE_COUNT_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "services/common/draft_index.h"
#include "services/coordinator/explore/count.h"

namespace concert::coordinator {

class SequenceCounter {
 public:
  // Factorizes the draft and counts each component's lattice of ideals.
  // RESOURCE_EXHAUSTED when the components hold more than `max_states`
  // ideals in all (a single component of 30 loosely linked proposals can).
  static absl::StatusOr<SequenceCounter> Build(const DraftIndex& index,
                                               std::uint64_t max_states);

  // Admissible orders of the whole draft.
  const Count& admissible() const { return admissible_; }

  // Admissible orders of the proposals not in `adopted`, once `adopted` is
  // adopted: how many sequences continue from it. 0 when `adopted` cannot
  // be reached by admissible steps, 1 for the full set.
  Count Completions(ProposalSet adopted) const;

  // A weight proportional to Completions(adopted | {proposal}) among the
  // candidates of `adopted` (which `proposal` must be one of): drawing the
  // next proposal by these weights draws orders uniformly. Cheaper than
  // Completions: within a block, component c is next with probability
  // r_c / R (its share of the remaining proposals), and inside c by c's own
  // completion counts.
  double StepWeight(ProposalSet adopted, int proposal) const;

  // Ideals counted over all components (the work done).
  std::uint64_t states() const { return states_; }

 private:
  struct Component {
    ProposalSet members = 0;
    // Completions within the component from each reachable ideal.
    absl::flat_hash_map<ProposalSet, Count> completions;
  };
  struct Block {
    ProposalSet members = 0;
    std::vector<Component> components;
    Count full;  // admissible orders of the block alone
  };

  static absl::Status CountComponent(const DraftIndex& index, ProposalSet block,
                                     ProposalSet later,
                                     std::uint64_t max_states,
                                     std::uint64_t* states, Component* c);
  Count BlockCompletions(const Block& block, ProposalSet adopted) const;

  bool strict_ = true;
  std::vector<Block> blocks_;
  // Per proposal: its block and component.
  std::vector<std::pair<int, int>> place_;
  Count admissible_;
  std::uint64_t states_ = 0;
};

// The admissible orders counted the plain way: a walk over the whole
// lattice of adoptable sets with DraftIndex::Candidates, propagating path
// counts level by level. Exponential; for cross-checks in tests.
// RESOURCE_EXHAUSTED past `max_states` sets.
absl::StatusOr<Count> CountAdmissibleByLattice(const DraftIndex& index,
                                               std::uint64_t max_states);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_SEQUENCE_COUNT_H_
