// Comparisons held with their record: the record exists from the start
// (RUNNING), so a comparison cut short by a crash leaves a trace that the
// next coordinator marks INTERRUPTED; it ends COMPLETE with the result or
// FAILED with the error. The service calls this and only streams progress
// and the result.
#ifndef CONCERT_SERVICES_COORDINATOR_COMPARE_RECORDED_COMPARISON_H_
#define CONCERT_SERVICES_COORDINATOR_COMPARE_RECORDED_COMPARISON_H_

#include <string>

#include "absl/status/statusor.h"
#include "concert/v1/compare.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/coordinator/compare/compare.h"
#include "services/coordinator/core/recorded_session.h"
#include "services/coordinator/core/vote_source.h"

namespace concert::coordinator {

// Compares as Compare does and records it as `comparison_id` in
// `record.store` (null: no record); the result's comparison_id is set.
// Errors: Compare's (recorded FAILED); UNAVAILABLE when the RUNNING record
// cannot be written (nothing is compared then) or the finished one cannot.
absl::StatusOr<v1::Comparison> RunRecordedComparison(
    const std::string& comparison_id, const v1::Scenario& scenario,
    const v1::CompareRequest& request, const CompareOptions& options,
    VoteSource& source, const RecordOptions& record,
    const CompareProgressFn& progress);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_COMPARE_RECORDED_COMPARISON_H_
