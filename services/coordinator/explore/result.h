// Small helpers that turn the explorer's findings into v1::Exploration
// fields, shared by the strategies so that they report alike.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_RESULT_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_RESULT_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "concert/v1/explore.pb.h"
#include "services/common/draft_index.h"
#include "services/coordinator/explore/count.h"

namespace concert::coordinator {

// A sequence of proposal indices as ids, with its SUPPORT votes.
v1::Sequence MakeSequence(const DraftIndex& index,
                          std::span<const int> proposals, std::int64_t support);

// Lists dead ends (sets from which every candidate fails): the largest sets
// first, then by set mask ascending, at most `max` of them, each with its
// failing candidates; dead_end_count counts them all.
void FillDeadEnds(const DraftIndex& index, std::vector<ProposalSet> sets,
                  int max, v1::Exploration* out);

// veto_power: one entry per party, in scenario order.
void FillVetoPower(std::span<const std::string> party_ids,
                   std::span<const Count> without, v1::Exploration* out);

// The 95% Wilson score interval of `successes` out of `n` (0..1 when n = 0).
struct Interval {
  double low = 0;
  double high = 1;
};
Interval WilsonInterval(std::uint64_t successes, std::uint64_t n);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_RESULT_H_
