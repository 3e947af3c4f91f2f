#include "services/coordinator/compare/recorded_comparison.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/coordinator/records/record_store.h"

namespace concert::coordinator {
namespace {

// ABORTED: the comparison's record could not be written (a full disk, an
// I/O error).
absl::Status Unrecorded(const std::string& id, const absl::Status& s) {
  return absl::AbortedError(
      absl::StrCat("comparison ", id, " could not be recorded: ", s.message(),
                   "; free space (or fix the error) and run it again"));
}

}  // namespace

absl::StatusOr<v1::Comparison> RunRecordedComparison(
    const std::string& comparison_id, const v1::Scenario& scenario,
    const v1::CompareRequest& request, const CompareOptions& options,
    VoteSource& source, const RecordOptions& record,
    const CompareProgressFn& progress) {
  RecordStore* store = record.store;
  if (store != nullptr) {
    ComparisonRecord r;
    r.set_id(comparison_id);
    *r.mutable_scenario() = scenario;
    *r.mutable_request() = request;
    r.set_coordinator_version(record.coordinator_version);
    if (absl::Status s = store->BeginComparison(r); !s.ok()) {
      return Unrecorded(comparison_id, s);
    }
  }
  absl::StatusOr<v1::Comparison> result =
      Compare(scenario, request, source, options, progress);
  if (!result.ok()) {
    if (store != nullptr) {
      // The comparison's own error is the answer; should recording it fail
      // too, the record stays RUNNING and the next coordinator marks it
      // INTERRUPTED.
      (void)store->FailComparison(comparison_id,
                                  std::string(result.status().message()));
    }
    return result.status();
  }
  result->set_comparison_id(comparison_id);
  if (store != nullptr) {
    if (absl::Status s = store->FinishComparison(comparison_id, *result);
        !s.ok()) {
      // The RUNNING record must not outlive this run: FAILED, with why (a
      // short write that may still fit; should it not, the owner mechanism
      // of records/owner.h hands the record to the next process to open
      // the database).
      (void)store->FailComparison(
          comparison_id, absl::StrCat("could not be recorded: ", s.message()));
      return Unrecorded(comparison_id, s);
    }
  }
  return result;
}

}  // namespace concert::coordinator
