// Robustness under uncertain preferences: how often the full charter stays
// reachable when every party's model is perturbed — by the party itself,
// from a seed and a spread the coordinator hands it with Table, so the
// coordinator never sees a model (party.proto, Perturbation).
//
// Sample k of a study with seed s tables the draft with the study's
// perturbation (StudyPerturbation: the request's per-component sizes, or
// its spread) seeded SampleSeed(s, k); every party answers the draft's
// admissible questions once (one Ask), and the outcome under every decision
// rule is decided from those columns. A party's sensitivity counts the samples
// in which its perturbed column alone, the others voting as unperturbed,
// changes whether the full charter is reachable. Samples are independent,
// so shard i of n (1-based) runs the samples k with k % n == i - 1 and the
// shards' counts add up exactly (merge.h).
#ifndef CONCERT_SERVICES_COORDINATOR_COMPARE_ROBUSTNESS_H_
#define CONCERT_SERVICES_COORDINATOR_COMPARE_ROBUSTNESS_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "concert/v1/compare.pb.h"
#include "concert/v1/party.pb.h"
#include "services/coordinator/compare/vote_columns.h"
#include "services/coordinator/core/forum_context.h"
#include "services/coordinator/core/vote_source.h"
#include "services/coordinator/explore/question_table.h"

namespace concert::coordinator {

// The seed handed to the parties for sample k of a study seeded `seed`:
// splitmix64 of seed + k * golden ratio, so neighbouring samples and
// neighbouring study seeds draw unrelated perturbations.
std::uint64_t SampleSeed(std::uint64_t seed, std::uint64_t k);

// Whether sample k belongs to `shard` (every sample when count <= 1).
bool InShard(std::uint64_t k, const v1::Shard& shard);

// One robustness study of one draft under one variant. Pointers must
// outlive the call.
struct RobustnessInput {
  VoteSource* source = nullptr;
  const QuestionTable* table = nullptr;
  // The draft, variant and initial state (no perturbation, no overlays).
  TableContext context;
  // One forum per decision rule compared (same parties present in all).
  std::vector<const ForumContext*> forums;
  // Every present party's unperturbed column.
  const std::vector<VoteColumn>* baseline = nullptr;
  std::uint64_t samples = 0;
  std::uint64_t seed = 0;
  // The sizes every sample tables (its seed is replaced per sample).
  v1::Perturbation perturbation;
  v1::Shard shard;
};

// Called after each sample with the samples done; returning false cancels
// (CANCELLED).
using SampleTick = std::function<bool(std::uint64_t done)>;

// Runs this shard's samples; one v1::Robustness per forum, in order, with
// counts, share, Wilson 95% interval and every present party's sensitivity
// (scenario order). UNAVAILABLE when a party fails to answer a sample.
absl::StatusOr<std::vector<v1::Robustness>> RunRobustness(
    const RobustnessInput& input, const SampleTick& tick = nullptr);

// Fills share, interval and sensitivity shares from the counts (used after
// a merge adds counts up).
void FinishRobustness(v1::Robustness* robustness);

// The number of samples of `samples` that fall in `shard`.
std::uint64_t SamplesInShard(std::uint64_t samples, const v1::Shard& shard);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_COMPARE_ROBUSTNESS_H_
