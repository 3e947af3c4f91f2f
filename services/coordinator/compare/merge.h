// Combining the shards of one robustness study into the study's result,
// exactly: samples are independent and each shard ran a disjoint slice of
// them (robustness.h), so counts add up and the shares and intervals are
// recomputed from the sums — the merge of shards 1/3, 2/3 and 3/3 equals
// the unsharded run.
#ifndef CONCERT_SERVICES_COORDINATOR_COMPARE_MERGE_H_
#define CONCERT_SERVICES_COORDINATOR_COMPARE_MERGE_H_

#include <span>

#include "absl/status/statusor.h"
#include "concert/v1/compare.pb.h"

namespace concert::coordinator {

// Merges `parts` (at least one). INVALID_ARGUMENT when they belong to
// different studies (study_sha256), a shard appears twice, or their shard
// counts differ; FAILED_PRECONDITION when their rows disagree on anything
// but robustness (the parties changed between the shards' runs). The
// result holds every shard of the parts, in order; shards missing from a
// study are not an error — Comparison.shards says which are in.
absl::StatusOr<v1::Comparison> MergeComparisons(
    std::span<const v1::Comparison> parts);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_COMPARE_MERGE_H_
