// The one-line outcome shown for a record in listings, computed when the
// record is written (and by the schema migration for older rows).
#ifndef CONCERT_SERVICES_COORDINATOR_RECORDS_OUTCOME_H_
#define CONCERT_SERVICES_COORDINATOR_RECORDS_OUTCOME_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/compare.pb.h"
#include "concert/v1/explore.pb.h"
#include "concert/v1/session.pb.h"
#include "services/coordinator/records/types.h"

namespace concert::coordinator {

// The record status for a summary's outcome; INVALID_ARGUMENT for
// OUTCOME_UNSPECIFIED.
absl::StatusOr<v1::RecordStatus> StatusOfSummary(
    const v1::SessionSummary& summary);

// e.g. "consensus: all 12 proposals adopted in 15 rounds",
// "deadlock: 8 of 12 adopted; blocked: P3 (DPRK, CHN), P9 (JPN)",
// "suspended: 5 of 12 adopted; unreachable: DPRK",
// "interrupted after 7 rounds: 5 of 12 adopted".
// `proposals` is the draft's size (0 when unknown).
std::string SessionOutcomeLine(const v1::SessionSummary& summary,
                               int proposals);

// e.g. "full charter reachable: 12 of 40 sequences reach consensus (30.0%)",
// "full charter out of reach: largest adoptable set 7 of 12",
// "estimated consensus share 31.2% (95% CI 28.1-34.5%) from 1000 samples";
// "running"/"failed"/"interrupted" for those statuses.
std::string ExplorationOutcomeLine(const v1::Exploration& result,
                                   v1::RecordStatus status, int proposals);

// What a comparison compared and how it came out, e.g.
// "3 drafts x 4 variants x 2 rules; full charter reachable in 5 of 24 rows",
// with ", 2 what-ifs" after the rules and "; 1 row failed" at the end when
// there are; the dimensions are counted from `request` (no variants: the
// baseline; no rules: the scenario's), the rows from `result`. "running",
// "interrupted", and "failed: " with the first line of `error` (cut to 100
// characters) for those statuses.
std::string ComparisonOutcomeLine(const v1::CompareRequest& request,
                                  const v1::Comparison& result,
                                  v1::RecordStatus status,
                                  absl::string_view error);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RECORDS_OUTCOME_H_
