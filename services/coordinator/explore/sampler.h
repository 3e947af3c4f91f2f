// The sampling strategy, for parties with HISTORY memory (whose votes may
// depend on the order of adoption, not only on the set, so that the lattice
// walk's merging of orders is wrong) — or whenever the caller asks for it.
//
// Orders are drawn uniformly among the admissible ones: from a set S, the
// next proposal p is drawn with probability completions(S|p) /
// completions(S), the admissible counts of SequenceCounter (computed
// through SequenceCounter::StepWeight). Every sampled
// order is then put to the parties step by step; step k of all samples goes
// in one batch, each distinct question once: HISTORY parties are asked per
// (order so far, proposal) with `history` set, SET parties per (set,
// proposal). The consensus share is estimated with its 95% Wilson score
// interval.
//
// Fields: strategy "sample"; admissible_sequences exact; estimate filled;
// consensus_sequences and consensus_share are the estimates;
// full_charter_reachable is true when a sampled order reached consensus
// (false means none of the samples did); best_sequence and largest_adoptable
// are the best among the samples; blockers count the sampled steps up to
// each order's first failure; veto_power is estimated from the same samples
// (each order is evaluated to its end); states_explored counts sampled steps
// put to the parties. dead_ends and graph stay empty: a sample cannot tell
// that every candidate of a set fails.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_SAMPLER_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_SAMPLER_H_

#include <cstdint>
#include <random>
#include <vector>

#include "absl/status/status.h"
#include "concert/v1/explore.pb.h"
#include "services/coordinator/explore/context.h"
#include "services/coordinator/explore/sequence_count.h"

namespace concert::coordinator {

// Draws one admissible order uniformly at random (empty when the draft has
// none).
std::vector<std::uint32_t> SampleOrder(const DraftIndex& index,
                                       const SequenceCounter& counter,
                                       std::mt19937_64& random);

// Runs the sampling strategy with options.samples and options.seed; fills
// the fields above.
absl::Status ExploreBySampling(ExploreContext& context,
                               const SequenceCounter& counter,
                               v1::Exploration* out);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_SAMPLER_H_
