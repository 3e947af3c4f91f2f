// Which proposals fail, where, and whose objections stand behind the
// failures — tallied over the questions of reachable states, then ranked into
// v1::BlockerStat. Rationales are not collected during the walk (that would
// ask for details millions of times): Finish() asks each objecting party for
// one representative question per proposal, in one small detailed Ask per
// party.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_BLOCKERS_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_BLOCKERS_H_

#include <cstdint>
#include <span>
#include <vector>

#include "concert/v1/explore.pb.h"
#include "services/common/draft_index.h"
#include "services/coordinator/explore/context.h"

namespace concert::coordinator {

class BlockerTally {
 public:
  BlockerTally(int proposals, int parties);

  // One question put in a reachable state: `proposal` tabled once `adopted`
  // is adopted (in the order `history`, when the order matters), with every
  // party's vote. A failing question counts a failure of the proposal and
  // one objection of each party that voted OBJECT; the first such question
  // per (proposal, party) is kept as the representative.
  void Add(ProposalSet adopted, int proposal, bool passes,
           std::span<const std::uint8_t> votes,
           std::span<const std::uint32_t> history = {});

  // Proposals that failed at least once, most failures first (ties: draft
  // order); their objections most frequent first (ties: party order), each
  // with the rationale of its representative question (or a note saying why
  // it is missing, when the party did not answer the detailed request).
  std::vector<v1::BlockerStat> Finish(ExploreContext& context);

 private:
  struct Representative {
    bool set = false;
    ProposalSet adopted = 0;
    std::vector<std::uint32_t> history;
  };

  int proposals_;
  int parties_;
  std::vector<std::uint64_t> tabled_;
  std::vector<std::uint64_t> failures_;
  // [proposal * parties + party]
  std::vector<std::uint64_t> objections_;
  std::vector<Representative> representatives_;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_BLOCKERS_H_
