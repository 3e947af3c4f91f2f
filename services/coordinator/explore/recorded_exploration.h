// Explorations held with their record: the record exists from the start
// (RUNNING), so an exploration cut short by a crash leaves a trace that the
// next coordinator marks INTERRUPTED; it ends COMPLETE with the result and
// its consensus graph, or FAILED. The service calls this and only streams
// progress and the result.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_RECORDED_EXPLORATION_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_RECORDED_EXPLORATION_H_

#include <string>

#include "absl/status/statusor.h"
#include "concert/v1/explore.pb.h"
#include "services/coordinator/core/recorded_session.h"
#include "services/coordinator/core/vote_source.h"
#include "services/coordinator/explore/explorer.h"

namespace concert::coordinator {

// Explores `input` as Explore does and records it as `exploration_id` in
// `record.store` (null: no record). A recorded exploration always keeps its
// consensus graph, so that the record alone answers which orders reach
// consensus; the returned result carries the graph only when
// options.include_graph asks for it. The result's exploration_id is set.
// Errors: Explore's (recorded FAILED: over budget, cancelled or a party
// unreachable are answers, not faults of the coordinator); UNAVAILABLE when
// the RUNNING record cannot be written (nothing is explored then) or the
// finished one cannot.
absl::StatusOr<v1::Exploration> RunRecordedExploration(
    const std::string& exploration_id, const ExploreInput& input,
    ExploreOptions options, VoteSource& source, const RecordOptions& record,
    const ProgressFn& progress);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_RECORDED_EXPLORATION_H_
